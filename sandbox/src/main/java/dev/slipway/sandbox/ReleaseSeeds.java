package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.aws.EcrImage;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.ReferenceSeeding;
import dev.slipway.verbs.ReferenceChecks;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds the simulator with what a release's task definition references (ECR image tags, secrets,
 * SSM parameters, log groups, roles trusting ECS tasks), so {@code slipway verify} of the examples
 * passes in the sandbox. Clusters and target groups are seeded by the sandbox itself.
 */
public final class ReleaseSeeds {
  private static final Pattern ROLE =
      Pattern.compile("^arn:aws[a-z-]*:iam::(\\d{12}):role/(?:.*/)?([^/]+)$");

  private ReleaseSeeds() {}

  public static void seedReferences(AwsSimulator aws, ServiceRelease sr) {
    if (sr.getSpec() == null || sr.getSpec().aws == null || sr.getSpec().taskDefinition == null)
      return;
    String account = sr.getSpec().aws.accountId;
    String region = sr.getSpec().aws.region;
    if (account == null || region == null) return;
    TaskDefinitionSpec td = sr.getSpec().taskDefinition;
    role(aws, td.executionRoleArn);
    role(aws, td.taskRoleArn);
    if (td.containers == null) return;
    for (ContainerSpec c : td.containers) {
      EcrImage.parse(c.image)
          .filter(image -> !image.pinned())
          .ifPresent(
              image ->
                  aws.references(image.registryId())
                      .image(image.region(), image.repository(), image.tag()));
      if (c.secrets != null) c.secrets.values().forEach(arn -> secret(aws, arn));
      if (c.logConfiguration != null && c.logConfiguration.options != null) {
        String group = c.logConfiguration.options.get("awslogs-group");
        String logRegion = c.logConfiguration.options.getOrDefault("awslogs-region", region);
        if (group != null) aws.references(account).logGroup(logRegion, group);
      }
    }
  }

  private static void role(AwsSimulator aws, String arn) {
    Matcher m = arn == null ? null : ROLE.matcher(arn);
    if (m != null && m.matches())
      aws.references(m.group(1)).role(m.group(2), ReferenceChecks.ECS_TASKS);
  }

  private static void secret(AwsSimulator aws, String arn) {
    String[] parts = arn.split(":");
    if (parts.length < 6) return;
    ReferenceSeeding seeds = aws.references(parts[4]);
    if ("secretsmanager".equals(parts[2]) && parts.length >= 7) {
      seeds.secret(parts[3], String.join(":", java.util.Arrays.copyOf(parts, 7)), true);
    } else if ("ssm".equals(parts[2])) {
      seeds.parameter(
          parts[3], arn.substring(arn.indexOf(":parameter") + ":parameter".length()), true);
    }
  }
}
