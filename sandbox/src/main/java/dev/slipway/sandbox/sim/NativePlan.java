package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;

/**
 * Which revision is blue and which target groups green takes when a blue/green, canary or linear
 * deployment starts: green always registers in the target group of the pair that blue does not use,
 * so the two target groups swap roles from one deployment to the next.
 */
final class NativePlan {
  private NativePlan() {}

  /** The other target group of a load balancer's blue/green pair. */
  static String other(LoadBalancer lb, String targetGroupArn) {
    var adv = lb.advancedConfiguration();
    if (adv == null) return lb.targetGroupArn();
    return Objects.equals(targetGroupArn, lb.targetGroupArn())
        ? adv.alternateTargetGroupArn()
        : lb.targetGroupArn();
  }

  /**
   * The revision serving production when a deployment starts: for one that supersedes a blue/green
   * deployment still in progress, the side that has most of the production traffic.
   */
  static ServiceRevisionModel blue(ServiceModel s, ServiceDeploymentModel previous) {
    if (previous != null && previous.isActive()) {
      if (!previous.isNative() || previous.source == null) return previous.target;
      return previous.productionWeight >= 50 ? previous.target : previous.source;
    }
    return s.productionRevision;
  }

  /**
   * The service's load balancers as green's tasks use them: each target group replaced by the one
   * blue does not use, the alternate by blue's, so {@link #other} still names the pair's other
   * half.
   */
  static List<LoadBalancer> greenLoadBalancers(
      List<LoadBalancer> configured, ServiceRevisionModel blue) {
    List<LoadBalancer> out = new ArrayList<>();
    for (int i = 0; i < configured.size(); i++) {
      LoadBalancer lb = configured.get(i);
      var adv = lb.advancedConfiguration();
      if (adv == null) {
        out.add(lb);
        continue;
      }
      String blueTg = blue == null ? null : targetGroupOf(blue.resolvedLoadBalancers(), lb, i);
      String greenTg = blueTg == null ? lb.targetGroupArn() : other(lb, blueTg);
      String alternate = other(lb, greenTg);
      out.add(
          lb.toBuilder()
              .targetGroupArn(greenTg)
              .advancedConfiguration(adv.toBuilder().alternateTargetGroupArn(alternate).build())
              .build());
    }
    return out;
  }

  private static String targetGroupOf(List<LoadBalancer> resolved, LoadBalancer lb, int index) {
    for (LoadBalancer r : resolved) {
      if (Objects.equals(r.containerName(), lb.containerName())
          && Objects.equals(r.containerPort(), lb.containerPort())) {
        return r.targetGroupArn();
      }
    }
    return index < resolved.size() ? resolved.get(index).targetGroupArn() : null;
  }
}
