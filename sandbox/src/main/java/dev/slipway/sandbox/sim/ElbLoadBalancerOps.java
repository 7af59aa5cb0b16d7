package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.ListenerModel;
import dev.slipway.sandbox.sim.ElbResources.LoadBalancerModel;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;

/** ELBv2 load balancers and listeners. */
final class ElbLoadBalancerOps {
  static final int MAX_LISTENERS = 50;
  private final RegionState rs;

  ElbLoadBalancerOps(RegionState rs) {
    this.rs = rs;
  }

  /** Creates a load balancer; a second create with the same name returns the existing one. */
  LoadBalancer create(CreateLoadBalancerRequest r) {
    if (r.name() == null
        || !ElbTargetGroupOps.NAME.matcher(r.name()).matches()
        || r.name().startsWith("internal-")) {
      throw ElbErrors.validation("The load balancer name '" + r.name() + "' is not valid");
    }
    for (LoadBalancerModel lb : rs.elb.loadBalancers.values()) {
      if (lb.name.equals(r.name())) return view(lb);
    }
    String type = r.type() == null ? "application" : r.typeAsString();
    String scheme = r.scheme() == null ? "internet-facing" : r.schemeAsString();
    String kind = type.equals("network") ? "net" : "app";
    String arn =
        "arn:aws:elasticloadbalancing:"
            + rs.region
            + ":"
            + rs.account
            + ":loadbalancer/"
            + kind
            + "/"
            + r.name()
            + "/"
            + rs.ids.hex(16);
    String dns =
        (scheme.equals("internal") ? "internal-" : "")
            + r.name()
            + "-"
            + rs.ids.digits(10)
            + "."
            + rs.region
            + ".elb.amazonaws.com";
    LoadBalancerModel lb =
        new LoadBalancerModel(
            arn,
            r.name(),
            dns,
            type,
            scheme,
            "vpc-sandbox",
            rs.now(),
            List.copyOf(r.subnets()),
            List.copyOf(r.securityGroups()));
    lb.tags.addAll(r.tags());
    rs.elb.loadBalancers.put(arn, lb);
    return view(lb);
  }

  List<LoadBalancer> describe(DescribeLoadBalancersRequest r) {
    List<LoadBalancerModel> out = new ArrayList<>();
    if (r.hasLoadBalancerArns() && !r.loadBalancerArns().isEmpty()) {
      for (String arn : r.loadBalancerArns()) out.add(require(arn));
    } else if (r.hasNames() && !r.names().isEmpty()) {
      for (String name : r.names()) {
        out.add(
            rs.elb.loadBalancers.values().stream()
                .filter(l -> l.name.equals(name))
                .findFirst()
                .orElseThrow(ElbErrors::loadBalancerNotFound));
      }
    } else {
      out.addAll(rs.elb.loadBalancers.values());
    }
    return out.stream().map(ElbLoadBalancerOps::view).toList();
  }

  void delete(String arn) {
    LoadBalancerModel lb = rs.elb.loadBalancers.remove(arn);
    if (lb == null) return; // DeleteLoadBalancer succeeds for load balancers that are already gone
    for (ListenerModel l : lb.listeners.values()) removeListener(l);
  }

  /** Creates a listener; one with the same port and settings is returned as is (idempotent). */
  Listener createListener(CreateListenerRequest r) {
    LoadBalancerModel lb = require(r.loadBalancerArn());
    checkActions(r.defaultActions());
    for (ListenerModel l : lb.listeners.values()) {
      if (!l.port.equals(r.port())) continue;
      if (l.protocol.equals(r.protocolAsString()) && l.defaultActions.equals(r.defaultActions()))
        return view(l);
      throw ElbErrors.duplicateListener();
    }
    if (lb.listeners.size() >= MAX_LISTENERS) throw ElbErrors.tooManyListeners();
    String id = lb.arn.substring(lb.arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
    String arn =
        lb.arn.substring(0, lb.arn.indexOf(":loadbalancer/"))
            + ":listener/"
            + id
            + "/"
            + rs.ids.hex(16);
    String defaultRule = arn.replace(":listener/", ":listener-rule/") + "/" + rs.ids.hex(16);
    ListenerModel l = new ListenerModel(arn, lb.arn, defaultRule);
    l.port = r.port();
    l.protocol = r.protocol() == null ? "HTTP" : r.protocolAsString();
    l.sslPolicy = r.sslPolicy();
    l.certificates = r.certificates();
    l.defaultActions = r.defaultActions();
    l.tags.addAll(r.tags());
    if (l.protocol.equals("HTTPS") && l.certificates.isEmpty()) {
      throw ElbErrors.validation("A certificate must be specified for HTTPS listeners");
    }
    lb.listeners.put(arn, l);
    rs.elb.listeners.put(arn, l);
    return view(l);
  }

  List<Listener> describeListeners(DescribeListenersRequest r) {
    if (r.hasListenerArns() && !r.listenerArns().isEmpty()) {
      return r.listenerArns().stream().map(a -> view(requireListener(a))).toList();
    }
    if (r.loadBalancerArn() == null)
      throw ElbErrors.validation("A load balancer ARN or listener ARNs must be specified");
    return require(r.loadBalancerArn()).listeners.values().stream()
        .map(ElbLoadBalancerOps::view)
        .toList();
  }

  Listener modifyListener(ModifyListenerRequest r) {
    ListenerModel l = requireListener(r.listenerArn());
    if (r.port() != null && !r.port().equals(l.port)) {
      boolean taken =
          rs.elb.loadBalancers.get(l.loadBalancerArn).listeners.values().stream()
              .anyMatch(o -> o != l && o.port.equals(r.port()));
      if (taken) throw ElbErrors.duplicateListener();
    }
    if (r.hasDefaultActions() && !r.defaultActions().isEmpty()) checkActions(r.defaultActions());
    if (r.port() != null) l.port = r.port();
    if (r.protocol() != null) l.protocol = r.protocolAsString();
    if (r.sslPolicy() != null) l.sslPolicy = r.sslPolicy();
    if (r.hasCertificates() && !r.certificates().isEmpty()) l.certificates = r.certificates();
    if (r.hasDefaultActions() && !r.defaultActions().isEmpty())
      l.defaultActions = r.defaultActions();
    return view(l);
  }

  void deleteListener(String arn) {
    removeListener(requireListener(arn));
  }

  private void removeListener(ListenerModel l) {
    LoadBalancerModel lb = rs.elb.loadBalancers.get(l.loadBalancerArn);
    if (lb != null) lb.listeners.remove(l.arn);
    rs.elb.listeners.remove(l.arn);
    l.rules.keySet().forEach(rs.elb.rules::remove);
  }

  /** Forward actions must name existing target groups; see {@link ForwardActions}. */
  void checkActions(List<Action> actions) {
    ForwardActions.check(actions, rs.elb);
  }

  LoadBalancerModel require(String arn) {
    LoadBalancerModel lb = arn == null ? null : rs.elb.loadBalancers.get(arn);
    if (lb == null) throw ElbErrors.loadBalancerNotFound();
    return lb;
  }

  ListenerModel requireListener(String arn) {
    ListenerModel l = arn == null ? null : rs.elb.listeners.get(arn);
    if (l == null) throw ElbErrors.listenerNotFound();
    return l;
  }

  static LoadBalancer view(LoadBalancerModel lb) {
    return LoadBalancer.builder()
        .loadBalancerArn(lb.arn)
        .loadBalancerName(lb.name)
        .dnsName(lb.dnsName)
        .canonicalHostedZoneId("Z32O12XQLNTSW2")
        .createdTime(lb.createdAt)
        .scheme(lb.scheme)
        .type(lb.type)
        .vpcId(lb.vpcId)
        .state(s -> s.code("active"))
        .ipAddressType("ipv4")
        .securityGroups(lb.securityGroups)
        .availabilityZones(
            lb.subnets.stream()
                .map(s -> AvailabilityZone.builder().subnetId(s).zoneName("zone-of-" + s).build())
                .toList())
        .build();
  }

  static Listener view(ListenerModel l) {
    return Listener.builder()
        .listenerArn(l.arn)
        .loadBalancerArn(l.loadBalancerArn)
        .port(l.port)
        .protocol(l.protocol)
        .sslPolicy(l.sslPolicy)
        .certificates(l.certificates)
        .defaultActions(l.defaultActions)
        .build();
  }
}
