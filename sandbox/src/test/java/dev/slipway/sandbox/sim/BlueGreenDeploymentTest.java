package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentNotFoundException;

/**
 * ECS blue/green deployments driven through the SDK clients: every lifecycle stage, a PAUSE hook,
 * test traffic from the office reaching only green while production stays on blue, and the ways a
 * deployment rolls back. Not one request may reach an empty or unhealthy target group.
 */
class BlueGreenDeploymentTest {
  private final ProgressiveFixture f = new ProgressiveFixture();
  private String v1;
  private String v2;

  @BeforeEach
  void blueIsServing() {
    v1 = f.register("app:1");
    v2 = f.register("app:2");
    f.createAndSettle(v1, blueGreen(0).build());
    f.startTraffic();
  }

  @AfterEach
  void nothingLost() {
    f.assertNothingLost();
    assertThat(f.sim.traffic().foreignActionWritesDuringDeployment()).isZero();
  }

  static DeploymentConfiguration.Builder blueGreen(int bakeMinutes) {
    return DeploymentConfiguration.builder()
        .strategy("BLUE_GREEN")
        .bakeTimeInMinutes(bakeMinutes)
        .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))
        .lifecycleHooks(List.of());
  }

  static DeploymentLifecycleHook pauseAfterTestTraffic() {
    return DeploymentLifecycleHook.builder()
        .targetType("PAUSE")
        .lifecycleStagesWithStrings("POST_TEST_TRAFFIC_SHIFT")
        .timeoutConfiguration(t -> t.timeoutInMinutes(60).action("ROLLBACK"))
        .build();
  }

  private static boolean awaiting(ServiceDeployment d) {
    return d.lifecycleHookDetails().stream()
        .anyMatch(h -> h.statusAsString().equals("AWAITING_ACTION"));
  }

  @Test
  void everyStageInOrderWithAPauseHookReleasedByContinue() {
    String arn = f.deploy(v2, blueGreen(2).lifecycleHooks(pauseAfterTestTraffic()).build());
    List<String> before = f.runUntil(BlueGreenDeploymentTest::awaiting, Duration.ofMinutes(10));
    assertThat(before)
        .containsExactly(
            "PRE_SCALE_UP",
            "SCALE_UP",
            "POST_SCALE_UP",
            "TEST_TRAFFIC_SHIFT",
            "POST_TEST_TRAFFIC_SHIFT");
    ServiceDeployment paused = f.describe(arn);
    assertThat(paused.statusAsString()).isEqualTo("IN_PROGRESS");
    var hook = paused.lifecycleHookDetails().get(0);
    assertThat(hook.hookId()).matches("ecs-pause-[A-Za-z0-9_-]{43}");
    assertThat(hook.targetTypeAsString()).isEqualTo("PAUSE");
    assertThat(hook.timeoutActionAsString()).isEqualTo("ROLLBACK");
    assertThat(hook.expiresAt()).isAfter(f.clock.instant().plus(Duration.ofMinutes(59)));

    // Test traffic reaches green only; production stays on blue.
    assertThat(f.weights(f.testRule)).isEqualTo(Map.of(f.blueTg, 0, f.greenTg, 100));
    assertThat(f.weights(f.productionRule)).isEqualTo(Map.of(f.blueTg, 100, f.greenTg, 0));
    var traffic = f.trafficDuring(Duration.ofMinutes(1));
    assertThat(traffic.get("office")).isEqualTo(Map.of(v2, 600L));
    assertThat(traffic.get("public")).isEqualTo(Map.of(v1, 6000L));
    assertThat(f.current().targetServiceRevision().requestedTestTrafficWeight()).isEqualTo(100.0);

    assertThatThrownBy(
            () ->
                f.ecs.continueServiceDeployment(
                    r -> r.serviceDeploymentArn(arn).hookId("ecs-pause-nope")))
        .isInstanceOf(InvalidParameterException.class);
    f.ecs.continueServiceDeployment(
        r -> r.serviceDeploymentArn(arn).hookId(hook.hookId()).action("CONTINUE"));
    assertThatThrownBy(
            () ->
                f.ecs.continueServiceDeployment(
                    r -> r.serviceDeploymentArn(arn).hookId(hook.hookId())))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("not AWAITING_ACTION");

    List<String> after =
        f.runUntil(d -> d.statusAsString().equals("SUCCESSFUL"), Duration.ofMinutes(10));
    assertThat(after)
        .containsExactly(
            "POST_TEST_TRAFFIC_SHIFT",
            "PRODUCTION_TRAFFIC_SHIFT",
            "POST_PRODUCTION_TRAFFIC_SHIFT",
            "BAKE_TIME",
            "CLEAN_UP");
    assertThat(f.weights(f.productionRule)).isEqualTo(Map.of(f.blueTg, 0, f.greenTg, 100));
    traffic = f.trafficDuring(Duration.ofMinutes(1));
    assertThat(traffic.get("public")).isEqualTo(Map.of(v2, 6000L));
    var running =
        f.sim.inventory(ProgressiveFixture.ACCOUNT, ProgressiveFixture.REGION).runningTasks();
    assertThat(running).hasSize(2).allMatch(t -> t.taskDefinition().equals(v2));

    // The service keeps its configured load balancers; the revision says where its tasks are.
    var service = f.ecs.describeServices(r -> r.cluster("apps").services("web")).services().get(0);
    assertThat(service.loadBalancers().get(0).targetGroupArn()).isEqualTo(f.blueTg);
    assertThat(service.deployments())
        .singleElement()
        .satisfies(d -> assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED"));
    String target = f.describe(arn).targetServiceRevision().arn();
    var revision =
        f.ecs
            .describeServiceRevisions(r -> r.serviceRevisionArns(target))
            .serviceRevisions()
            .get(0);
    assertThat(revision.taskDefinition()).isEqualTo(v2);
    assertThat(revision.resolvedConfiguration().loadBalancers().get(0).targetGroupArn())
        .isEqualTo(f.greenTg);

    // The next deployment goes to the other target group: the roles have swapped.
    String v3 = f.register("app:3");
    String next = f.deploy(v3, blueGreen(0).build());
    f.runUntil(d -> d.statusAsString().equals("SUCCESSFUL"), Duration.ofMinutes(10));
    String third = f.describe(next).targetServiceRevision().arn();
    assertThat(
            f.ecs
                .describeServiceRevisions(r -> r.serviceRevisionArns(third))
                .serviceRevisions()
                .get(0)
                .resolvedConfiguration()
                .loadBalancers()
                .get(0)
                .targetGroupArn())
        .isEqualTo(f.blueTg);
    assertThat(f.weights(f.productionRule)).isEqualTo(Map.of(f.greenTg, 0, f.blueTg, 100));
    assertThat(f.trafficDuring(Duration.ofMinutes(1)).get("public")).isEqualTo(Map.of(v3, 6000L));
    var listed =
        f.ecs.listServiceDeployments(r -> r.cluster("apps").service("web")).serviceDeployments();
    assertThat(listed).hasSize(3).allMatch(d -> d.statusAsString().equals("SUCCESSFUL"));
  }

  @Test
  void continueWithRollbackSendsTestTrafficBackAndStopsGreen() {
    String arn = f.deploy(v2, blueGreen(2).lifecycleHooks(pauseAfterTestTraffic()).build());
    f.runUntil(BlueGreenDeploymentTest::awaiting, Duration.ofMinutes(10));
    String hookId = f.describe(arn).lifecycleHookDetails().get(0).hookId();
    f.ecs.continueServiceDeployment(
        r -> r.serviceDeploymentArn(arn).hookId(hookId).action("ROLLBACK"));
    f.runUntil(d -> d.statusAsString().equals("ROLLBACK_SUCCESSFUL"), Duration.ofMinutes(5));
    ServiceDeployment d = f.describe(arn);
    assertThat(d.rollback().serviceRevisionArn())
        .isEqualTo(d.sourceServiceRevisions().get(0).arn());
    assertThat(d.rollback().reason()).contains(hookId);
    assertThat(d.lifecycleHookDetails().get(0).statusAsString()).isEqualTo("FAILED");
    assertThat(f.weights(f.testRule)).isEqualTo(Map.of(f.blueTg, 100, f.greenTg, 0));
    var traffic = f.trafficDuring(Duration.ofMinutes(1));
    assertThat(traffic.get("office")).isEqualTo(Map.of(v1, 600L));
    assertThat(traffic.get("public")).isEqualTo(Map.of(v1, 6000L));
    var service = f.ecs.describeServices(r -> r.cluster("apps").services("web")).services().get(0);
    assertThat(service.taskDefinition()).isEqualTo(v1);
    assertThat(
            f.sim.inventory(ProgressiveFixture.ACCOUNT, ProgressiveFixture.REGION).runningTasks())
        .hasSize(2)
        .allMatch(t -> t.taskDefinition().equals(v1));
    assertThatThrownBy(
            () -> f.ecs.continueServiceDeployment(r -> r.serviceDeploymentArn(arn).hookId(hookId)))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void stopDuringBakeTimeSendsProductionBackToBlueAtOnce() {
    String arn = f.deploy(v2, blueGreen(10).build());
    f.runUntil(d -> "BAKE_TIME".equals(d.lifecycleStageAsString()), Duration.ofMinutes(10));
    assertThat(f.trafficDuring(Duration.ofMinutes(1)).get("public")).isEqualTo(Map.of(v2, 6000L));

    assertThatThrownBy(
            () -> f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(arn).stopType("ABORT")))
        .isInstanceOf(InvalidParameterException.class);
    f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(arn).stopType("ROLLBACK"));
    f.clock.advance(Duration.ofSeconds(5));
    assertThat(f.weights(f.productionRule)).isEqualTo(Map.of(f.blueTg, 100, f.greenTg, 0));
    assertThat(f.trafficDuring(Duration.ofSeconds(30)).get("public")).isEqualTo(Map.of(v1, 3000L));
    f.runUntil(d -> d.statusAsString().equals("ROLLBACK_SUCCESSFUL"), Duration.ofMinutes(2));
    assertThatThrownBy(() -> f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(arn)))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConflictException"));
    String unknown = arn.substring(0, arn.lastIndexOf('/') + 1) + "AAAAAAAAAAAAAAAAAAAAAA";
    assertThatThrownBy(() -> f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(unknown)))
        .isInstanceOf(ServiceDeploymentNotFoundException.class);
    assertThat(f.ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(unknown)).failures())
        .singleElement()
        .satisfies(x -> assertThat(x.reason()).isEqualTo("MISSING"));
  }

  @Test
  void anAlarmDuringBakeTimeRollsBack() {
    f.sim.setAlarmState(ProgressiveFixture.ACCOUNT, ProgressiveFixture.REGION, "web-5xx", "OK");
    String arn =
        f.deploy(
            v2,
            blueGreen(10).alarms(a -> a.alarmNames("web-5xx").enable(true).rollback(true)).build());
    f.runUntil(d -> "BAKE_TIME".equals(d.lifecycleStageAsString()), Duration.ofMinutes(10));
    assertThat(f.describe(arn).alarms().statusAsString()).isEqualTo("MONITORING");
    f.sim.setAlarmState(ProgressiveFixture.ACCOUNT, ProgressiveFixture.REGION, "web-5xx", "ALARM");
    assertThat(
            f.cloudwatch
                .describeAlarms(r -> r.alarmNames("web-5xx"))
                .metricAlarms()
                .get(0)
                .stateValueAsString())
        .isEqualTo("ALARM");
    f.runUntil(d -> d.statusAsString().equals("ROLLBACK_SUCCESSFUL"), Duration.ofMinutes(2));
    ServiceDeployment d = f.describe(arn);
    assertThat(d.alarms().triggeredAlarmNames()).containsExactly("web-5xx");
    assertThat(d.rollback().reason()).contains("web-5xx");
    assertThat(f.trafficDuring(Duration.ofMinutes(1)).get("public")).isEqualTo(Map.of(v1, 6000L));
  }

  @Test
  void aRevisionThatNeverGetsHealthyTripsTheBreakerAndRollsBack() {
    String bad = f.register("app:2-crashloop");
    String arn = f.deploy(bad, blueGreen(0).build());
    f.runUntil(d -> d.statusAsString().equals("ROLLBACK_SUCCESSFUL"), Duration.ofMinutes(15));
    ServiceDeployment d = f.describe(arn);
    assertThat(d.rollback().reason())
        .isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
    assertThat(d.deploymentCircuitBreaker().statusAsString()).isEqualTo("TRIGGERED");
    assertThat(d.deploymentCircuitBreaker().failureCount()).isGreaterThanOrEqualTo(3);
    assertThat(f.weights(f.productionRule)).isEqualTo(Map.of(f.blueTg, 100, f.greenTg, 0));
    assertThat(f.trafficDuring(Duration.ofMinutes(1)).get("public")).isEqualTo(Map.of(v1, 6000L));
    var listed =
        f.ecs
            .listServiceDeployments(
                r -> r.cluster("apps").service("web").statusWithStrings("ROLLBACK_SUCCESSFUL"))
            .serviceDeployments();
    assertThat(listed)
        .singleElement()
        .satisfies(x -> assertThat(x.serviceDeploymentArn()).isEqualTo(arn));
  }
}
