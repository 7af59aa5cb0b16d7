package dev.slipway.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderVerbTest {
  @Test
  void rendersTheRequestsTheOperatorSendsWithWireNames() throws Exception {
    VerbResult r = RenderVerb.run(ExampleManifests.full(), "json");

    assertThat(r.exitCode()).isZero();
    JsonNode requests = WireJson.parse(r.stdout()).path("releases").get(0).path("requests");
    List<String> operations = new ArrayList<>();
    requests.forEach(q -> operations.add(q.path("operation").asText()));
    assertThat(operations)
        .containsExactly(
            "ecs:RegisterTaskDefinition",
            "ecs:RunTask",
            "ecs:CreateService",
            "application-autoscaling:RegisterScalableTarget",
            "application-autoscaling:PutScalingPolicy");
    JsonNode td = requests.get(0).path("request");
    assertThat(td.path("containerDefinitions").get(0).path("image").asText())
        .isEqualTo("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark:3f2a9c1");
    JsonNode create = requests.get(2).path("request");
    assertThat(create.path("loadBalancers").get(0).path("targetGroupArn").asText())
        .endsWith(":targetgroup/bookmark-web/6d0ecf831eec9f09");
    assertThat(create.path("serviceName").asText()).isEqualTo("bookmark-web");
    assertThat(
            requests
                .get(4)
                .path("request")
                .path("TargetTrackingScalingPolicyConfiguration")
                .path("TargetValue")
                .asDouble())
        .isEqualTo(60.0);
  }

  @Test
  void outputIsByteIdenticalAcrossRunsAndFormats() {
    assertThat(RenderVerb.run(ExampleManifests.full(), "json").stdout())
        .isEqualTo(RenderVerb.run(ExampleManifests.full(), "json").stdout());
    String yaml = RenderVerb.run(ExampleManifests.full(), "yaml").stdout();
    assertThat(yaml).isEqualTo(RenderVerb.run(ExampleManifests.full(), "yaml").stdout());
    assertThat(yaml).contains("containerDefinitions:").contains("operation: ecs:CreateService");
  }

  @Test
  void invalidManifestExitsTwoWithTheValidatorsError() {
    String broken =
        ExampleManifests.full().replace("accountId: \"123456789012\"", "accountId: \"12345\"");

    VerbResult r = RenderVerb.run(broken, "json");

    assertThat(r.exitCode()).isEqualTo(VerbResult.INVALID);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr())
        .contains(
            "invalid: default/bookmark-web: spec.aws.accountId: must be a 12-digit AWS account id");
  }

  @Test
  void otherKindsAreSkippedWithANote() {
    String both =
        ExampleManifests.read(ExampleManifests.examples().resolve("stagingenvironment-shared.yaml"))
            + "\n---\n"
            + ExampleManifests.full();

    VerbResult r = RenderVerb.run(both, "json");

    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).contains("skipped StagingEnvironment");
  }
}
