package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.RdsClusterInfo;
import dev.slipway.sandbox.sim.SimClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * refresh.deleteWhenAsleep over a simulated night in Tokyo: the staging cluster stays while a
 * branch environment is awake, is deleted once every service and branch sleeps, is not deleted a
 * second time the same night after an on-demand wake brought it back, and the morning's wake runs
 * the refresh first, with every service still at zero until the cluster is back.
 */
class DeleteWhenAsleepIT {
  static final String PROD = "111111111111";
  static final String REGION = Sandbox.REGION;
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static EnvironmentFixture fx;
  static RefreshRuns runs;

  @BeforeAll
  static void start() {
    fx = EnvironmentFixture.start(Duration.ofMillis(500));
    runs = new RefreshRuns(fx);
    fx.sandbox
        .aws()
        .seedAuroraCluster(PROD, REGION, "prod-owl", "aurora-mysql", "8.0.mysql_aurora.3.05.2");
    fx.sandbox.aws().shareClusterWith(PROD, REGION, "prod-owl", Sandbox.ACCOUNT);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void theNightDeletesOnceAndTheMorningRefreshesBeforeWaking() {
    SimClock clock = fx.sandbox.aws().clock();
    ZonedDateTime monday =
        ZonedDateTime.ofInstant(clock.instant(), TOKYO)
            .plusDays(1)
            .with(TemporalAdjusters.next(DayOfWeek.MONDAY))
            .with(LocalTime.of(10, 0));
    advanceTo(clock, monday);

    StagingEnvironment shared = Environments.sharedPort("owl", Engine.mysql, fx.lb, 14000, 14010);
    shared.getSpec().branches.ttl = null;
    shared.getSpec().schedule = StagingScheduleIT.schedule(List.of(), "Mon-Fri", "08:00", "21:00");
    shared.getSpec().refresh = refresh();
    fx.apply(shared);
    StagingEnvironment branch = Environments.branch("owl-qa", "owl", "qa/owl", "qa-owl-1");
    branch.getSpec().schedule = new ScheduleSpec();
    branch.getSpec().schedule.alwaysAwake = true;
    fx.apply(branch);
    fx.awaitPhase("owl-qa", Phase.Ready);

    // The first cluster comes from an on-demand refresh in the day; nothing is deleted by day.
    RefreshStatus.Run first = runs.refreshNow("owl", "1");
    assertThat(first.result).as(first.message).isEqualTo("Succeeded");
    assertThat(cluster()).map(RdsClusterInfo::status).contains("available");
    fx.awaitPhase("owl", Phase.Ready);

    // 21:00: the shared environment sleeps, but its branch is always awake: the cluster stays.
    advanceTo(clock, monday.with(LocalTime.of(21, 0)));
    StagingEnvironment held =
        runs.eventually(
            () -> {
              StagingEnvironment e = fx.get("owl");
              RefreshStatus r = e.getStatus().refresh;
              // Services sleep first; then the awake branch is what holds the deletion back.
              return e.getStatus().phase == Phase.Sleeping
                      && r.night != null
                      && r.night.heldBack != null
                      && r.night.heldBack.contains("owl-qa")
                  ? e
                  : null;
            });
    assertThat(held.getStatus().refresh.night.heldBack).contains("owl-qa");
    assertThat(held.getStatus().message).contains("datastores kept for now");
    assertThat(cluster()).map(RdsClusterInfo::status).contains("available");
    assertThat(deletions()).isZero();

    // The branch follows the shared schedule again: it sleeps, and the night's deletion runs.
    branch = fx.get("owl-qa");
    branch.getSpec().schedule = null;
    fx.apply(branch);
    RefreshStatus.Run deletion = awaitRunOf("owl", "Sleep", 1);
    assertThat(deletion.trigger).isEqualTo("Sleep");
    assertThat(deletion.result).as(deletion.message).isEqualTo("Succeeded");
    assertThat(deletion.steps).extracting(s -> s.step).doesNotContain("restore");
    RefreshStatus.Night night = fx.get("owl").getStatus().refresh.night;
    assertThat(night.datastoresDeleted).isTrue();
    assertThat(Instant.parse(night.until))
        .isEqualTo(monday.plusDays(1).with(LocalTime.of(8, 0)).toInstant());
    awaitClusterGone();
    fx.awaitPhase("owl-qa", Phase.Sleeping);
    long restoresAfterDeletion = restores();

    // 22:00: woken on demand until 23:00, the refresh comes first and brings the cluster back.
    advanceTo(clock, monday.with(LocalTime.of(22, 0)));
    fx.annotate(
        "owl",
        "slipway.dev/wake-until",
        monday.with(LocalTime.of(23, 0)).toOffsetDateTime().toString());
    RefreshStatus.Run wake = awaitRunWhileAsleep("owl");
    assertThat(wake.trigger).isEqualTo("Wake");
    assertThat(wake.result).as(wake.message).isEqualTo("Succeeded");
    assertThat(restores() - restoresAfterDeletion).isEqualTo(1);
    assertThat(cluster()).map(RdsClusterInfo::status).contains("available");
    assertThat(fx.get("owl").getStatus().refresh.night.datastoresDeleted).isNull();

    // 23:00: asleep again the same night: no second deletion.
    advanceTo(clock, monday.with(LocalTime.of(23, 30)));
    fx.awaitPhase("owl", Phase.Sleeping);
    runs.eventually(
        () -> clock.instant().isAfter(monday.with(LocalTime.of(23, 45)).toInstant()) ? true : null);
    assertThat(deletions()).isEqualTo(1);
    assertThat(cluster()).map(RdsClusterInfo::status).contains("available");

    // Tuesday: the night deletes again; the morning refreshes before any service wakes.
    ZonedDateTime tuesday = monday.plusDays(1);
    advanceTo(clock, tuesday.with(LocalTime.of(7, 0)));
    advanceTo(clock, tuesday.with(LocalTime.of(21, 30)));
    RefreshStatus.Run second = awaitRunOf("owl", "Sleep", 2);
    assertThat(second.result).as(second.message).isEqualTo("Succeeded");
    awaitClusterGone();
    advanceTo(clock, tuesday.plusDays(1).with(LocalTime.of(8, 0)));
    RefreshStatus.Run morning = awaitRunWhileAsleep("owl");
    assertThat(morning.trigger).isEqualTo("Wake");
    assertThat(morning.result).as(morning.message).isEqualTo("Succeeded");
    StagingEnvironment awake = fx.awaitPhase("owl", Phase.Ready);
    assertThat(awake.getStatus().refresh.lastSucceededRun).isEqualTo(morning.runId);
    assertThat(cluster().orElseThrow().tags())
        .containsEntry("slipway.dev/refresh-run", morning.runId);
    // The branch's schema lived in the deleted data: it is prepared again for the new run.
    runs.eventually(
        () -> {
          StagingEnvironment b = fx.get("owl-qa");
          return morning.runId.equals(b.getStatus().refreshRun)
                  && b.getStatus().phase == Phase.Ready
              ? b
              : null;
        });
  }

  /**
   * Waits for the run that starts next and checks, on every look while it runs, that the
   * environment's services stay at zero: a wake refreshes before it scales anything up. The pass
   * that ends the run wakes the services before it writes the run to history, so a service seen
   * awake counts only if the run is still in progress once that pass had time to write.
   */
  private static RefreshStatus.Run awaitRunWhileAsleep(String env) {
    String[] runId = new String[1];
    return runs.eventually(
        () -> {
          RefreshStatus r = fx.get(env).getStatus().refresh;
          if (r.current != null) {
            runId[0] = r.current.runId;
            List<String> awake = awakeServices(env);
            if (!awake.isEmpty()) {
              await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
              RefreshStatus again = fx.get(env).getStatus().refresh;
              assertThat(again.current == null ? null : again.current.runId)
                  .as(awake + " awake during " + runId[0])
                  .isNotEqualTo(runId[0]);
            }
            return null;
          }
          if (runId[0] == null || r.history.isEmpty()) return null;
          return r.history.stream().filter(h -> h.runId.equals(runId[0])).findFirst().orElse(null);
        });
  }

  private static List<String> awakeServices(String env) {
    return fx.childrenOf(fx.get(env)).stream()
        .map(sr -> sr.getMetadata().getName())
        .filter(name -> fx.service(name).desiredCount() != 0)
        .toList();
  }

  /** The {@code n}th finished run with {@code trigger}, counted over the history. */
  private static RefreshStatus.Run awaitRunOf(String env, String trigger, int n) {
    return runs.eventually(
        () -> {
          RefreshStatus r = fx.get(env).getStatus().refresh;
          List<RefreshStatus.Run> of =
              r.history.stream().filter(h -> trigger.equals(h.trigger)).toList();
          return r.current == null && of.size() >= n ? of.get(0) : null;
        });
  }

  private static long deletions() {
    return fx.get("owl").getStatus().refresh.history.stream()
        .filter(h -> "Sleep".equals(h.trigger))
        .count();
  }

  private static void awaitClusterGone() {
    await()
        .atMost(EnvironmentFixture.WAIT)
        .until(
            () -> {
              fx.sandbox.aws().clock().advance(Duration.ofMinutes(1));
              return cluster().isEmpty();
            });
  }

  private static Optional<RdsClusterInfo> cluster() {
    return fx.sandbox.aws().rdsClusters(Sandbox.ACCOUNT, REGION).stream()
        .filter(c -> c.id().equals("stg-owl"))
        .findFirst();
  }

  private static long restores() {
    return fx.sandbox.aws().calls("rds", "RestoreDBClusterToPointInTime").received();
  }

  private static RefreshSpec refresh() {
    RefreshSpec r = new RefreshSpec();
    r.deleteWhenAsleep = true;
    RefreshSpec.Aurora a = new RefreshSpec.Aurora();
    a.name = "main";
    a.engine = "aurora-mysql";
    a.source = new RefreshSpec.AuroraSource();
    a.source.clusterArn = "arn:aws:rds:" + REGION + ":" + PROD + ":cluster:prod-owl";
    a.target = new RefreshSpec.AuroraTarget();
    a.target.clusterIdentifier = "stg-owl";
    a.target.subnetGroup = "stg-db";
    a.target.instanceClass = "db.r6g.large";
    a.target.kmsKeyId = "arn:aws:kms:" + REGION + ":" + Sandbox.ACCOUNT + ":key/staging";
    r.aurora = List.of(a);
    return r;
  }

  private static void advanceTo(SimClock clock, ZonedDateTime when) {
    Duration by = Duration.between(clock.instant(), when.toInstant());
    if (!by.isNegative()) clock.advance(by);
  }
}
