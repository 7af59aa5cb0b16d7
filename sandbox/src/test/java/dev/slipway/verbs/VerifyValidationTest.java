package dev.slipway.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code slipway verify} refuses what the operator would mark Invalid, before asking AWS anything:
 * a task size Fargate does not run, an image that is not a reference, and a dependsOn cycle among
 * the files it is given.
 */
class VerifyValidationTest {
  private static String release(String name, String image, String memory, String dependsOn) {
    return """
        apiVersion: slipway.dev/v1alpha1
        kind: ServiceRelease
        metadata:
          name: %s
        spec:
          aws: {region: ap-northeast-1, accountId: "123456789012"}
          cluster: core
          dependsOn: [%s]
          taskDefinition:
            family: %s
            cpu: "256"
            memory: "%s"
            containers:
              - name: app
                image: "%s"
        """
        .formatted(name, dependsOn == null ? "" : "{name: " + dependsOn + "}", name, memory, image);
  }

  @Test
  void reportsFargateSizeImageAndCycleTogether() {
    String manifest =
        String.join(
            "---\n",
            release("a", "repo/a:v1", "0", "b"),
            release("b", "nginx:1.27 --privileged", "512", "a"),
            release("c", "repo/c:v1", "512", "a"));

    VerbResult r = new VerbsFixture().verify(manifest);

    assertThat(r.exitCode()).isEqualTo(VerbResult.INVALID);
    assertThat(r.stderr())
        .contains(
            "invalid: default/a: spec.taskDefinition.memory: on Fargate, memory 0 does not fit cpu"
                + " 256; valid memory values (MiB): 512, 1024, 2048")
        .contains(
            "invalid: default/b: spec.taskDefinition.containers[0].image: \"nginx:1.27"
                + " --privileged\" contains whitespace")
        .contains("invalid: default/a: spec.dependsOn: dependency cycle a → b → a")
        .contains("invalid: default/b: spec.dependsOn: dependency cycle b → a → b")
        .as("c only waits for a member of the cycle")
        .doesNotContain("default/c:");
  }

  @Test
  void aSelfDependencyIsACycle() {
    VerbResult r = new VerbsFixture().verify(release("solo", "repo/solo:v1", "512", "solo"));

    assertThat(r.exitCode()).isEqualTo(VerbResult.INVALID);
    assertThat(r.stderr())
        .contains("invalid: default/solo: spec.dependsOn: dependency cycle solo → solo");
  }

  @Test
  void aDependencyOutsideTheFilesIsNotACycle() {
    VerbResult r = new VerbsFixture().verify(release("lonely", "repo/l:v1", "512", "elsewhere"));

    assertThat(r.stderr()).doesNotContain("invalid:");
  }

  @Test
  void aValueOfTheWrongTypeNamesItsField() {
    VerbResult r =
        new VerbsFixture()
            .verify(
                release("typed", "repo/t:v1", "512", null)
                    .replace("cluster: core", "cluster: [core]"));

    assertThat(r.exitCode()).isEqualTo(VerbResult.INVALID);
    assertThat(r.stderr()).contains("invalid: cannot parse manifest: spec.cluster: ");
  }
}
