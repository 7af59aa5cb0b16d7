package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Validation of both StagingEnvironment shapes. */
class EnvironmentValidatorTest {

  @Test
  void validSharedAndBranchEnvironmentsHaveNoProblems() {
    assertThat(EnvironmentValidator.validate(validShared())).isEmpty();
    assertThat(EnvironmentValidator.validate(BranchReleaseRendererTest.branch("qa-foo-1")))
        .isEmpty();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        shared(s -> s.services = List.of(), "services: at least one service"),
        shared(s -> s.aws = null, "aws: required"),
        shared(s -> s.imageTag = "x", "belong to branch environments"),
        shared(
            s -> s.services.get(0).template.taskDefinition.containers.get(0).essential = false,
            "services[0].template.taskDefinition.containers: at least one container must be essential"),
        shared(
            s -> s.services.get(0).route.containerPort = 9999,
            "services[0].route: container app with port 9999"),
        shared(s -> s.services.get(0).name = "Web_1", "services[0].name"),
        shared(
            s -> s.services.get(0).releaseRef = new StagingEnvironmentSpec.ReleaseRef(),
            "exactly one of template and releaseRef"),
        shared(s -> s.branches.ttl = "7 days", "branches.ttl"),
        shared(s -> s.branches.database.schemaName = "qa_shared", "must contain {branch}"),
        shared(
            s -> s.branches.database.schemaName = "x".repeat(50) + "_{branch}",
            "characters for the branch"),
        shared(
            s -> {
              s.branches.database.engine = BranchPolicy.Database.Engine.postgresql;
              s.branches.database.schemaName = "pg_{branch}";
            },
            "are reserved"),
        shared(
            s -> s.branches.redis.namespace = "qa",
            "branches.redis.namespace: must contain {branch}"),
        shared(s -> s.branches.database.schemaName = "qa-{branch}", "branches.database.schemaName"),
        shared(
            s -> {
              s.branches.routing = new BranchPolicy.Routing();
              s.branches.routing.mode = BranchPolicy.Routing.Mode.Port;
            },
            "Port mode needs loadBalancerArn and portRange"),
        shared(s -> s.branches.migrate.container = "worker", "branches.migrate.container: worker"),
        branch(b -> b.imageTag = null, "imageTag or images: required"),
        branch(b -> b.branch = null, "branch: required"),
        branch(b -> b.cluster = "core", "come from the shared environment"),
        branch(b -> b.imageTag = "bad tag;rm", "imageTag: letters"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void reportsEachProblem(StagingEnvironmentSpec spec, String expected) {
    assertThat(String.join("\n", EnvironmentValidator.validate(spec))).contains(expected);
  }

  /** The renderer's fixture with a complete database policy. */
  static StagingEnvironmentSpec validShared() {
    StagingEnvironmentSpec s = BranchReleaseRendererTest.shared();
    s.branches.database.engine = BranchPolicy.Database.Engine.mysql;
    s.branches.database.endpoint = "stg-db.example:3306";
    s.branches.database.adminSecretRef = new BranchPolicy.SecretRef();
    s.branches.database.adminSecretRef.name = "stg-db-admin";
    return s;
  }

  static Arguments shared(Consumer<StagingEnvironmentSpec> change, String expected) {
    StagingEnvironmentSpec s = validShared();
    change.accept(s);
    return Arguments.of(s, expected);
  }

  static Arguments branch(Consumer<StagingEnvironmentSpec> change, String expected) {
    StagingEnvironmentSpec b = BranchReleaseRendererTest.branch("qa-foo-1");
    change.accept(b);
    return Arguments.of(b, expected);
  }
}
