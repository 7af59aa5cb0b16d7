package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/** Seeding load balancers and listeners with the exact ARNs a manifest names. */
class SeedTest {
  static final String LB =
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/qa/50dc6c495c0c9188";
  static final String LISTENER =
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/qa/50dc6c495c0c9188/f2f7dc8efc522ab2";

  private final SimFixture f = new SimFixture();
  private final ElasticLoadBalancingV2Client elb = f.sim.elb(f.target);

  @Test
  void seededLoadBalancerHasTheArnAndARealisticDnsName() {
    f.sim.seedLoadBalancer(SimFixture.ACCOUNT, SimFixture.REGION, LB);

    LoadBalancer lb = elb.describeLoadBalancers(r -> r.loadBalancerArns(LB)).loadBalancers().get(0);
    assertThat(lb.loadBalancerName()).isEqualTo("qa");
    assertThat(lb.typeAsString()).isEqualTo("application");
    assertThat(lb.dnsName()).matches("qa-\\d{10}\\.eu-west-1\\.elb\\.amazonaws\\.com");
  }

  @Test
  void seedingTwiceKeepsTheFirstLoadBalancer() {
    f.sim.seedLoadBalancer(SimFixture.ACCOUNT, SimFixture.REGION, LB);
    String dns =
        elb.describeLoadBalancers(r -> r.loadBalancerArns(LB)).loadBalancers().get(0).dnsName();

    f.sim.seedLoadBalancer(SimFixture.ACCOUNT, SimFixture.REGION, LB);

    assertThat(elb.describeLoadBalancers().loadBalancers()).hasSize(1);
    assertThat(elb.describeLoadBalancers().loadBalancers().get(0).dnsName()).isEqualTo(dns);
  }

  @Test
  void seededListenerBelongsToItsLoadBalancerAndAnswers404() {
    f.sim.seedListener(SimFixture.ACCOUNT, SimFixture.REGION, LISTENER);
    f.sim.seedListener(SimFixture.ACCOUNT, SimFixture.REGION, LISTENER);

    Listener l = elb.describeListeners(r -> r.loadBalancerArn(LB)).listeners().get(0);
    assertThat(elb.describeListeners(r -> r.loadBalancerArn(LB)).listeners()).hasSize(1);
    assertThat(l.listenerArn()).isEqualTo(LISTENER);
    assertThat(l.port()).isEqualTo(80);
    assertThat(l.defaultActions().get(0).fixedResponseConfig().statusCode()).isEqualTo("404");
  }

  @Test
  void seededListenerTakesTheNextFreePort() {
    String tg = f.sim.createTargetGroup(SimFixture.ACCOUNT, SimFixture.REGION, "web", 80);
    f.sim.seedLoadBalancer(SimFixture.ACCOUNT, SimFixture.REGION, LB);
    f.sim.createListener(SimFixture.ACCOUNT, SimFixture.REGION, LB, 80, tg);

    f.sim.seedListener(SimFixture.ACCOUNT, SimFixture.REGION, LISTENER);

    assertThat(elb.describeListeners(r -> r.listenerArns(LISTENER)).listeners().get(0).port())
        .isEqualTo(81);
  }

  @Test
  void malformedListenerArnIsRejected() {
    assertThatThrownBy(
            () ->
                f.sim.seedListener(
                    SimFixture.ACCOUNT,
                    SimFixture.REGION,
                    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener"))
        .isInstanceOf(ElasticLoadBalancingV2Exception.class);
  }
}
