package dev.slipway.environment;

import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.Inventory;
import dev.slipway.sandbox.sim.SimClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** A simulated account with a shared QA load balancer, and Routing instances over it. */
final class RoutingFixture {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "ap-northeast-1";
  static final String VPC = "vpc-qa";

  final AwsSimulator sim;
  final AwsTarget target = new AwsTarget(ACCOUNT, REGION, null);
  final String lb;
  private final boolean throttling;

  RoutingFixture(boolean throttling) {
    this.throttling = throttling;
    sim =
        AwsSimulator.builder()
            .clock(SimClock.manual(Instant.parse("2030-01-01T00:00:00Z")))
            .defaultAccountId(ACCOUNT)
            .throttling(throttling)
            .build();
    lb = sim.createLoadBalancer(ACCOUNT, REGION, "qa");
  }

  /**
   * A fresh Routing, as a restarted operator (or another replica) would build it: nothing shared
   * but AWS. Client-side rate limiting waits instead of failing fast, like queued reconciles.
   * Threads of one operator share one instance, as reconciles share the operator's AwsCalls.
   */
  Routing newRouting() {
    return new Routing(new ElbPort(sim, awsCalls()), target);
  }

  private AwsCalls awsCalls() {
    AwsResilienceSettings settings =
        AwsResilienceSettings.defaults().withMaxRateLimitWait(Duration.ofSeconds(60));
    if (throttling) return new AwsCalls(settings, new SimpleMeterRegistry());
    // Without AWS throttling, pace and back off on fake time: the tests are about allocation.
    AtomicLong nanos = new AtomicLong();
    return new AwsCalls(
        settings,
        new SimpleMeterRegistry(),
        nanos::get,
        n -> {
          nanos.addAndGet(n);
          Thread.yield();
        });
  }

  Inventory inventory() {
    return sim.inventory(ACCOUNT, REGION);
  }

  List<Inventory.ListenerInfo> listeners() {
    return inventory().listeners();
  }

  /** Tags of one ELBv2 resource, read directly from the simulator (unthrottled from now on). */
  Map<String, String> tagsOf(String arn) {
    sim.throttling(false);
    Map<String, String> out = new HashMap<>();
    sim.elb(target)
        .describeTags(r -> r.resourceArns(arn))
        .tagDescriptions()
        .get(0)
        .tags()
        .forEach(t -> out.put(t.key(), t.value()));
    return out;
  }

  /** A target group (and a listener on {@code port}) owned by nobody Slipway knows. */
  String foreignListener(int port) {
    String tg = sim.createTargetGroup(ACCOUNT, REGION, "foreign-" + port, 80);
    sim.createListener(ACCOUNT, REGION, lb, port, tg);
    return tg;
  }

  static AwsOwner owner(int i) {
    return new AwsOwner("qa/env-" + i + "/web", "uid-" + i);
  }

  static String tgName(int i) {
    return "qa-env-" + i + "-web";
  }

  /** Runs {@code n} tasks released at the same instant by one latch; returns their results. */
  static <T> List<T> concurrently(int n, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<T> body = task.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return body.call();
                }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) out.add(f.get(5, TimeUnit.MINUTES));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
