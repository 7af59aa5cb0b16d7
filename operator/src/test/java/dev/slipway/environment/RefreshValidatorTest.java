package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The refresh's OpenSearch entries: names, domains, indices and the repository role. */
class RefreshValidatorTest {

  @Test
  void anOpenSearchRefreshAloneIsValid() {
    assertThat(problems(spec(search("search", "stg-search")))).isEmpty();
  }

  @Test
  void namesAreUniqueAcrossKindsAndADomainIsRefreshedOnce() {
    StagingEnvironmentSpec s = spec(search("main", "stg-a"), search("other", "stg-a"));
    RefreshSpec.Aurora aurora = new RefreshSpec.Aurora();
    aurora.name = "main";
    aurora.source = new RefreshSpec.AuroraSource();
    aurora.source.snapshotArn =
        "arn:aws:rds:ap-northeast-1:111111111111:cluster-snapshot:prod-nightly";
    aurora.target = new RefreshSpec.AuroraTarget();
    aurora.target.clusterIdentifier = "stg-main";
    s.refresh.aurora = List.of(aurora);
    assertThat(problems(s))
        .containsExactlyInAnyOrder(
            "refresh.opensearch[1].domain: refreshed twice; one entry per domain (combine the"
                + " indices)",
            "refresh.opensearch[0].name: required and unique");
  }

  @Test
  void systemIndicesReservedRepositoriesAndForeignRolesAreRefused() {
    RefreshSpec.OpenSearch o = search("search", "stg-search");
    o.indices = "orders,.kibana*";
    o.repository.name = "cs-automated-enc";
    o.repository.roleArn = "arn:aws:iam::111111111111:role/prod-snapshots";
    assertThat(problems(spec(o)))
        .anySatisfy(p -> assertThat(p).contains(".indices: orders,.kibana* names system indices"))
        .anySatisfy(p -> assertThat(p).contains("is reserved by OpenSearch Service"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(".repository.roleArn: in account 111111111111")
                    .contains("environment's account 123456789012"));
  }

  @Test
  void aRefreshWithNoDatastoreIsRefused() {
    StagingEnvironmentSpec s = spec();
    assertThat(problems(s))
        .containsExactly(
            "refresh: at least one datastore (aurora, elasticache or opensearch) is needed");
  }

  @Test
  void deletingAtNightNeedsNightsAndSomethingTheRefreshReCreates() {
    StagingEnvironmentSpec s = spec(search("search", "stg-search"));
    s.refresh.deleteWhenAsleep = true;
    assertThat(problems(s))
        .containsExactly(
            "refresh.deleteWhenAsleep: needs a schedule with awake windows; without one the"
                + " environment never sleeps",
            "refresh.deleteWhenAsleep: deletes Aurora clusters and ElastiCache groups, and this"
                + " refresh has none (OpenSearch domains are kept)");
    s.schedule = new dev.slipway.api.v1alpha1.ScheduleSpec();
    s.schedule.alwaysAwake = true;
    assertThat(problems(s)).hasSize(2);
    s.refresh.deleteWhenAsleep = false;
    assertThat(problems(s)).isEmpty();
  }

  private static List<String> problems(StagingEnvironmentSpec spec) {
    List<String> out = new ArrayList<>();
    RefreshValidator.check(spec, out);
    return out;
  }

  private static StagingEnvironmentSpec spec(RefreshSpec.OpenSearch... entries) {
    StagingEnvironmentSpec s = BranchReleaseRendererTest.shared();
    s.refresh = new RefreshSpec();
    s.refresh.opensearch = List.of(entries);
    return s;
  }

  private static RefreshSpec.OpenSearch search(String name, String domain) {
    RefreshSpec.OpenSearch o = new RefreshSpec.OpenSearch();
    o.name = name;
    o.domain = domain;
    o.repository = new RefreshSpec.SnapshotRepository();
    o.repository.name = "production";
    o.repository.bucket = "prod-search-snapshots";
    o.repository.roleArn = "arn:aws:iam::123456789012:role/staging-search-snapshots";
    return o;
  }
}
