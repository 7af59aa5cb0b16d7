package dev.slipway.environment;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.ElbPort.TargetGroupSpec;
import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.aws.routing.OwnerTags;
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
   * @throws RoutingConflictException if the name belongs to another owner or to something unmanaged
   */
  public String ensureTargetGroup(
      AwsOwner owner, String name, String vpcId, int port, String healthPath) {
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
      AwsOwner owner, String lbArn, PortRange range, String tgArn) {
    return ports.ensure(owner, lbArn, range, tgArn);
  }

  /** HostHeader mode: the owner's rule for {@code host} on a shared listener. */
  public HostRule ensureHostRule(AwsOwner owner, String listenerArn, String host, String tgArn) {
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

  /** Port mode: whether every owner has, or can get, a listener in {@code range}. */
  public boolean hasPortRoom(List<AwsOwner> owners, String lbArn, PortRange range) {
    return ports.hasRoom(owners, lbArn, range);
  }

  /** The owner's listeners (Port mode) or rules (HostHeader mode), described for people. */
  public List<String> ownedWaysIn(AwsOwner owner, String lbArn, String listenerArn) {
    return lbArn != null ? ports.owned(owner, lbArn) : hosts.owned(owner, listenerArn);
  }

  /** Port mode: deletes the owner's listener, so its traffic stops. Idempotent. */
  public void closePort(AwsOwner owner, String lbArn) {
    ports.release(owner, lbArn);
  }

  /** HostHeader mode: deletes the owner's rule, so its traffic stops. Idempotent. */
  public void closeHost(AwsOwner owner, String listenerArn) {
    hosts.release(owner, listenerArn);
  }

  /**
   * Port mode teardown: the listener first so traffic stops, then the target group (which AWS
   * refuses to delete while anything forwards to it). Idempotent.
   */
  public void releasePort(AwsOwner owner, String lbArn, String targetGroupName) {
    closePort(owner, lbArn);
    releaseTargetGroup(owner, targetGroupName);
  }

  /** HostHeader mode teardown: the rule first, then the target group. Idempotent. */
  public void releaseHost(AwsOwner owner, String listenerArn, String targetGroupName) {
    closeHost(owner, listenerArn);
    releaseTargetGroup(owner, targetGroupName);
  }

  /**
   * Deletes the owner's target group; also what a caller uses after a {@link
   * RoutingExhaustedException} so no partial environment is left. A target group of another owner
   * is never touched.
   */
  public void releaseTargetGroup(AwsOwner owner, String name) {
    ownedTargetGroup(owner, name).ifPresent(arn -> elb.deleteTargetGroup(target, arn));
  }

  private String requireOwned(AwsOwner owner, TargetGroup tg) {
    if (isOwned(owner, tg.targetGroupArn())) return tg.targetGroupArn();
    throw new RoutingConflictException(
        "target group "
            + tg.targetGroupName()
            + " exists but is not tagged as this environment's ("
            + OwnerTags.OWNER
            + "="
            + owner.key()
            + ", "
            + OwnerTags.OWNER_UID
            + "="
            + owner.uid()
            + "); it belongs to another environment, one that was abandoned, or was not created"
            + " by Slipway. Delete it, or rename this environment");
  }

  /** {@code arn}, if the target group still exists and its tags prove it is the owner's. */
  public Optional<String> ownedTargetGroupArn(AwsOwner owner, String arn) {
    return isOwned(owner, arn) ? Optional.of(arn) : Optional.empty();
  }

  /** Deletes the target group {@code arn} if its tags prove it is the owner's. */
  public void deleteOwnedTargetGroup(AwsOwner owner, String arn) {
    if (isOwned(owner, arn)) elb.deleteTargetGroup(target, arn);
  }

  /** The owner's target group of that name, if it exists and the tags prove it is the owner's. */
  public Optional<String> ownedTargetGroup(AwsOwner owner, String name) {
    return elb.targetGroupByName(target, name)
        .map(TargetGroup::targetGroupArn)
        .filter(arn -> isOwned(owner, arn));
  }

  private boolean isOwned(AwsOwner owner, String arn) {
    return !OwnerTags.ownedAmong(elb, target, owner, List.of(arn)).isEmpty();
  }
}
