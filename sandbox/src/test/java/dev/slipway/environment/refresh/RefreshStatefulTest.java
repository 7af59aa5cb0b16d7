package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import dev.slipway.aws.ElastiCachePort;
import dev.slipway.aws.OpenSearchDomainPort;
import dev.slipway.aws.RdsPort;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.FaultKind;
import dev.slipway.sandbox.sim.FaultRule;
import dev.slipway.sandbox.sim.RdsClusterInfo;
import dev.slipway.sandbox.sim.RdsTimings;
import dev.slipway.sandbox.sim.SimClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Random sequences of what happens to a refresh (asked for again, the operator crashing at the k-th
 * RDS call, a pass whose status write is lost, capacity shortages, a foreign cluster appearing
 * under another identifier, nights that delete the cluster (deleteWhenAsleep), some held back,
 * mornings, time passing), run against the RDS simulator, with the refresh's promises checked after
 * every step: it deletes only what it proves is its own, restores at most once per run and never in
 * a night's deletion, deletes at most once per night, starts a refresh when a morning finds the
 * cluster deleted, leaves no cluster of its own that no run knows, and, once the trouble stops,
 * ends in the day with exactly one available cluster with its writer made by the last run.
 */
class RefreshStatefulTest {
  static final String PROD = "111111111111";
  static final String STG = "123456789012";
  static final String REGION = "ap-northeast-1";
  static final ObjectMapper JSON = new ObjectMapper();
  static final int SEQUENCES = Integer.getInteger("slipway.stateful.tries", 40);

  @Test
  void randomSequencesKeepTheRefreshPromises() {
    for (int seed = 1; seed <= SEQUENCES; seed++) new Sequence(seed).run();
  }

  /** One seeded sequence; its seed is in every failure message. */
  static final class Sequence {
    final long seed;
    final Random random;
    final SimClock clock = SimClock.manual(Instant.parse("2026-12-07T20:00:00Z"));
    final AwsSimulator aws;
    final Refreshes refreshes;
    final StagingEnvironment env = env();
    RefreshStatus persisted = new RefreshStatus();

    /** What the schedule says now (deleteWhenAsleep); nights are named n1, n2... */
    Refreshes.Night night = Refreshes.Night.AWAKE;

    int nights;
    final Map<String, Set<String>> deletionsPerNight = new HashMap<>();

    /** Set by a step: the k-th RDS call from now fails as if the process died just before it. */
    int crashAtCall = -1;

    int rdsCalls;
    final Map<String, Integer> restoresPerRun = new HashMap<>();
    final List<String> violations = new ArrayList<>();
    final List<String> trace = new ArrayList<>();

    Sequence(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      this.aws =
          AwsSimulator.builder()
              .clock(clock)
              .defaultAccountId(STG)
              .seed(seed)
              .rdsTimings(RdsTimings.fast())
              .build();
      aws.seedAuroraCluster(PROD, REGION, "prod-main", "aurora-mysql", "5.7.mysql_aurora.2.11.2");
      aws.shareClusterWith(PROD, REGION, "prod-main", STG);
      AwsClientFactory tapped = tap(aws);
      AwsCalls calls = new AwsCalls(AwsResilienceSettings.defaults(), new SimpleMeterRegistry());
      this.refreshes =
          new Refreshes(
              new RdsPort(tapped, calls),
              new EcsPort(tapped, calls),
              new ElastiCachePort(tapped, calls),
              new OpenSearchDomainPort(tapped, calls),
              new AccountGuard(tapped, calls),
              clock,
              new Random(seed));
    }

    void run() {
      for (int step = 0; step < 30; step++) {
        String op = pick();
        trace.add(op);
        apply(op);
        check();
      }
      // The trouble stops: no crash, no fault, time passes until the last run ended.
      aws.faults().clear();
      crashAtCall = -1;
      trace.add("quiet");
      night = Refreshes.Night.AWAKE;
      for (int i = 0; i < 400 && busy(); i++) pass(false);
      check();
      if (!"Succeeded".equals(lastResult()) || deleted()) {
        trace.add("refresh-now (final)");
        annotate("final");
        for (int i = 0; i < 400 && busy(); i++) pass(false);
      }
      assertThat(violations).as(context()).isEmpty();
      assertThat(lastResult()).as(context()).isEqualTo("Succeeded");
      List<RdsClusterInfo> mine = staging();
      assertThat(mine)
          .as(context())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.status()).isEqualTo("available");
                assertThat(c.tags())
                    .containsEntry("slipway.dev/refresh-run", persisted.lastSucceededRun);
                assertThat(c.members())
                    .singleElement()
                    .satisfies(m -> assertThat(m.writer()).isTrue());
              });
    }

    private String pick() {
      int r = random.nextInt(100);
      if (r < 20) return "refresh-now";
      if (r < 35) return "crash-at-" + (1 + random.nextInt(6));
      if (r < 45) return "lose-status";
      if (r < 52) return "capacity-fault";
      if (r < 57) return "faults-off";
      if (r < 60) return "foreign-cluster";
      if (r < 66) return "night";
      if (r < 69) return "night-held";
      if (r < 75) return "morning";
      return "pass";
    }

    private void apply(String op) {
      switch (op) {
        case "refresh-now" -> {
          annotate("t" + trace.size());
          pass(false);
        }
        case "lose-status" -> pass(true);
        case "capacity-fault" ->
            aws.faults()
                .set(
                    "rds:InsufficientDBClusterCapacity",
                    FaultRule.errors(0.7, FaultKind.INTERNAL_FAILURE));
        case "faults-off" -> aws.faults().clear();
        case "foreign-cluster" ->
            aws.seedAuroraCluster(
                STG,
                REGION,
                "stg-other-" + trace.size(),
                "aurora-mysql",
                "8.0.mysql_aurora.3.05.2");
        case "night" -> {
          night = new Refreshes.Night(true, "n" + ++nights, null);
          pass(false);
        }
        case "night-held" -> {
          night = new Refreshes.Night(true, "n" + ++nights, "a branch environment is awake");
          pass(false);
        }
        case "morning" -> {
          night = Refreshes.Night.AWAKE;
          pass(false);
        }
        case "pass" -> pass(false);
        default -> {
          crashAtCall = Integer.parseInt(op.substring("crash-at-".length()));
          pass(false);
        }
      }
    }

    /** One operator pass on a copy of the status, written back unless lost or crashed. */
    private void pass(boolean loseStatusWrite) {
      RefreshStatus working = JSON.convertValue(persisted, RefreshStatus.class);
      try {
        Refreshes.State s = refreshes.reconcile(env, working, null, night, service -> null);
        if (!loseStatusWrite) persisted = working;
        checkNight(working);
        Duration wait = s.lookAgain() == null ? Duration.ofMinutes(1) : s.lookAgain();
        clock.advance(wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
      } catch (Crash c) {
        // The process died mid-pass: nothing of this pass reached status.
        clock.advance(Duration.ofSeconds(30));
      }
    }

    private boolean asked() {
      return persisted.requestAcknowledged != null
          && persisted.requestAcknowledged.equals(
              env.getMetadata().getAnnotations().get(Refreshes.REFRESH_NOW));
    }

    /** The last refresh's result; a night's deletion is not a refresh. */
    private String lastResult() {
      return persisted.history.stream()
          .filter(r -> !NightDeletion.SLEEP.equals(r.trigger))
          .map(r -> r.result)
          .findFirst()
          .orElse(null);
    }

    private boolean deleted() {
      return persisted.night != null && Boolean.TRUE.equals(persisted.night.datastoresDeleted);
    }

    /** A run in progress, a request not yet seen, or a morning's refresh not yet started. */
    private boolean busy() {
      boolean owedWake = !night.asleep() && deleted() && persisted.night.wakeRun == null;
      return persisted.current != null || !asked() || owedWake;
    }

    /**
     * R-4..R-6 after a pass: a night's deletion never restores, one night deletes once (its run id
     * may come back, when a pass's status was lost, but never another), and a morning that finds
     * the cluster deleted starts the refresh that brings it back in the same pass.
     */
    private void checkNight(RefreshStatus after) {
      RefreshStatus.Run run = after.current;
      // A deletion belongs to the night it began in (one may still run when the next begins).
      if (run != null
          && NightDeletion.SLEEP.equals(run.trigger)
          && night.asleep()
          && deletionsPerNight.values().stream().noneMatch(ids -> ids.contains(run.runId))) {
        Set<String> ids = deletionsPerNight.computeIfAbsent(night.until(), k -> new HashSet<>());
        ids.add(run.runId);
        if (ids.size() > 1) violations.add("R-5: night " + night.until() + " deleted twice " + ids);
        if (night.holdBack() != null) {
          violations.add("R-5: night " + night.until() + " deleted though held back");
        }
      }
      restoresPerRun.forEach(
          (id, n) -> {
            if (id.startsWith("d-")) violations.add("R-4: deletion run " + id + " restored");
          });
      boolean owed =
          !night.asleep()
              && after.night != null
              && Boolean.TRUE.equals(after.night.datastoresDeleted)
              && after.night.wakeRun == null;
      if (owed && after.current == null) {
        violations.add("R-6: a morning found the datastores deleted and started no refresh");
      }
    }

    private void annotate(String value) {
      env.getMetadata().setAnnotations(Map.of(Refreshes.REFRESH_NOW, value));
    }

    /** after every step (R-1 is checked on every delete call as it is made). */
    private void check() {
      restoresPerRun.forEach(
          (run, n) -> {
            if (n > 1) violations.add("R-2: run " + run + " restored " + n + " times");
          });
      List<String> known = new ArrayList<>();
      if (persisted.current != null) known.add(persisted.current.runId);
      persisted.history.forEach(r -> known.add(r.runId));
      for (RdsClusterInfo c : staging()) {
        String run = c.tags().get("slipway.dev/refresh-run");
        if (persisted.current == null && !known.contains(run) && !"deleting".equals(c.status())) {
          violations.add("R-3: cluster of run " + run + " is known to no run (" + c.status() + ")");
        }
      }
      for (RdsClusterInfo c : aws.rdsClusters(STG, REGION)) {
        if (c.id().startsWith("stg-other") && !"available".equals(c.status())) {
          violations.add("R-1: foreign cluster " + c.id() + " is " + c.status());
        }
      }
    }

    private List<RdsClusterInfo> staging() {
      return aws.rdsClusters(STG, REGION).stream().filter(c -> c.id().equals("stg-main")).toList();
    }

    private String context() {
      return "seed " + seed + ", steps " + trace + ", refresh " + JSON.valueToTree(persisted);
    }

    /**
     * The operator's view of AWS: the RDS client counts calls (to crash at the k-th), checks every
     * delete against the simulator's tags before it is made and counts restores per run.
     */
    private AwsClientFactory tap(AwsSimulator sim) {
      return new AwsClientFactory() {
        @Override
        public EcsClient ecs(AwsTarget t) {
          return sim.ecs(t);
        }

        @Override
        public ElasticLoadBalancingV2Client elb(AwsTarget t) {
          return sim.elb(t);
        }

        @Override
        public StsClient sts(AwsTarget t) {
          return sim.sts(t);
        }

        @Override
        public ApplicationAutoScalingClient autoscaling(AwsTarget t) {
          return sim.autoscaling(t);
        }

        @Override
        public RdsClient rds(AwsTarget t) {
          RdsClient real = sim.rds(t);
          return (RdsClient)
              Proxy.newProxyInstance(
                  RdsClient.class.getClassLoader(),
                  new Class<?>[] {RdsClient.class},
                  (proxy, method, args) -> {
                    if (++rdsCalls == crashAtCall) {
                      crashAtCall = -1;
                      throw new Crash();
                    }
                    String name = method.getName();
                    if (name.equals("deleteDBCluster") || name.equals("deleteDBInstance")) {
                      checkOwned(args[0]);
                    }
                    Object out;
                    try {
                      out = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                    if (name.equals("restoreDBClusterToPointInTime")
                        && args[0] instanceof RestoreDbClusterToPointInTimeRequest r) {
                      r.tags().stream()
                          .filter(tag -> tag.key().equals("slipway.dev/refresh-run"))
                          .forEach(tag -> restoresPerRun.merge(tag.value(), 1, Integer::sum));
                    }
                    return out;
                  });
        }
      };
    }

    private void checkOwned(Object request) {
      String text = String.valueOf(request);
      boolean foreign =
          aws.rdsClusters(STG, REGION).stream()
              .filter(c -> !"slipway-owner".equals(c.tags().get("slipway.dev/refresh-owner")))
              .anyMatch(
                  c ->
                      text.contains("=" + c.id() + ",")
                          || text.contains("=" + c.id() + ")")
                          || c.members().stream()
                              .anyMatch(
                                  m ->
                                      text.contains("=" + m.instanceId() + ",")
                                          || text.contains("=" + m.instanceId() + ")")));
      if (foreign) violations.add("R-1: delete of something not the refresh's: " + text);
    }

    private static StagingEnvironment env() {
      StagingEnvironment e = new StagingEnvironment();
      e.getMetadata().setName("stg");
      e.getMetadata().setNamespace("default");
      e.getMetadata().setUid("slipway-owner");
      e.getMetadata().setAnnotations(Map.of());
      StagingEnvironmentSpec spec = new StagingEnvironmentSpec();
      spec.aws = new AwsSpec();
      spec.aws.accountId = STG;
      spec.aws.region = REGION;
      RefreshSpec refresh = new RefreshSpec();
      RefreshSpec.Aurora a = new RefreshSpec.Aurora();
      a.name = "main";
      a.engine = "aurora-mysql";
      a.source = new RefreshSpec.AuroraSource();
      a.source.clusterArn = "arn:aws:rds:" + REGION + ":" + PROD + ":cluster:prod-main";
      a.target = new RefreshSpec.AuroraTarget();
      a.target.clusterIdentifier = "stg-main";
      a.target.subnetGroup = "stg-db";
      a.target.instanceClass = "db.r6g.large";
      a.target.kmsKeyId = "arn:aws:kms:" + REGION + ":" + STG + ":key/staging";
      refresh.aurora = List.of(a);
      refresh.historyLimit = 30;
      refresh.deleteWhenAsleep = true;
      spec.refresh = refresh;
      e.setSpec(spec);
      return e;
    }
  }

  /** The operator process dying before a call reaches AWS. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("crash", null, false, false);
    }
  }
}
