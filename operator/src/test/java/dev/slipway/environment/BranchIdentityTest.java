package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.release.SpecValidator;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Derived identities of tricky branches make valid, distinct child releases. */
class BranchIdentityTest {

  @Test
  void everyTrickyBranchRendersAValidDistinctRelease() {
    StagingEnvironmentSpec shared = EnvironmentValidatorTest.validShared();
    Set<String> releases = new HashSet<>();
    Set<String> services = new HashSet<>();
    Set<String> schemas = new HashSet<>();
    for (String branch : TrickyBranches.NAMES) {
      BranchIdentity id = BranchIdentity.of("default", "bookmark-staging", branch, shared.branches);
      StagingEnvironmentSpec b = BranchReleaseRendererTest.branch("t1");
      b.branch = branch;
      ServiceReleaseSpec spec =
          BranchReleaseRenderer.render(shared, b, "web", shared.services.get(0).template, id, null);
      assertThat(SpecValidator.validate(spec)).as(branch).isEmpty();
      assertThat(id.services().releaseName("web"))
          .as(branch)
          .matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
      assertThat(spec.taskDefinition.containers.get(0).environment).containsEntry("BRANCH", branch);
      releases.add(id.services().releaseName("web"));
      services.add(spec.serviceName);
      schemas.add(id.schema());
    }
    int n = TrickyBranches.NAMES.size();
    assertThat(releases).hasSize(n);
    assertThat(services).hasSize(n);
    assertThat(schemas).hasSize(n);
  }

  @Test
  void postgresAndMysqlSchemasFollowTheirEngineRules() {
    BranchPolicy policy = EnvironmentValidatorTest.validShared().branches;
    String mysql = BranchIdentity.of("default", "s", "qa/" + "x".repeat(200), policy).schema();
    policy.database.engine = BranchPolicy.Database.Engine.postgresql;
    String postgres = BranchIdentity.of("default", "s", "qa/" + "x".repeat(200), policy).schema();
    assertThat(mysql.length()).isLessThanOrEqualTo(64);
    assertThat(postgres.length()).isLessThanOrEqualTo(63);
    assertThat(mysql).startsWith("qa_");
  }
}
