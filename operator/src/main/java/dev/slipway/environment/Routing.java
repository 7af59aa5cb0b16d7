package dev.slipway.environment;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.ElbPort.TargetGroupSpec;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The way into one routed service of a branch environment: its target group plus a listener port on
 * a shared load balancer (Port mode) or a host-header rule on a shared listener (HostHeader mode).
 * Every resource is tagged with its owner key (e.g. {@code namespace/name/service}) and found again
 * by that tag, so calls are idempotent across restarts and replicas.
 */
public final class Routing {
  private final ElbPort elb;
  private final AwsTarget target;
  private final PortListeners ports;
  private final HostRules hosts;

  public Routing(ElbPort elb, AwsTarget target) {
    this.elb = elb;
    this.target = target;
    this.ports = new PortListeners(elb, target);
    this.hosts = new HostRules(elb, target);
  }

  /** A listener allocated to one owner. */
  public record PortListener(String listenerArn, int port) {}

  /** A host-header rule allocated to one owner. */
  public record HostRule(String ruleArn, int priority) {}

  /**
   * The owner's target group, created (tagged) when missing.
   *
   * @throws IllegalStateException if the name belongs to another owner or to something unmanaged
   */
  public String ensureTargetGroup(
      String owner, String name, String vpcId, int port, String healthPath) {
    Optional<TargetGroup> existing = elb.targetGroupByName(target, name);
    if (existing.isPresent()) return requireOwned(owner, existing.get());
    TargetGroupSpec spec = new TargetGroupSpec(name, vpcId, port, healthPath);
    try {
      return elb.createTargetGroup(target, spec, OwnerTags.of(owner)).targetGroupArn();
    } catch (RuntimeException e) {
      // Another creator got there with other settings; ours only if it carries our tag.
      if (!"DuplicateTargetGroupName".equals(AwsErrors.errorCode(e))) throw e;
      return requireOwned(owner, elb.targetGroupByName(target, name).orElseThrow(() -> e));
    }
  }

  /** Port mode: the owner's listener on {@code lbArn}, allocated from {@code range} if missing. */
  public PortListener ensurePortListener(
      String owner, String lbArn, PortRange range, String tgArn) {
    return ports.ensure(owner, lbArn, range, tgArn);
  }

  /** HostHeader mode: the owner's rule for {@code host} on a shared listener. */
  public HostRule ensureHostRule(String owner, String listenerArn, String host, String tgArn) {
    return hosts.ensure(owner, listenerArn, host, tgArn);
  }

  /** Port mode URL, e.g. {@code http://qa-123.ap-northeast-1.elb.amazonaws.com:10003}. */
  public String portUrl(String lbArn, int port) {
    return "http://" + elb.dnsName(target, lbArn) + ":" + port;
  }

  /** HostHeader mode URL; the host is what DNS and the listener's certificate serve. */
  public static String hostUrl(String host, boolean https) {
    return (https ? "https://" : "http://") + host;
  }

  /** Port mode: deletes the owner's listener, so its traffic stops. Idempotent. */
  public void closePort(String owner, String lbArn) {
    ports.release(owner, lbArn);
  }

  /** HostHeader mode: deletes the owner's rule, so its traffic stops. Idempotent. */
  public void closeHost(String owner, String listenerArn) {
    hosts.release(owner, listenerArn);
  }

  /**
   * Port mode teardown: the listener first so traffic stops, then the target group (which AWS
   * refuses to delete while anything forwards to it). Idempotent.
   */
  public void releasePort(String owner, String lbArn, String targetGroupName) {
    closePort(owner, lbArn);
    releaseTargetGroup(owner, targetGroupName);
  }

  /** HostHeader mode teardown: the rule first, then the target group. Idempotent. */
  public void releaseHost(String owner, String listenerArn, String targetGroupName) {
    closeHost(owner, listenerArn);
    releaseTargetGroup(owner, targetGroupName);
  }

  /**
   * Deletes the owner's target group; also what a caller uses after a {@link
   * RoutingExhaustedException} so no partial environment is left. A target group of another owner
   * is never touched.
   */
  public void releaseTargetGroup(String owner, String name) {
    Optional<TargetGroup> tg = elb.targetGroupByName(target, name);
    if (tg.isEmpty() || !isOwned(owner, tg.get().targetGroupArn())) return;
    elb.deleteTargetGroup(target, tg.get().targetGroupArn());
  }

  private String requireOwned(String owner, TargetGroup tg) {
    if (isOwned(owner, tg.targetGroupArn())) return tg.targetGroupArn();
    throw new IllegalStateException(
        "target group "
            + tg.targetGroupName()
            + " exists but is not tagged "
            + OwnerTags.OWNER
            + "="
            + owner
            + "; it belongs to another environment or was not created by Slipway");
  }

  private boolean isOwned(String owner, String arn) {
    return !OwnerTags.ownedAmong(elb, target, owner, List.of(arn)).isEmpty();
  }
}
