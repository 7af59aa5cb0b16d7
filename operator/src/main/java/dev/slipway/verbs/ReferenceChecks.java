package dev.slipway.verbs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcrImage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * verify's checks of what the task definition points at: the execution and task roles (exist, trust
 * ECS tasks), each secret (exists and can be described; its value is never read), each ECR image
 * tag, and each awslogs log group (exists, same account and Region).
 */
public final class ReferenceChecks {
  /** The principal task and execution roles must trust; the sandbox seeds roles that trust it. */
  public static final String ECS_TASKS = "ecs-tasks.amazonaws.com";

  private static final Pattern ROLE =
      Pattern.compile("^arn:aws[a-z-]*:iam::(\\d{12}):role/(?:.*/)?([^/]+)$");

  private final AwsClientFactory clients;
  private final AwsCalls calls;
  private final AwsTarget target;

  ReferenceChecks(AwsClientFactory clients, AwsCalls calls, AwsTarget target) {
    this.clients = clients;
    this.calls = calls;
    this.target = target;
  }

  void check(ServiceRelease sr, List<Problem> problems) {
    TaskDefinitionSpec td = sr.getSpec().taskDefinition;
    role("spec.taskDefinition.executionRoleArn", td.executionRoleArn, problems);
    role("spec.taskDefinition.taskRoleArn", td.taskRoleArn, problems);
    for (int i = 0; i < td.containers.size(); i++) {
      ContainerSpec c = td.containers.get(i);
      String at = "spec.taskDefinition.containers[" + i + "]";
      image(at + ".image", c.image, problems);
      if (c.secrets != null)
        new TreeMap<>(c.secrets).forEach((k, v) -> secret(at + ".secrets." + k, v, problems));
      if (c.logConfiguration != null && "awslogs".equals(c.logConfiguration.logDriver))
        logGroup(at + ".logConfiguration", c.logConfiguration.options, problems);
    }
    if (td.executionRoleArn == null
        && td.containers.stream()
            .anyMatch(c -> (c.secrets != null && !c.secrets.isEmpty()) || ecr(c.image))) {
      problems.add(
          new Problem(
              "spec.taskDefinition.executionRoleArn",
              "no execution role",
              "ECS needs one to pull from ECR and inject secrets"));
    }
  }

  private void role(String field, String arn, List<Problem> problems) {
    if (arn == null) return;
    Matcher m = ROLE.matcher(arn);
    if (!m.matches()) {
      problems.add(
          new Problem(
              field,
              arn + " is not an IAM role ARN",
              "expected arn:aws:iam::<account>:role/<name>"));
      return;
    }
    if (!m.group(1).equals(target.accountId()))
      return; // Another account's roles are not ours to read.
    String name = m.group(2);
    String document;
    try {
      document =
          ask("iam", "GetRole", () -> clients.iam(target).getRole(b -> b.roleName(name)))
              .role()
              .assumeRolePolicyDocument();
    } catch (RuntimeException e) {
      if (AwsFailure.couldNotAsk(e)) throw e;
      problems.add(new Problem(field, "role " + name + " cannot be read", AwsFailure.describe(e)));
      return;
    }
    if (!trusts(document, ECS_TASKS)) {
      problems.add(
          new Problem(
              field,
              "role " + name + " does not trust " + ECS_TASKS,
              "ECS tasks could not assume it"));
    }
  }

  /** True when an Allow statement lets the service principal call sts:AssumeRole. */
  static boolean trusts(String encodedDocument, String service) {
    if (encodedDocument == null) return false;
    JsonNode policy;
    try {
      policy = WireJson.parse(URLDecoder.decode(encodedDocument, StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      return false;
    }
    JsonNode statements = policy.path("Statement");
    for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
      if (!"Allow".equals(s.path("Effect").asText())) continue;
      if (!contains(s.path("Action"), "sts:AssumeRole") && !contains(s.path("Action"), "sts:*"))
        continue;
      if (contains(s.path("Principal").path("Service"), service)) return true;
    }
    return false;
  }

  private static boolean contains(JsonNode node, String value) {
    if (node.isTextual()) return node.asText().equals(value);
    if (node.isArray()) for (JsonNode n : node) if (n.asText().equals(value)) return true;
    return false;
  }

  private static boolean ecr(String image) {
    return EcrImage.isEcr(image);
  }

  private void image(String field, String image, List<Problem> problems) {
    EcrImage ecr = EcrImage.parse(image).orElse(null);
    if (ecr == null || ecr.pinned()) return; // Not ECR, or pinned by digest.
    String registry = ecr.registryId();
    String repository = ecr.repository();
    String tag = ecr.tag();
    AwsTarget at = ecr.target(target);
    try {
      ask(
          at,
          "ecr",
          "DescribeImages",
          () ->
              clients
                  .ecr(at)
                  .describeImages(
                      b ->
                          b.registryId(registry)
                              .repositoryName(repository)
                              .imageIds(i -> i.imageTag(tag))));
    } catch (RuntimeException e) {
      if (AwsFailure.couldNotAsk(e)) throw e;
      problems.add(
          new Problem(
              field,
              "image " + repository + ":" + tag + " not found in ECR",
              AwsFailure.describe(e)));
    }
  }

  private void secret(String field, String arn, List<Problem> problems) {
    String[] parts = arn.split(":");
    AwsTarget at = new AwsTarget(target.accountId(), parts[3], target.roleArn());
    try {
      if ("secretsmanager".equals(parts[2])) {
        // ECS accepts "<secret arn>:<json key>:<stage>:<version>"; the secret is the first 7 parts.
        String secretArn =
            String.join(":", java.util.Arrays.copyOf(parts, Math.min(7, parts.length)));
        ask(
            at,
            "secretsmanager",
            "DescribeSecret",
            () -> clients.secretsManager(at).describeSecret(b -> b.secretId(secretArn)));
      } else {
        String name = arn.substring(arn.indexOf(":parameter") + ":parameter".length());
        boolean found =
            !ask(
                    at,
                    "ssm",
                    "DescribeParameters",
                    () ->
                        clients
                            .ssm(at)
                            .describeParameters(
                                b ->
                                    b.parameterFilters(
                                        f -> f.key("Name").option("Equals").values(name))))
                .parameters()
                .isEmpty();
        if (!found)
          problems.add(
              new Problem(field, "parameter " + name + " does not exist", "ParameterNotFound"));
      }
    } catch (RuntimeException e) {
      if (AwsFailure.couldNotAsk(e)) throw e;
      problems.add(
          new Problem(field, "secret " + arn + " is not readable", AwsFailure.describe(e)));
    }
  }

  private void logGroup(String field, Map<String, String> options, List<Problem> problems) {
    if (options == null || options.get("awslogs-group") == null) {
      problems.add(
          new Problem(
              field + ".options",
              "awslogs-group is not set",
              "the awslogs driver needs a log group"));
      return;
    }
    String group = options.get("awslogs-group");
    String region = options.getOrDefault("awslogs-region", target.region());
    if (!region.equals(target.region())) {
      problems.add(
          new Problem(
              field + ".options.awslogs-region",
              "log group region " + region,
              "differs from spec.aws.region " + target.region()));
    }
    if ("true".equals(options.get("awslogs-create-group")))
      return; // ECS creates it on first start.
    AwsTarget at = new AwsTarget(target.accountId(), region, target.roleArn());
    boolean exists =
        ask(
                at,
                "logs",
                "DescribeLogGroups",
                () -> clients.logs(at).describeLogGroups(b -> b.logGroupNamePrefix(group)))
            .logGroups()
            .stream()
            .anyMatch(g -> group.equals(g.logGroupName()));
    if (!exists) {
      problems.add(
          new Problem(
              field + ".options.awslogs-group",
              "log group " + group + " does not exist in " + region,
              "tasks would fail to start (set awslogs-create-group: \"true\" to let ECS create it)"));
    }
  }

  private <T> T ask(String service, String operation, Supplier<T> call) {
    return ask(target, service, operation, call);
  }

  private <T> T ask(AwsTarget at, String service, String operation, Supplier<T> call) {
    return calls.call(at, service, operation, call);
  }
}
