package dev.slipway.release;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.NotificationSpec;
import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a ServiceRelease spec before anything touches AWS. It mirrors the CRD's schema and CEL
 * rules because not every API server enforces them (older clusters, the sandbox), and a bad spec
 * must end in an Invalid condition with zero AWS writes, never in a half-applied release. The
 * schema's bounds come from {@link SchemaBounds}, images from {@link ImageReference}, task sizes
 * from {@link TaskSizeCheck}; a dependsOn cycle spans objects and is {@link DependencyCycles}'.
 */
public final class SpecValidator {
  private static final Pattern ACCOUNT = Pattern.compile("^[0-9]{12}$");
  private static final Pattern REGION =
      Pattern.compile("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$");
  private static final Pattern ROLE =
      Pattern.compile("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
  private static final Pattern TARGET_GROUP =
      Pattern.compile("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/.+$");

  private SpecValidator() {}

  /** Every problem found, each as "field: what is wrong"; empty when the spec is valid. */
  public static List<String> validate(ServiceReleaseSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec: required");
      return problems;
    }
    checkRules(spec, problems);
    // The schema's own bounds, for fields the rules above did not already explain in their words.
    SchemaBounds.addUnexplained(problems, SchemaBounds.check(spec));
    return problems;
  }

  /**
   * Whether the spec still says where its AWS resources are (account, Region, role, cluster,
   * service name, task family), which is all a Delete teardown needs: ownership is then proven by
   * tags. A spec refused only by a rule added later (a Fargate size, an image) must not leave
   * behind the service an earlier operator created for it.
   */
  public static boolean locatesResources(ServiceReleaseSpec spec) {
    if (spec == null || spec.taskDefinition == null) return false;
    List<String> problems = new ArrayList<>();
    checkAws(spec, problems);
    return problems.isEmpty()
        && spec.cluster != null
        && NAME.matcher(spec.cluster).matches()
        && (spec.serviceName == null || NAME.matcher(spec.serviceName).matches())
        && spec.taskDefinition.family != null
        && NAME.matcher(spec.taskDefinition.family).matches();
  }

  /** The hand-written mirror of the CEL rules, with messages that say how to fix each problem. */
  private static void checkRules(ServiceReleaseSpec spec, List<String> problems) {
    checkAws(spec, problems);
    checkNotifications(spec.notifications, problems);
    require(
        problems,
        spec.cluster != null && NAME.matcher(spec.cluster).matches(),
        "cluster: required, letters, digits, '-' and '_' only");
    require(
        problems,
        spec.serviceName == null || NAME.matcher(spec.serviceName).matches(),
        "serviceName: letters, digits, '-' and '_' only");
    if (spec.taskDefinition == null) {
      problems.add("taskDefinition: required");
      return;
    }
    checkTaskDefinition(spec.taskDefinition, problems);
    if (spec.taskDefinition.containers == null || spec.taskDefinition.containers.isEmpty()) {
      // Load balancer and pre-deploy checks refer to containers; there is nothing to check against.
      return;
    }
    TaskSizeCheck.check(spec, problems);
    checkService(spec, problems);
    checkStrategy(spec.strategy, problems);
    checkTraffic(spec, problems);
    checkPreDeploy(spec, problems);
    PreflightValidation.check(spec, problems);
  }

  private static void checkAws(ServiceReleaseSpec spec, List<String> problems) {
    if (spec.aws == null) {
      problems.add("aws: required (region and accountId)");
      return;
    }
    require(
        problems,
        spec.aws.accountId != null && ACCOUNT.matcher(spec.aws.accountId).matches(),
        "aws.accountId: must be a 12-digit AWS account id");
    require(
        problems,
        spec.aws.region != null && REGION.matcher(spec.aws.region).matches(),
        "aws.region: must be a Region name like ap-northeast-1");
    require(
        problems,
        spec.aws.roleArn == null || ROLE.matcher(spec.aws.roleArn).matches(),
        "aws.roleArn: must be an IAM role ARN");
    if (spec.aws.roleArn != null
        && spec.aws.accountId != null
        && ROLE.matcher(spec.aws.roleArn).matches()) {
      String roleAccount = spec.aws.roleArn.split(":")[4];
      require(
          problems,
          roleAccount.equals(spec.aws.accountId),
          "aws.roleArn: role is in account "
              + roleAccount
              + " but aws.accountId is "
              + spec.aws.accountId);
    }
  }

  private static void checkTaskDefinition(TaskDefinitionSpec td, List<String> problems) {
    require(
        problems,
        td.family != null && NAME.matcher(td.family).matches(),
        "taskDefinition.family: required, letters, digits, '-' and '_' only");
    if (td.containers == null || td.containers.isEmpty()) {
      problems.add("taskDefinition.containers: at least one container is required");
      return;
    }
    require(
        problems, td.containers.size() <= 10, "taskDefinition.containers: at most 10 containers");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < td.containers.size(); i++) {
      ContainerSpec c = td.containers.get(i);
      String at = "taskDefinition.containers[" + i + "]";
      require(
          problems,
          c.name != null && NAME.matcher(c.name).matches(),
          at + ".name: required, letters, digits, '-' and '_' only");
      require(
          problems,
          c.name == null || names.add(c.name),
          at + ".name: duplicate container name " + c.name);
      ImageReference.problem(c.image).ifPresent(p -> problems.add(at + ".image: " + p));
      // Secret values are checked against ContainerSpec.SECRET_ARN_PATTERN by SchemaBounds.
    }
    require(
        problems,
        td.containers.stream().anyMatch(ContainerSpec::isEssential),
        "taskDefinition.containers: at least one container must be essential");
  }

  private static void checkService(ServiceReleaseSpec spec, List<String> problems) {
    ServiceSpec s = spec.service;
    if (s == null) return;
    if (s.networkConfiguration != null) {
      require(
          problems,
          s.networkConfiguration.subnets != null && !s.networkConfiguration.subnets.isEmpty(),
          "service.networkConfiguration.subnets: at least one subnet is required");
    }
    require(
        problems,
        s.desiredCount == null || s.desiredCount >= 0,
        "service.desiredCount: must not be negative");
    require(
        problems,
        s.launchType == null || s.capacityProviderStrategy == null,
        "service: set either launchType or capacityProviderStrategy, not both");
    if (s.autoscaling != null) {
      require(
          problems,
          s.autoscaling.minCapacity != null && s.autoscaling.maxCapacity != null,
          "service.autoscaling: minCapacity and maxCapacity are required");
      require(
          problems,
          s.autoscaling.minCapacity == null
              || s.autoscaling.maxCapacity == null
              || s.autoscaling.minCapacity <= s.autoscaling.maxCapacity,
          "service.autoscaling.minCapacity must not exceed maxCapacity");
    }
    if (s.loadBalancers != null) {
      for (int i = 0; i < s.loadBalancers.size(); i++) {
        ServiceSpec.LoadBalancer lb = s.loadBalancers.get(i);
        String at = "service.loadBalancers[" + i + "]";
        require(
            problems,
            lb.targetGroupArn != null && TARGET_GROUP.matcher(lb.targetGroupArn).matches(),
            at + ".targetGroupArn: must be a target group ARN");
        require(
            problems,
            declaresPort(spec.taskDefinition, lb.containerName, lb.containerPort),
            at
                + ": container "
                + lb.containerName
                + " with containerPort "
                + lb.containerPort
                + " is not declared in taskDefinition.containers[].portMappings");
      }
    }
  }

  private static boolean declaresPort(TaskDefinitionSpec td, String container, Integer port) {
    return td.containers.stream()
        .anyMatch(
            c ->
                c.name != null
                    && c.name.equals(container)
                    && c.portMappings != null
                    && c.portMappings.stream()
                        .anyMatch(p -> p.containerPort != null && p.containerPort.equals(port)));
  }

  /** The CRD's structural rules of progressive strategies, for objects that skipped admission. */
  private static void checkProgressive(StrategySpec strategy, List<String> problems) {
    boolean rolling = strategy.type == null || strategy.type == StrategySpec.Type.Rolling;
    require(
        problems,
        rolling || strategy.traffic != null,
        "strategy.traffic: required for BlueGreen, Canary, Linear and Weighted");
    if (strategy.type == StrategySpec.Type.Weighted) {
      require(
          problems,
          strategy.weighted != null && strategy.weighted.steps != null,
          "strategy.weighted: its steps are required for type Weighted");
    }
    if (strategy.weighted != null && strategy.weighted.steps != null) {
      for (int i = 0; i < strategy.weighted.steps.size(); i++) {
        StrategySpec.Step step = strategy.weighted.steps.get(i);
        long kinds =
            Stream.of(step.setWeight, step.pause, step.setHeaderRoute)
                .filter(Objects::nonNull)
                .count();
        require(
            problems,
            kinds == 1,
            "strategy.weighted.steps[" + i + "]: exactly one of setWeight, pause, setHeaderRoute");
      }
    }
    StrategySpec.PriorityRange range =
        strategy.traffic == null ? null : strategy.traffic.priorities;
    if (range != null && range.from != null && range.to != null) {
      require(
          problems, range.from <= range.to, "strategy.traffic.priorities: from must not exceed to");
    }
  }

  /**
   * What a routed strategy needs besides its own fields: one load balancer entry (the target group
   * ECS or the weighted steps switch from), ECS's role for the native types, listeners in the
   * release's account and Region, and room for two rules when the test rule shares the listener.
   */
  private static void checkTraffic(ServiceReleaseSpec spec, List<String> problems) {
    StrategySpec strategy = spec.strategy;
    if (strategy == null || strategy.type == null || strategy.type == StrategySpec.Type.Rolling) {
      return;
    }
    int lbs =
        spec.service == null || spec.service.loadBalancers == null
            ? 0
            : spec.service.loadBalancers.size();
    require(
        problems,
        lbs == 1,
        "service.loadBalancers: "
            + strategy.type
            + " needs exactly one entry (the target group traffic starts on), found "
            + lbs);
    boolean ecsNative = strategy.type != StrategySpec.Type.Weighted;
    if (!ecsNative) {
      String service = spec.serviceName;
      require(
          problems,
          service == null || service.length() <= 248,
          "serviceName: at most 248 characters for Weighted (its canary service adds -canary)");
    }
    if (strategy.type == StrategySpec.Type.Canary) {
      require(
          problems,
          strategy.canary != null && strategy.canary.percent != null,
          "strategy.canary.percent: required for type Canary");
    }
    if (strategy.type == StrategySpec.Type.Linear) {
      require(
          problems,
          strategy.linear != null && strategy.linear.stepPercent != null,
          "strategy.linear.stepPercent: required for type Linear");
    }
    StrategySpec.Traffic traffic = strategy.traffic;
    if (traffic == null) return;
    if (ecsNative) {
      require(
          problems,
          traffic.roleArn != null,
          "strategy.traffic.roleArn: required for "
              + strategy.type
              + " (the IAM role ECS assumes to change the listener rules)");
    }
    for (String listener :
        Stream.of(traffic.listenerArn, traffic.testListenerArn).filter(Objects::nonNull).toList()) {
      require(
          problems,
          spec.aws == null || sameAccountAndRegion(listener, spec.aws.accountId, spec.aws.region),
          "strategy.traffic: listener "
              + listener
              + " is not in the release's account and Region (spec.aws)");
    }
    boolean shares =
        !ecsNative
            || (traffic.preview != null
                && (traffic.testListenerArn == null
                    || traffic.testListenerArn.equals(traffic.listenerArn)));
    if (shares
        && traffic.priorities != null
        && traffic.priorities.from != null
        && traffic.priorities.to != null) {
      require(
          problems,
          traffic.priorities.to > traffic.priorities.from,
          "strategy.traffic.priorities: the test rule (or a Weighted header route) shares the "
              + "production listener, so the range needs room for two rules");
    }
  }

  /** Whether an ARN's account and Region fields are these (a null expectation matches any). */
  private static boolean sameAccountAndRegion(String arn, String account, String region) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6) return false;
    return (region == null || region.equals(parts[3]))
        && (account == null || account.equals(parts[4]));
  }

  private static void checkStrategy(StrategySpec strategy, List<String> problems) {
    if (strategy == null) return;
    require(
        problems,
        strategy.progressDeadlineSeconds == null || strategy.progressDeadlineSeconds >= 30,
        "strategy.progressDeadlineSeconds: at least 30");
    checkProgressive(strategy, problems);
    if (strategy.rolling != null
        && strategy.rolling.minimumHealthyPercent != null
        && strategy.rolling.maximumPercent != null) {
      require(
          problems,
          strategy.rolling.maximumPercent > strategy.rolling.minimumHealthyPercent
              || strategy.rolling.maximumPercent >= 100,
          "strategy.rolling: maximumPercent must leave room to start new tasks");
    }
  }

  private static void checkPreDeploy(ServiceReleaseSpec spec, List<String> problems) {
    if (spec.preDeploy == null) return;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.preDeploy.size(); i++) {
      PreDeployTaskSpec t = spec.preDeploy.get(i);
      String at = "preDeploy[" + i + "]";
      require(
          problems,
          t.name != null && t.name.matches("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$"),
          at + ".name: required, lower-case letters, digits and '-', at most 32");
      require(
          problems,
          t.name == null || names.add(t.name),
          at + ".name: duplicate pre-deploy task " + t.name);
      require(problems, t.command != null && !t.command.isEmpty(), at + ".command: required");
      require(
          problems,
          spec.taskDefinition.containers.stream()
              .anyMatch(c -> c.name != null && c.name.equals(t.container)),
          at + ".container: " + t.container + " is not a container of the task definition");
    }
  }

  /** The CRD's CEL rules on notifications: one type per notifier, names unique. */
  private static void checkNotifications(
      List<NotificationSpec> notifications, List<String> problems) {
    if (notifications == null) return;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < notifications.size(); i++) {
      NotificationSpec n = notifications.get(i);
      String at = "notifications[" + i + "]";
      int types =
          (n.mackerel != null ? 1 : 0) + (n.slack != null ? 1 : 0) + (n.webhook != null ? 1 : 0);
      require(problems, types == 1, at + ": " + NotificationSpec.ONE_TYPE_MESSAGE);
      require(
          problems,
          n.name == null || names.add(n.name),
          at + ".name: duplicate notifier name " + n.name + " (notifier names must be unique)");
    }
  }

  private static void require(List<String> problems, boolean ok, String problem) {
    if (!ok) problems.add(problem);
  }
}
