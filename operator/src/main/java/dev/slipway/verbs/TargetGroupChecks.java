package dev.slipway.verbs;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * verify's load balancer checks: each target group exists, has the target type the task's network
 * mode needs, speaks the container port's protocol, health-checks the port the container listens
 * on, and is used by a load balancer (ECS refuses a service otherwise).
 */
final class TargetGroupChecks {
  private final AwsClientFactory clients;
  private final AwsCalls calls;
  private final AwsTarget target;

  TargetGroupChecks(AwsClientFactory clients, AwsCalls calls, AwsTarget target) {
    this.clients = clients;
    this.calls = calls;
    this.target = target;
  }

  void check(ServiceRelease sr, List<Problem> problems) {
    ServiceSpec s = sr.getSpec().service;
    if (s == null || s.loadBalancers == null) return;
    String networkMode =
        sr.getSpec().taskDefinition.networkMode == null
            ? "awsvpc"
            : sr.getSpec().taskDefinition.networkMode;
    for (int i = 0; i < s.loadBalancers.size(); i++) {
      ServiceSpec.LoadBalancer lb = s.loadBalancers.get(i);
      String field = "spec.service.loadBalancers[" + i + "]";
      Optional<TargetGroup> found = describe(lb.targetGroupArn);
      if (found.isEmpty()) {
        problems.add(
            new Problem(
                field + ".targetGroupArn",
                "target group " + lb.targetGroupArn + " does not exist",
                "TargetGroupNotFound"));
        continue;
      }
      TargetGroup tg = found.get();
      String name = tg.targetGroupName();
      if ("awsvpc".equals(networkMode) && !"ip".equals(tg.targetTypeAsString())) {
        problems.add(
            new Problem(
                field + ".targetGroupArn",
                "target group " + name + " has target type " + tg.targetTypeAsString(),
                "awsvpc tasks register by IP: the target type must be ip"));
      }
      String mappingProtocol = mappingProtocol(sr, lb);
      String tgProtocol = tg.protocolAsString();
      boolean udpGroup = "UDP".equals(tgProtocol);
      if (tgProtocol != null
          && !"TCP_UDP".equals(tgProtocol)
          && udpGroup != "udp".equals(mappingProtocol)) {
        problems.add(
            new Problem(
                field + ".containerPort",
                "target group "
                    + name
                    + " speaks "
                    + tgProtocol
                    + " but port "
                    + lb.containerPort
                    + " of container "
                    + lb.containerName
                    + " is "
                    + mappingProtocol,
                "the load balancer could not reach the container"));
      }
      String hcPort = tg.healthCheckPort();
      if (hcPort != null
          && !"traffic-port".equals(hcPort)
          && !hcPort.equals(String.valueOf(lb.containerPort))) {
        problems.add(
            new Problem(
                field + ".containerPort",
                "target group "
                    + name
                    + " health-checks port "
                    + hcPort
                    + " but container "
                    + lb.containerName
                    + " listens on "
                    + lb.containerPort,
                "targets would never become healthy"));
      }
      if (tg.loadBalancerArns().isEmpty()) {
        problems.add(
            new Problem(
                field + ".targetGroupArn",
                "target group " + name + " is not used by any load balancer",
                "ECS refuses to create a service with it"));
      }
    }
  }

  private Optional<TargetGroup> describe(String arn) {
    try {
      return calls
          .call(
              target,
              "elasticloadbalancing",
              "DescribeTargetGroups",
              () -> clients.elb(target).describeTargetGroups(b -> b.targetGroupArns(arn)))
          .targetGroups()
          .stream()
          .findFirst();
    } catch (RuntimeException e) {
      if (ElbPort.isNotFound(e)) return Optional.empty();
      throw e;
    }
  }

  private static String mappingProtocol(ServiceRelease sr, ServiceSpec.LoadBalancer lb) {
    return sr.getSpec().taskDefinition.containers.stream()
        .filter(c -> c.name.equals(lb.containerName) && c.portMappings != null)
        .flatMap(c -> c.portMappings.stream())
        .filter(p -> lb.containerPort != null && lb.containerPort.equals(p.containerPort))
        .map(p -> p.protocol == null ? "tcp" : p.protocol)
        .findFirst()
        .orElse("tcp");
  }
}
