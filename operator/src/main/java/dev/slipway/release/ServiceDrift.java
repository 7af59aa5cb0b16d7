package dev.slipway.release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.model.AdvancedConfiguration;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Pure comparison of a described ECS service with what Slipway wants, field by field, with AWS's
 * defaults applied to unset observed values so "unset" and "default" never count as a difference.
 */
public final class ServiceDrift {
  private ServiceDrift() {}

  /** One field that differs. */
  public record Difference(String field, Object observed, Object desired) {
    @Override
    public String toString() {
      return field + " " + observed + " → " + desired;
    }
  }

  public static List<Difference> between(
      DesiredService want, String taskDefinitionArn, Service have) {
    List<Difference> diffs = new ArrayList<>();
    check(diffs, "taskDefinition", have.taskDefinition(), taskDefinitionArn);
    if (!want.autoscaled()) check(diffs, "desiredCount", have.desiredCount(), want.desiredCount());
    if (want.platformVersion() != null) {
      String observed = have.platformVersion() == null ? "LATEST" : have.platformVersion();
      check(diffs, "platformVersion", observed, want.platformVersion());
    }
    if (want.capacityProviderStrategy().isEmpty()) {
      if (have.launchType() != null)
        check(diffs, "launchType", have.launchTypeAsString(), want.launchType());
    } else {
      check(
          diffs,
          "capacityProviderStrategy",
          strategies(have.capacityProviderStrategy()),
          strategies(want.capacityProviderStrategy()));
    }
    check(
        diffs,
        "network",
        vpc(
            have.networkConfiguration() == null
                ? null
                : have.networkConfiguration().awsvpcConfiguration()),
        vpc(
            want.networkConfiguration() == null
                ? null
                : want.networkConfiguration().awsvpcConfiguration()));
    check(
        diffs,
        "loadBalancers",
        new HashSet<>(lbs(have.loadBalancers())),
        new HashSet<>(lbs(want.loadBalancers())));
    check(
        diffs,
        "enableExecuteCommand",
        Boolean.TRUE.equals(have.enableExecuteCommand()),
        want.enableExecuteCommand());
    if (!want.loadBalancers().isEmpty() && want.healthCheckGracePeriodSeconds() != null) {
      check(
          diffs,
          "healthCheckGracePeriodSeconds",
          orZero(have.healthCheckGracePeriodSeconds()),
          want.healthCheckGracePeriodSeconds());
    }
    check(
        diffs,
        "deploymentConfiguration",
        deployment(have.deploymentConfiguration()),
        deployment(want.deploymentConfiguration()));
    return diffs;
  }

  private static void check(List<Difference> diffs, String field, Object observed, Object desired) {
    if (!Objects.equals(observed, desired)) diffs.add(new Difference(field, observed, desired));
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private static List<String> strategies(List<CapacityProviderStrategyItem> items) {
    return items == null
        ? List.of()
        : items.stream()
            .map(i -> i.capacityProvider() + ":" + orZero(i.weight()) + ":" + orZero(i.base()))
            .sorted()
            .toList();
  }

  private static String vpc(AwsVpcConfiguration c) {
    if (c == null) return "none";
    return "subnets="
        + c.subnets().stream().sorted().toList()
        + " securityGroups="
        + c.securityGroups().stream().sorted().toList()
        + " publicIp="
        + (c.assignPublicIp() == null ? "DISABLED" : c.assignPublicIpAsString());
  }

  private static List<String> lbs(List<LoadBalancer> lbs) {
    return lbs == null
        ? List.of()
        : lbs.stream()
            .map(
                l ->
                    l.targetGroupArn()
                        + "/"
                        + l.containerName()
                        + ":"
                        + l.containerPort()
                        + advanced(l.advancedConfiguration()))
            .toList();
  }

  /** The traffic pieces of an ECS-native strategy, if the load balancer has them. */
  private static String advanced(AdvancedConfiguration a) {
    if (a == null) return "";
    return " alternate="
        + a.alternateTargetGroupArn()
        + " production="
        + a.productionListenerRule()
        + " test="
        + a.testListenerRule()
        + " role="
        + a.roleArn();
  }

  private static String deployment(DeploymentConfiguration d) {
    if (d == null) return "min=100 max=200 breaker=false/false";
    boolean enable =
        d.deploymentCircuitBreaker() != null
            && Boolean.TRUE.equals(d.deploymentCircuitBreaker().enable());
    boolean rollback =
        d.deploymentCircuitBreaker() != null
            && Boolean.TRUE.equals(d.deploymentCircuitBreaker().rollback());
    String strategy = d.strategy() == null ? "ROLLING" : d.strategyAsString();
    if (!"ROLLING".equals(strategy)) return nativeDeployment(strategy, d, enable, rollback);
    return "min="
        + (d.minimumHealthyPercent() == null ? 100 : d.minimumHealthyPercent())
        + " max="
        + (d.maximumPercent() == null ? 200 : d.maximumPercent())
        + " breaker="
        + enable
        + "/"
        + rollback;
  }

  /** A blue/green, canary or linear configuration: strategy, bake times and lifecycle hooks. */
  private static String nativeDeployment(
      String strategy, DeploymentConfiguration d, boolean enable, boolean rollback) {
    String shape =
        switch (strategy) {
          case "CANARY" ->
              d.canaryConfiguration() == null
                  ? ""
                  : " canary="
                      + d.canaryConfiguration().canaryPercent()
                      + "%/"
                      + d.canaryConfiguration().canaryBakeTimeInMinutes()
                      + "m";
          case "LINEAR" ->
              d.linearConfiguration() == null
                  ? ""
                  : " linear="
                      + d.linearConfiguration().stepPercent()
                      + "%/"
                      + d.linearConfiguration().stepBakeTimeInMinutes()
                      + "m";
          default -> "";
        };
    List<String> hooks =
        d.lifecycleHooks().stream()
            .map(
                h ->
                    h.targetTypeAsString()
                        + ":"
                        + h.lifecycleStagesAsStrings()
                        + ":"
                        + (h.timeoutConfiguration() == null
                            ? "-"
                            : h.timeoutConfiguration().timeoutInMinutes()
                                + "/"
                                + h.timeoutConfiguration().actionAsString()))
            .sorted()
            .toList();
    return strategy
        + " bake="
        + (d.bakeTimeInMinutes() == null ? 0 : d.bakeTimeInMinutes())
        + shape
        + " hooks="
        + hooks
        + " breaker="
        + enable
        + "/"
        + rollback;
  }
}
