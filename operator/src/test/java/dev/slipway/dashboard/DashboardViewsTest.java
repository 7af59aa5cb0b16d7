package dev.slipway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.dashboard.Views.EnvironmentRow;
import dev.slipway.dashboard.Views.ReleaseRow;
import dev.slipway.dashboard.Views.Tone;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardViewsTest {
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @Test
  void aReadyBranchEnvironmentShowsBranchLinkTagExpiryAndWhereItComesFrom() {
    StagingEnvironment env = branch("shop-qa-foo", "uid-1", "qa/foo", "v42");
    env.setStatus(status(StagingEnvironmentStatus.Phase.Ready, "http://lb.example.com:10000"));
    env.getStatus().expiresAt = NOW.plus(Duration.ofDays(3)).toString();

    EnvironmentRow row = only(DashboardViews.environments(List.of(env), List.of(), NOW));

    assertThat(row.kind()).isEqualTo("branch");
    assertThat(row.branch()).isEqualTo("qa/foo");
    assertThat(row.from()).isEqualTo("shop");
    assertThat(row.imageTag()).isEqualTo("v42");
    assertThat(row.url().href()).isEqualTo("http://lb.example.com:10000");
    assertThat(row.phase().tone()).isEqualTo(Tone.ok);
    assertThat(row.expires().relative()).isEqualTo("in 3 days");
    assertThat(row.expires().at()).isEqualTo("2025-03-04T12:00:00Z");
    assertThat(row.lastResult()).isNull();
  }

  @Test
  void aScriptUrlIsShownAsTextButNeverBecomesALink() {
    for (String bad :
        List.of(
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example.com/x",
            "http:///no-host",
            "ftp://files.example.com/")) {
      StagingEnvironment env = branch("e", "uid", "qa/x", "v1");
      env.setStatus(status(StagingEnvironmentStatus.Phase.Ready, bad));

      EnvironmentRow row = only(DashboardViews.environments(List.of(env), List.of(), NOW));

      assertThat(row.url().text()).as(bad).isEqualTo(bad);
      assertThat(row.url().href()).as(bad).isNull();
    }
    assertThat(SafeLinks.href("https://x.qa.example.com/path?q=1")).isNotNull();
  }

  @Test
  void phasesGetTheirColourAndMessage() {
    StagingEnvironment env = branch("e", "uid", "qa/x", "v1");
    env.setStatus(status(StagingEnvironmentStatus.Phase.Failed, null));
    env.getStatus().message = "migration exited with 3";

    EnvironmentRow row = only(DashboardViews.environments(List.of(env), List.of(), NOW));

    assertThat(row.phase().phase()).isEqualTo("Failed");
    assertThat(row.phase().tone()).isEqualTo(Tone.bad);
    assertThat(row.phase().message()).isEqualTo("migration exited with 3");
    assertThat(row.url()).isNull();
    assertThat(DashboardViews.environmentPhase(null).phase()).isEqualTo("Pending");
    assertThat(phaseTone(StagingEnvironmentStatus.Phase.Provisioning)).isEqualTo(Tone.busy);
    assertThat(phaseTone(StagingEnvironmentStatus.Phase.Expired)).isEqualTo(Tone.idle);
  }

  @Test
  void theEnvironmentsLastResultIsTheWorstLatestReleaseOfItsChildren() {
    StagingEnvironment env = branch("shop-qa-foo", "uid-1", "qa/foo", "v2");
    ServiceRelease web = child("web-qa-foo", "uid-1");
    web.setStatus(history(record("Succeeded", "2025-03-01T11:50:00Z", null)));
    ServiceRelease worker = child("worker-qa-foo", "uid-1");
    worker.setStatus(
        history(
            record("RolledBack", "2025-03-01T11:00:00Z", "tasks kept crashing"),
            record("Succeeded", "2025-03-01T10:00:00Z", null)));
    ServiceRelease stranger = child("other", "uid-2");
    stranger.setStatus(history(record("Failed", "2025-03-01T11:59:00Z", "not ours")));

    EnvironmentRow row =
        only(DashboardViews.environments(List.of(env), List.of(web, worker, stranger), NOW));

    assertThat(row.lastResult().result()).isEqualTo("Rolled back");
    assertThat(row.lastResult().tone()).isEqualTo(Tone.bad);
    assertThat(row.lastResult().message()).isEqualTo("worker-qa-foo: tasks kept crashing");
    assertThat(row.lastResult().at().relative()).isEqualTo("1 hour ago");

    worker.setStatus(history(record("Succeeded", "2025-03-01T11:58:00Z", null)));
    EnvironmentRow healed =
        only(DashboardViews.environments(List.of(env), List.of(web, worker), NOW));
    assertThat(healed.lastResult().result()).isEqualTo("Deployed");
    assertThat(healed.lastResult().at().relative()).isEqualTo("2 minutes ago");
  }

  @Test
  void sharedEnvironmentsComeFirstWithTheirBranchesAfterThem() {
    StagingEnvironment shared = shared("shop", "uid-s");
    shared.setStatus(status(StagingEnvironmentStatus.Phase.Ready, null));
    shared.getStatus().environments = 2;
    StagingEnvironment b = branch("shop-qa-b", "uid-b", "qa/b", "v1");
    StagingEnvironment a = branch("shop-qa-a", "uid-a", "qa/a", "v1");
    StagingEnvironment other = shared("blog", "uid-o");

    List<EnvironmentRow> rows =
        DashboardViews.environments(List.of(b, shared, other, a), List.of(), NOW);

    assertThat(rows)
        .extracting(EnvironmentRow::name)
        .containsExactly("blog", "shop", "shop-qa-a", "shop-qa-b");
    assertThat(rows.get(1).kind()).isEqualTo("shared");
    assertThat(rows.get(1).branchEnvironments()).isEqualTo(2);
    assertThat(rows.get(1).imageTag()).isNull();
  }

  @Test
  void theCostColumnsShowDollarsTheSavingAndWhyAnUnknownIsUnknown() {
    StagingEnvironment env = branch("shop-qa-foo", "uid-1", "qa/foo", "v2");
    env.setStatus(status(StagingEnvironmentStatus.Phase.Ready, null));
    StagingEnvironmentStatus.CostStatus cost = new StagingEnvironmentStatus.CostStatus();
    cost.currency = "USD";
    cost.hourlyNow = 0.0724;
    cost.monthlyProjected = 20.4493;
    cost.monthlyAlwaysOnOnDemand = 76.4693;
    cost.savingPercent = 73.3;
    cost.awakeFraction = 0.3869;
    cost.prices = "AWS Fargate example prices (Linux), 2026-12-05";
    env.getStatus().cost = cost;

    Views.CostView view = only(DashboardViews.environments(List.of(env), List.of(), NOW)).cost();

    assertThat(view.hourly()).isEqualTo("$0.0724");
    assertThat(view.monthly()).isEqualTo("$20.45");
    assertThat(view.saving()).isEqualTo("-73.3%");
    assertThat(view.detail())
        .isEqualTo(
            "always on, all on-demand: $76.47/month; awake 38.7% of the next 28 days; "
                + "prices: AWS Fargate example prices (Linux), 2026-12-05");

    StagingEnvironmentStatus.CostStatus unknown = new StagingEnvironmentStatus.CostStatus();
    unknown.message = "cost unknown: no price for ap-south-1 ARM64 (service web) in …";
    env.getStatus().cost = unknown;
    Views.CostView shown = only(DashboardViews.environments(List.of(env), List.of(), NOW)).cost();
    assertThat(shown.hourly()).isEqualTo("unknown");
    assertThat(shown.monthly()).isNull();
    assertThat(shown.detail()).startsWith("cost unknown: no price for ap-south-1 ARM64");

    env.getStatus().cost = null;
    assertThat(only(DashboardViews.environments(List.of(env), List.of(), NOW)).cost()).isNull();
  }

  @Test
  void perContainerImagesAreListedByContainer() {
    StagingEnvironment env = branch("e", "uid", "qa/x", null);
    env.getSpec().images = Map.of("web", "repo/web:abc", "sidecar", "repo/side:1");

    EnvironmentRow row = only(DashboardViews.environments(List.of(env), List.of(), NOW));

    assertThat(row.imageTag()).isEqualTo("sidecar=repo/side:1, web=repo/web:abc");
  }

  @Test
  void aReleaseShowsItsEnvironmentsBranchImageResultAndLastChange() {
    StagingEnvironment env = branch("shop-qa-foo", "uid-1", "qa/foo", "v2");
    ServiceRelease web = child("web-qa-foo", "uid-1");
    web.getMetadata().setCreationTimestamp("2025-03-01T09:00:00Z");
    ServiceReleaseStatus status =
        history(
            record("InProgress", null, null), record("Succeeded", "2025-03-01T10:00:00Z", null));
    status.history.get(0).startedAt = "2025-03-01T11:30:00Z";
    status.phase = ServiceReleaseStatus.Phase.Progressing;
    status.image = "repo/web:v2";
    status.replicas = "1/2";
    web.setStatus(status);
    ServiceRelease plain = child("api", null);
    plain.getMetadata().setCreationTimestamp("2025-02-27T12:00:00Z");

    List<ReleaseRow> rows = DashboardViews.releases(List.of(web, plain), List.of(env), NOW);

    assertThat(rows).extracting(ReleaseRow::name).containsExactly("api", "web-qa-foo");
    ReleaseRow row = rows.get(1);
    assertThat(row.environment()).isEqualTo("shop-qa-foo");
    assertThat(row.branch()).isEqualTo("qa/foo");
    assertThat(row.phase().tone()).isEqualTo(Tone.busy);
    assertThat(row.image()).isEqualTo("repo/web:v2");
    assertThat(row.replicas()).isEqualTo("1/2");
    assertThat(row.lastResult().result()).isEqualTo("Deploying");
    assertThat(row.updated().relative()).isEqualTo("30 minutes ago");
    assertThat(rows.get(0).phase().phase()).isEqualTo("Pending");
    assertThat(rows.get(0).environment()).isNull();
    assertThat(rows.get(0).updated().relative()).isEqualTo("2 days ago");
    assertThat(rows.get(0).lastResult()).isNull();
  }

  @Test
  void relativeTimesReadLikeSpeech() {
    assertThat(RelativeTime.describe(NOW.plusSeconds(10), NOW)).isEqualTo("in less than a minute");
    assertThat(RelativeTime.describe(NOW.minusSeconds(10), NOW)).isEqualTo("just now");
    assertThat(RelativeTime.describe(NOW.plusSeconds(60), NOW)).isEqualTo("in 1 minute");
    assertThat(RelativeTime.describe(NOW.minusSeconds(5 * 3600), NOW)).isEqualTo("5 hours ago");
    assertThat(RelativeTime.describe(NOW.plus(Duration.ofHours(23).plusMinutes(50)), NOW))
        .isEqualTo("in 1 day");
    assertThat(RelativeTime.describe(NOW.plus(Duration.ofHours(36)), NOW)).isEqualTo("in 2 days");
    assertThat(DashboardViews.time("not a time", NOW)).isNull();
    assertThat(DashboardViews.time("2025-03-01T21:00:00+09:00", NOW).relative())
        .isEqualTo("just now");
  }

  private static Tone phaseTone(StagingEnvironmentStatus.Phase phase) {
    return DashboardViews.environmentPhase(status(phase, null)).tone();
  }

  private static <T> T only(List<T> rows) {
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static StagingEnvironment shared(String name, String uid) {
    StagingEnvironment env = new StagingEnvironment();
    env.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("qa").withUid(uid).build());
    env.setSpec(new StagingEnvironmentSpec());
    return env;
  }

  private static StagingEnvironment branch(String name, String uid, String branch, String tag) {
    StagingEnvironment env = shared(name, uid);
    env.getSpec().from = "shop";
    env.getSpec().branch = branch;
    env.getSpec().imageTag = tag;
    return env;
  }

  private static StagingEnvironmentStatus status(StagingEnvironmentStatus.Phase phase, String url) {
    StagingEnvironmentStatus s = new StagingEnvironmentStatus();
    s.phase = phase;
    s.url = url;
    return s;
  }

  private static ServiceRelease child(String name, String ownerUid) {
    ServiceRelease sr = new ServiceRelease();
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace("qa");
    if (ownerUid != null)
      meta.withOwnerReferences(
          new OwnerReferenceBuilder()
              .withKind("StagingEnvironment")
              .withName("owner")
              .withUid(ownerUid)
              .build());
    sr.setMetadata(meta.build());
    return sr;
  }

  private static ServiceReleaseStatus history(ServiceReleaseStatus.ReleaseRecord... records) {
    ServiceReleaseStatus s = new ServiceReleaseStatus();
    s.phase = ServiceReleaseStatus.Phase.Ready;
    s.history = List.of(records);
    return s;
  }

  private static ServiceReleaseStatus.ReleaseRecord record(
      String result, String finishedAt, String message) {
    ServiceReleaseStatus.ReleaseRecord r = new ServiceReleaseStatus.ReleaseRecord();
    r.result = result;
    r.finishedAt = finishedAt;
    r.message = message;
    return r;
  }
}
