package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ServiceTemplate;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.aws.routing.AwsOwner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ways into one branch environment: for each routed service a target group and a listener port
 * (Port mode) or a host-header rule (HostHeader mode). Every resource carries the owner key {@code
 * <namespace>/<environment>/<service>} and the environment's uid, which is all a later pass needs
 * to find it again and all a teardown accepts as proof that it may delete it.
 */
final class BranchRoutes {
  /** One routed service's way in. */
  record Route(
      String service,
      String targetGroupArn,
      Integer port,
      Integer priority,
      String host,
      String url) {}

  private final Routing routing;
  private final BranchPolicy.Routing policy;
  private final BranchNames names;
  private final BranchIdentity.ServiceNames serviceNames;
  private final String ownerPrefix;
  private final String ownerUid;
  private final Map<String, String> recorded;

  /** The routes of {@code ctx}'s environment through {@code routing}. */
  BranchRoutes(Routing routing, BranchContext ctx) {
    this.routing = routing;
    this.policy = ctx.policy().routing;
    this.names = ctx.names();
    this.serviceNames = ctx.identity().services();
    this.ownerPrefix = ctx.owner();
    this.ownerUid = ctx.uid();
    this.recorded = recordedTargetGroups(ctx.env().getStatus());
  }

  /**
   * The target groups status recorded by service: where to look first, so an environment made when
   * target groups were named differently keeps its own (ownership is still proven by tags).
   */
  private static Map<String, String> recordedTargetGroups(StagingEnvironmentStatus status) {
    Map<String, String> recorded = new HashMap<>();
    if (status == null || status.services == null) return recorded;
    for (StagingEnvironmentStatus.ServiceState s : status.services) {
      if (s.name != null && s.targetGroupArn != null) recorded.put(s.name, s.targetGroupArn);
    }
    return recorded;
  }

  /**
   * Ensures target group and way in for every routed service. The way in exists before the service
   * does because ECS refuses a target group that no load balancer uses; until the service's tasks
   * are healthy the load balancer answers 503, and the URL is published only when Ready.
   *
   * @throws RoutingExhaustedException when no port or rule is left (nothing was created for it)
   */
  List<Route> open(List<ServiceTemplate> services) {
    List<Route> routes = new ArrayList<>();
    for (ServiceTemplate s : routed(services)) {
      AwsOwner owner = owner(s.name);
      String tg =
          recordedOwned(s.name)
              .orElseGet(
                  () ->
                      routing.ensureTargetGroup(
                          owner,
                          serviceNames.targetGroupName(s.name),
                          policy.vpcId,
                          s.route.containerPort,
                          s.route.healthCheckPath == null ? "/" : s.route.healthCheckPath));
      if (policy.mode == BranchPolicy.Routing.Mode.Port) {
        PortRange range = new PortRange(policy.portRange.from, policy.portRange.to);
        Routing.PortListener l =
            routing.ensurePortListener(owner, policy.loadBalancerArn, range, tg);
        routes.add(
            new Route(
                s.name,
                tg,
                l.port(),
                null,
                null,
                routing.portUrl(policy.loadBalancerArn, l.port())));
      } else {
        String host = host(s.name, routes.isEmpty());
        Routing.HostRule r = routing.ensureHostRule(owner, policy.listenerArn, host, tg);
        routes.add(new Route(s.name, tg, null, r.priority(), host, Routing.hostUrl(host, false)));
      }
    }
    return routes;
  }

  /**
   * Why no way in can be opened for every routed service, if so: checked (a read) before anything
   * is created, so a full port range refuses the environment without churn. Host rules have
   * priorities to spare; AWS's rule limit is met, rarely, when the rule is created.
   */
  Optional<String> noRoom(List<ServiceTemplate> services) {
    if (policy.mode != BranchPolicy.Routing.Mode.Port) return Optional.empty();
    List<AwsOwner> owners = routed(services).stream().map(s -> owner(s.name)).toList();
    PortRange range = new PortRange(policy.portRange.from, policy.portRange.to);
    if (routing.hasPortRoom(owners, policy.loadBalancerArn, range)) return Optional.empty();
    return Optional.of(
        "no free port in range "
            + range
            + " on load balancer "
            + policy.loadBalancerArn
            + " for "
            + owners.size()
            + " routed service(s); widen the range or delete environments");
  }

  /** Deletes every way in (listener or rule), so traffic stops. Idempotent. */
  void close(List<ServiceTemplate> services) {
    for (ServiceTemplate s : routed(services)) {
      if (policy.mode == BranchPolicy.Routing.Mode.Port) {
        routing.closePort(owner(s.name), policy.loadBalancerArn);
      } else {
        routing.closeHost(owner(s.name), policy.listenerArn);
      }
    }
  }

  /** Deletes the target groups; AWS refuses while a listener or rule still uses one. */
  void releaseTargetGroups(List<ServiceTemplate> services) {
    for (ServiceTemplate s : routed(services)) {
      recordedOwned(s.name).ifPresent(arn -> routing.deleteOwnedTargetGroup(owner(s.name), arn));
      routing.releaseTargetGroup(owner(s.name), serviceNames.targetGroupName(s.name));
    }
  }

  /** The recorded target group of a service, if it still exists and its tags prove it ours. */
  private Optional<String> recordedOwned(String service) {
    String arn = recorded.get(service);
    return arn == null ? Optional.empty() : routing.ownedTargetGroupArn(owner(service), arn);
  }

  /**
   * The host of a service: the pattern with {branch} as the slug. A pattern without {service} gives
   * its plain host to the first routed service and {@code <slug>-<service>} to the others.
   */
  String host(String service, boolean first) {
    String p = policy.hostPattern;
    String branch = p.contains("{service}") || first ? names.slug() : names.slug() + "-" + service;
    return p.replace("{service}", service).replace("{branch}", branch);
  }

  /** The target groups of the services that this environment provably owns, by service. */
  List<String> ownedTargetGroups(List<ServiceTemplate> services) {
    List<String> owned = new ArrayList<>();
    for (ServiceTemplate s : routed(services)) {
      recordedOwned(s.name).ifPresent(owned::add);
      routing
          .ownedTargetGroup(owner(s.name), serviceNames.targetGroupName(s.name))
          .filter(arn -> !owned.contains(arn))
          .ifPresent(owned::add);
    }
    return owned;
  }

  /** The ways in (listeners or rules) this environment provably owns, described for people. */
  List<String> ownedWaysIn(List<ServiceTemplate> services) {
    List<String> owned = new ArrayList<>();
    for (ServiceTemplate s : routed(services)) {
      boolean port = policy.mode == BranchPolicy.Routing.Mode.Port;
      owned.addAll(
          routing.ownedWaysIn(
              owner(s.name),
              port ? policy.loadBalancerArn : null,
              port ? null : policy.listenerArn));
    }
    return owned;
  }

  private AwsOwner owner(String service) {
    return new AwsOwner(ownerPrefix + "/" + service, ownerUid);
  }

  private static List<ServiceTemplate> routed(List<ServiceTemplate> services) {
    return services.stream().filter(s -> s.route != null).toList();
  }
}
