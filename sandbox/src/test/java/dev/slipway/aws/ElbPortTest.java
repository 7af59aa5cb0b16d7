package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.SimClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** The ELBv2 port against the simulator: batching, "already gone" handling and lookups. */
class ElbPortTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "ap-northeast-1";

  private final AwsSimulator sim =
      AwsSimulator.builder()
          .clock(SimClock.manual(Instant.parse("2030-01-01T00:00:00Z")))
          .defaultAccountId(ACCOUNT)
          .throttling(false)
          .build();
  private final AwsTarget t = new AwsTarget(ACCOUNT, REGION, null);
  private final AtomicLong nanos = new AtomicLong();
  // Client-side pacing runs on fake time: these tests are about the calls, not the rates.
  private final ElbPort elb =
      new ElbPort(
          sim,
          new AwsCalls(
              AwsResilienceSettings.defaults(),
              new SimpleMeterRegistry(),
              nanos::get,
              nanos::addAndGet));
  private final String lb = sim.createLoadBalancer(ACCOUNT, REGION, "qa");
  private final List<Tag> tags = List.of(Tag.builder().key("k").value("v").build());

  private String targetGroup(String name) {
    return elb.createTargetGroup(t, new ElbPort.TargetGroupSpec(name, "vpc-1", 8080, "/up"), tags)
        .targetGroupArn();
  }

  @Test
  void tagsAreReadInBatchesOfTwentyAndSkipResourcesDeletedMeanwhile() {
    String tg = targetGroup("web");
    List<String> arns = new ArrayList<>();
    for (int port = 10000; port < 10045; port++) {
      arns.add(elb.createListener(t, lb, port, tg, tags).listenerArn());
    }
    String gone = arns.get(30);
    elb.deleteListener(t, gone);
    long before = sim.calls("elasticloadbalancing", "DescribeTags").received();

    var read = elb.tags(t, arns);

    assertThat(read).hasSize(44).doesNotContainKey(gone);
    assertThat(read.values()).allSatisfy(m -> assertThat(m).containsEntry("k", "v"));
    // 3 batches, and the one that met the deleted listener re-read one ARN at a time.
    long calls = sim.calls("elasticloadbalancing", "DescribeTags").received() - before;
    assertThat(calls).isEqualTo(3 + 20);
  }

  @Test
  void deletesOfResourcesAlreadyGoneSucceed() {
    String tg = targetGroup("web");
    String listener = elb.createListener(t, lb, 80, tg, tags).listenerArn();
    String rule = elb.createHostRule(t, listener, 5, "a.example.com", tg, tags).ruleArn();
    for (int round = 0; round < 2; round++) {
      elb.deleteRule(t, rule);
      elb.deleteListener(t, listener);
      elb.deleteTargetGroup(t, tg);
    }
    assertThat(sim.inventory(ACCOUNT, REGION).listeners()).isEmpty();
    assertThat(sim.inventory(ACCOUNT, REGION).targetGroups()).isEmpty();
  }

  @Test
  void aFailureWithoutAnAwsErrorCodeIsNotNotFound() {
    assertThat(ElbPort.isNotFound(new IllegalStateException("connection reset"))).isFalse();
  }

  @Test
  void lookupsDescribeWhatExists() {
    assertThat(elb.targetGroupByName(t, "nope")).isEmpty();
    String tg = targetGroup("web");
    assertThat(elb.targetGroupByName(t, "web"))
        .get()
        .extracting(g -> g.targetGroupArn())
        .isEqualTo(tg);
    assertThat(elb.targetGroupByName(t, "web").get().healthCheckPath()).isEqualTo("/up");
    String listener = elb.createListener(t, lb, 80, tg, tags).listenerArn();
    elb.createHostRule(t, listener, 7, "a.example.com", tg, tags);
    assertThat(elb.rules(t, listener))
        .singleElement()
        .satisfies(r -> assertThat(r.priority()).isEqualTo("7"));
    assertThat(elb.listeners(t, lb))
        .singleElement()
        .satisfies(l -> assertThat(l.port()).isEqualTo(80));
    assertThat(elb.dnsName(t, lb)).endsWith(".ap-northeast-1.elb.amazonaws.com");
    elb.addTags(t, List.of(listener), List.of(Tag.builder().key("k2").value("v2").build()));
    assertThat(elb.tags(t, List.of(listener)).get(listener)).containsEntry("k2", "v2");
  }
}
