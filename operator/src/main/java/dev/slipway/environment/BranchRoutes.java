package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ServiceTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways into one branch environment: for each routed service a target group and a listener port
 * (Port mode) or a host-header rule (HostHeader mode). Every resource carries the owner key {@code
 * <namespace>/<environment>/<service>}, which is all a later pass needs to find it again.
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
  private final String ownerPrefix;

  BranchRoutes(
      Routing routing, BranchPolicy.Routing policy, BranchNames names, String ownerPrefix) {
    this.routing = routing;
    this.policy = policy;
    this.names = names;
    this.ownerPrefix = ownerPrefix;
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
      String owner = owner(s.name);
      String tg =
          routing.ensureTargetGroup(
              owner,
              names.targetGroupName(s.name),
              policy.vpcId,
              s.route.containerPort,
              s.route.healthCheckPath == null ? "/" : s.route.healthCheckPath);
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
      routing.releaseTargetGroup(owner(s.name), names.targetGroupName(s.name));
    }
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

  private String owner(String service) {
    return ownerPrefix + "/" + service;
  }

  private static List<ServiceTemplate> routed(List<ServiceTemplate> services) {
    return services.stream().filter(s -> s.route != null).toList();
  }
}
