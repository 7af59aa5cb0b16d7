package dev.slipway.aws.routing;

import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.Inventory;
import dev.slipway.sandbox.sim.SimClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * A simulated account with a production load balancer whose listener forwards to one target group,
 * and allocators over it built as a restarted operator or another replica would build them.
 */
final class SlotsWorld {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "ap-northeast-1";

  final AwsSimulator sim =
      AwsSimulator.builder()
          .clock(SimClock.manual(Instant.parse("2030-01-01T00:00:00Z")))
          .defaultAccountId(ACCOUNT)
          .throttling(false)
          .build();
  final AwsTarget target = new AwsTarget(ACCOUNT, REGION, null);
  final String lb = sim.createLoadBalancer(ACCOUNT, REGION, "prod");
  final String green = sim.createTargetGroup(ACCOUNT, REGION, "green", 8080);
  final String listener = sim.createListener(ACCOUNT, REGION, lb, 443, green);

  /** An ELB port over {@code clients}: nothing shared with other replicas but AWS. */
  ElbPort elb(AwsClientFactory clients) {
    // Client-side pacing and retry backoff run on fake time: these tests are about allocation.
    AtomicLong nanos = new AtomicLong();
    return new ElbPort(
        clients,
        new AwsCalls(
            AwsResilienceSettings.defaults(),
            new SimpleMeterRegistry(),
            nanos::get,
            nanos::addAndGet));
  }

  /** Rule priorities on the listener, through {@code clients}. */
  OwnedSlots rules(ElbPort elb) {
    return OwnedSlots.rulePriorities(elb, target);
  }

  /**
   * What a preview rule creator does: a rule forwarding one host to green, tagged as it is made.
   */
  OwnedSlots.Creator previewRule(ElbPort elb, String host) {
    return (priority, tags) -> elb.createHostRule(target, listener, priority, host, green, tags);
  }

  /** A rule on the listener that this test's allocators do not own, created straight in AWS. */
  String foreignRule(int priority, List<Tag> tags) {
    return sim.elb(target)
        .createRule(
            r ->
                r.listenerArn(listener)
                    .priority(priority)
                    .conditions(c -> c.field("host-header").hostHeaderConfig(h -> h.values("x")))
                    .actions(a -> a.type("forward").targetGroupArn(green))
                    .tags(tags))
        .rules()
        .get(0)
        .ruleArn();
  }

  /** The listener's rules as AWS holds them now. */
  List<Inventory.RuleInfo> rules() {
    return sim.inventory(ACCOUNT, REGION).rules().stream()
        .filter(r -> r.listenerArn().equals(listener))
        .toList();
  }

  /** Tags of one ELBv2 resource, read straight from the simulator. */
  Map<String, String> tagsOf(String arn) {
    Map<String, String> out = new HashMap<>();
    sim.elb(target)
        .describeTags(r -> r.resourceArns(arn))
        .tagDescriptions()
        .forEach(d -> d.tags().forEach(t -> out.put(t.key(), t.value())));
    return out;
  }

  long calls(String operation) {
    return sim.calls("elasticloadbalancing", operation).received();
  }
}
