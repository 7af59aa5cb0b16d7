package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CRD's structural bounds, read from the same annotations the CRD is generated from. */
class SchemaBoundsTest {
  private static ServiceReleaseSpec valid() {
    return Releases.web("web", "registry/web:v1").getSpec();
  }

  @Test
  void aValidSpecHasNone() {
    assertThat(SchemaBounds.check(valid())).isEmpty();
  }

  @Test
  void boundsOnNumbersStringsListsAndNestedItems() {
    ServiceReleaseSpec s = valid();
    s.environment = "e".repeat(64);
    s.taskDefinition.requiresCompatibilities = List.of("FARGATE", "EC2", "EXTERNAL");
    s.taskDefinition.containers.get(0).portMappings.get(0).containerPort = 70000;
    s.taskDefinition.containers.get(0).memory = 5;
    assertThat(SchemaBounds.check(s))
        .containsExactlyInAnyOrder(
            "environment: at most 63 characters",
            "taskDefinition.requiresCompatibilities: at most 2 items",
            "taskDefinition.containers[0].portMappings[0].containerPort: must be at most 65535",
            "taskDefinition.containers[0].memory: must be at least 6");
  }

  @Test
  void typeUseAnnotationsOnItemsAndMapValues() {
    ServiceReleaseSpec s = valid();
    s.service.networkConfiguration.subnets = List.of("subnet-0a1b", "sg-123");
    ContainerSpec app = s.taskDefinition.containers.get(0);
    app.secrets =
        Map.of(
            "DB",
            "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:" + "x".repeat(2048),
            "TOKEN",
            "plain-text");
    assertThat(SchemaBounds.check(s))
        .containsExactlyInAnyOrder(
            "service.networkConfiguration.subnets[1]: must match ^subnet-[0-9a-f]+$",
            "taskDefinition.containers[0].secrets.DB: at most 2048 characters",
            "taskDefinition.containers[0].secrets.TOKEN: must match "
                + ContainerSpec.SECRET_ARN_PATTERN);
  }

  @Test
  void requiredFieldsAndPatterns() {
    ServiceReleaseSpec s = valid();
    s.cluster = null;
    s.taskDefinition.containers.get(0).image = "nginx:1.27 --privileged";
    assertThat(SchemaBounds.check(s))
        .containsExactlyInAnyOrder(
            "cluster: required",
            "taskDefinition.containers[0].image: must match " + ImageReference.PATTERN);
  }

  @Test
  void specValidatorKeepsItsOwnWordsAndAddsOnlyWhatItDidNotSay() {
    ServiceReleaseSpec s = valid();
    s.cluster = null;
    s.environment = "e".repeat(64);
    assertThat(SpecValidator.validate(s))
        .containsExactly(
            "cluster: required, letters, digits, '-' and '_' only",
            "environment: at most 63 characters");
  }
}
