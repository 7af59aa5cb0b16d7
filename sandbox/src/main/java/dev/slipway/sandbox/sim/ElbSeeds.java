package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.ListenerModel;
import dev.slipway.sandbox.sim.ElbResources.LoadBalancerModel;
import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;

/**
 * Load balancers and listeners created with the exact ARNs a manifest names, so that examples
 * written against a real account (with its ARNs) run in the sandbox unchanged.
 */
final class ElbSeeds {
  private static final String LB = ":loadbalancer/";
  private static final String LISTENER = ":listener/";

  private ElbSeeds() {}

  /** Adds the load balancer {@code arn} (app/NAME/ID or net/NAME/ID) unless it exists. */
  static LoadBalancerModel loadBalancer(RegionState rs, String arn) {
    LoadBalancerModel existing = rs.elb.loadBalancers.get(arn);
    if (existing != null) return existing;
    String[] kindNameId = arn.substring(arn.indexOf(LB) + LB.length()).split("/");
    if (kindNameId.length != 3) throw ElbErrors.validation("'" + arn + "' is not a valid ARN");
    String name = kindNameId[1];
    LoadBalancerModel lb =
        new LoadBalancerModel(
            arn,
            name,
            // The shape AWS gives internet-facing load balancers:
            // NAME-DIGITS.REGION.elb.amazonaws.com
            name + "-" + rs.ids.digits(10) + "." + rs.region + ".elb.amazonaws.com",
            kindNameId[0].equals("net") ? "network" : "application",
            "internet-facing",
            "vpc-sandbox",
            rs.now(),
            List.of("subnet-a", "subnet-b"),
            List.of());
    rs.elb.loadBalancers.put(arn, lb);
    return lb;
  }

  /**
   * Adds the listener {@code arn} (and its load balancer) unless it exists: HTTP on the first free
   * port from 80, answering 404 to requests no rule matches.
   */
  static ListenerModel listener(RegionState rs, String arn) {
    ListenerModel existing = rs.elb.listeners.get(arn);
    if (existing != null) return existing;
    LoadBalancerModel lb = loadBalancer(rs, loadBalancerOf(arn));
    ListenerModel l =
        new ListenerModel(
            arn, lb.arn, arn.replace(LISTENER, ":listener-rule/") + "/" + rs.ids.hex(16));
    l.port = freePort(lb, 80);
    l.protocol = "HTTP";
    l.defaultActions =
        List.of(
            Action.builder()
                .type("fixed-response")
                .fixedResponseConfig(f -> f.statusCode("404").contentType("text/plain"))
                .build());
    lb.listeners.put(arn, l);
    rs.elb.listeners.put(arn, l);
    return l;
  }

  /** A listener ARN is its load balancer's with "listener" for "loadbalancer" and one more id. */
  static String loadBalancerOf(String listenerArn) {
    int at = listenerArn.indexOf(LISTENER);
    int last = listenerArn.lastIndexOf('/');
    if (at < 0 || last <= at + LISTENER.length()) {
      throw ElbErrors.validation("'" + listenerArn + "' is not a valid listener ARN");
    }
    return listenerArn.substring(0, at) + LB + listenerArn.substring(at + LISTENER.length(), last);
  }

  private static int freePort(LoadBalancerModel lb, int from) {
    int port = from;
    while (taken(lb, port)) port++;
    return port;
  }

  private static boolean taken(LoadBalancerModel lb, int port) {
    return lb.listeners.values().stream().anyMatch(l -> l.port != null && l.port == port);
  }
}
