package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.TargetGroupModel;
import dev.slipway.sandbox.sim.ElbResources.TargetModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** ELBv2 target groups and their targets. */
final class ElbTargetGroupOps {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private final RegionState rs;

  ElbTargetGroupOps(RegionState rs) {
    this.rs = rs;
  }

  /** Creates a target group; identical settings under the same name return the existing one. */
  TargetGroup create(CreateTargetGroupRequest r) {
    if (r.name() == null || !NAME.matcher(r.name()).matches()) {
      throw ElbErrors.validation(
          "Target group name '"
              + r.name()
              + "' can have a maximum of 32 characters, contain only"
              + " alphanumeric characters or hyphens, and must not begin or end with a hyphen");
    }
    String targetType = r.targetType() == null ? "instance" : r.targetTypeAsString();
    if (!targetType.equals("lambda")
        && (r.protocol() == null || r.port() == null || r.vpcId() == null)) {
      throw ElbErrors.validation("A protocol, port and VPC ID must be specified");
    }
    TargetGroup wanted = describe(r, targetType);
    for (TargetGroupModel tg : rs.elb.targetGroups.values()) {
      if (!tg.name().equals(r.name())) continue;
      if (sameSettings(tg.description, wanted)) return view(tg);
      throw ElbErrors.duplicateTargetGroupName();
    }
    TargetGroupModel tg = new TargetGroupModel(wanted);
    tg.attributes.put("deregistration_delay.timeout_seconds", "300");
    tg.attributes.put("stickiness.enabled", "false");
    r.tags().forEach(tg.tags::add);
    rs.elb.targetGroups.put(tg.arn(), tg);
    return view(tg);
  }

  private TargetGroup describe(CreateTargetGroupRequest r, String targetType) {
    String arn =
        "arn:aws:elasticloadbalancing:"
            + rs.region
            + ":"
            + rs.account
            + ":targetgroup/"
            + r.name()
            + "/"
            + rs.ids.hex(16);
    return TargetGroup.builder()
        .targetGroupArn(arn)
        .targetGroupName(r.name())
        .protocol(r.protocol())
        .protocolVersion(r.protocolVersion() == null ? "HTTP1" : r.protocolVersion())
        .port(r.port())
        .vpcId(r.vpcId())
        .targetType(targetType)
        .healthCheckEnabled(r.healthCheckEnabled() == null || r.healthCheckEnabled())
        .healthCheckProtocol(
            r.healthCheckProtocol() == null ? r.protocol() : r.healthCheckProtocol())
        .healthCheckPort(r.healthCheckPort() == null ? "traffic-port" : r.healthCheckPort())
        .healthCheckPath(r.healthCheckPath() == null ? "/" : r.healthCheckPath())
        .healthCheckIntervalSeconds(orDefault(r.healthCheckIntervalSeconds(), 30))
        .healthCheckTimeoutSeconds(orDefault(r.healthCheckTimeoutSeconds(), 5))
        .healthyThresholdCount(orDefault(r.healthyThresholdCount(), 5))
        .unhealthyThresholdCount(orDefault(r.unhealthyThresholdCount(), 2))
        .matcher(
            r.matcher() == null ? m -> m.httpCode("200") : m -> m.httpCode(r.matcher().httpCode()))
        .ipAddressType("ipv4")
        .build();
  }

  private static boolean sameSettings(TargetGroup a, TargetGroup b) {
    return Objects.equals(a.protocolAsString(), b.protocolAsString())
        && Objects.equals(a.port(), b.port())
        && Objects.equals(a.vpcId(), b.vpcId())
        && Objects.equals(a.targetTypeAsString(), b.targetTypeAsString());
  }

  List<TargetGroup> describe(DescribeTargetGroupsRequest r) {
    List<TargetGroupModel> out = new ArrayList<>();
    if (r.hasTargetGroupArns() && !r.targetGroupArns().isEmpty()) {
      for (String arn : r.targetGroupArns()) out.add(require(arn));
    } else if (r.hasNames() && !r.names().isEmpty()) {
      for (String name : r.names()) {
        out.add(
            rs.elb.targetGroups.values().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(ElbErrors::targetGroupNotFound));
      }
    } else if (r.loadBalancerArn() != null) {
      if (!rs.elb.loadBalancers.containsKey(r.loadBalancerArn()))
        throw ElbErrors.loadBalancerNotFound();
      rs.elb.targetGroups.values().stream()
          .filter(t -> rs.elb.loadBalancersOf(t.arn()).contains(r.loadBalancerArn()))
          .forEach(out::add);
    } else {
      out.addAll(rs.elb.targetGroups.values());
    }
    return out.stream().map(this::view).toList();
  }

  void delete(String arn) {
    TargetGroupModel tg = require(arn);
    if (rs.elb.isInUse(tg.arn())) throw ElbErrors.resourceInUse(arn);
    rs.elb.targetGroups.remove(arn);
  }

  List<TargetGroupAttribute> modifyAttributes(String arn, List<TargetGroupAttribute> attributes) {
    TargetGroupModel tg = require(arn);
    attributes.forEach(a -> tg.attributes.put(a.key(), a.value()));
    return attributes(arn);
  }

  List<TargetGroupAttribute> attributes(String arn) {
    return require(arn).attributes.entrySet().stream()
        .map(e -> TargetGroupAttribute.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /** Registers targets by hand; they count as healthy once a listener or rule uses the group. */
  void register(String arn, List<TargetDescription> targets) {
    TargetGroupModel tg = require(arn);
    for (TargetDescription t : targets) {
      if ("ip".equals(tg.description.targetTypeAsString()) && !IPV4.matcher(t.id()).matches()) {
        throw ElbErrors.invalidTarget(
            "The IP address '" + t.id() + "' is not a valid IPv4 address");
      }
      Integer port = t.port() == null ? tg.description.port() : t.port();
      boolean used = rs.elb.isInUse(arn);
      tg.targets.put(
          TargetModel.key(t.id(), port),
          new TargetModel(
              t.id(),
              port,
              used ? "healthy" : "unused",
              used ? null : "Target.NotInUse",
              used
                  ? null
                  : "Target group is not configured to receive traffic from the load balancer"));
    }
  }

  void deregister(String arn, List<TargetDescription> targets) {
    TargetGroupModel tg = require(arn);
    for (TargetDescription t : targets) {
      Integer port = t.port() == null ? tg.description.port() : t.port();
      tg.targets.remove(TargetModel.key(t.id(), port));
    }
  }

  List<TargetHealthDescription> health(DescribeTargetHealthRequest r) {
    TargetGroupModel tg = require(r.targetGroupArn());
    List<TargetHealthDescription> out = new ArrayList<>();
    if (r.hasTargets() && !r.targets().isEmpty()) {
      for (TargetDescription t : r.targets()) {
        Integer port = t.port() == null ? tg.description.port() : t.port();
        TargetModel m = tg.targets.get(TargetModel.key(t.id(), port));
        out.add(
            m != null
                ? health(m)
                : describe(
                    t.id(),
                    port,
                    "unused",
                    "Target.NotRegistered",
                    "Target is not registered to the target group"));
      }
    } else {
      tg.targets.values().forEach(m -> out.add(health(m)));
    }
    return out;
  }

  private static TargetHealthDescription health(TargetModel m) {
    return describe(m.id, m.port, m.state, m.reason, m.description);
  }

  private static TargetHealthDescription describe(
      String id, Integer port, String state, String reason, String description) {
    return TargetHealthDescription.builder()
        .target(TargetDescription.builder().id(id).port(port).build())
        .healthCheckPort(String.valueOf(port))
        .targetHealth(
            TargetHealth.builder().state(state).reason(reason).description(description).build())
        .build();
  }

  TargetGroupModel require(String arn) {
    TargetGroupModel tg = rs.elb.targetGroup(arn);
    if (tg == null) throw ElbErrors.targetGroupNotFound();
    return tg;
  }

  private TargetGroup view(TargetGroupModel tg) {
    return tg.description.toBuilder()
        .loadBalancerArns(List.copyOf(rs.elb.loadBalancersOf(tg.arn())))
        .build();
  }

  private static int orDefault(Integer v, int d) {
    return v == null ? d : v;
  }
}
