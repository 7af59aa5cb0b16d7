package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * Service deployments of rolling services, the checks on blue/green settings, Lambda and timed-out
 * PAUSE hooks, and the CloudWatch alarms API.
 */
class ServiceDeploymentsTest {
  private final SimFixture f = new SimFixture();

  @Test
  void rollingDeploymentsAreServiceDeploymentsToo() {
    String v1 = f.register("web", "nginx:1.25");
    f.create("web", v1, 2, true, true);
    f.advance(Duration.ofMinutes(3));
    String v2 = f.register("web", "nginx:1.26");
    f.ecs.updateService(r -> r.cluster(SimFixture.CLUSTER).service("web").taskDefinition(v2));
    var listed =
        f.ecs
            .listServiceDeployments(r -> r.cluster(SimFixture.CLUSTER).service("web"))
            .serviceDeployments();
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).statusAsString()).isEqualTo("IN_PROGRESS");
    assertThat(listed.get(1).statusAsString()).isEqualTo("SUCCESSFUL");
    assertThat(listed.get(0).serviceDeploymentArn())
        .matches(
            "arn:aws:ecs:eu-west-1:111122223333:service-deployment/apps/web/[A-Za-z0-9_-]{22}");
    f.advance(Duration.ofMinutes(3));
    var d =
        f.ecs
            .describeServiceDeployments(
                r -> r.serviceDeploymentArns(listed.get(0).serviceDeploymentArn()))
            .serviceDeployments()
            .get(0);
    assertThat(d.statusAsString()).isEqualTo("SUCCESSFUL");
    assertThat(d.lifecycleStage()).isNull();
    assertThat(d.sourceServiceRevisions())
        .singleElement()
        .satisfies(s -> assertThat(s.arn()).isEqualTo(listed.get(1).targetServiceRevisionArn()));
    var revision =
        f.ecs
            .describeServiceRevisions(r -> r.serviceRevisionArns(d.targetServiceRevision().arn()))
            .serviceRevisions()
            .get(0);
    assertThat(revision.taskDefinition()).isEqualTo(v2);
    assertThat(revision.containerImages().get(0).image()).isEqualTo("nginx:1.26");
    assertThat(
            f.ecs
                .listServiceDeployments(
                    r ->
                        r.cluster(SimFixture.CLUSTER)
                            .service("web")
                            .createdAt(
                                c -> c.after(f.clock.instant().minus(Duration.ofMinutes(4)))))
                .serviceDeployments())
        .hasSize(1);
    assertThatThrownBy(
            () -> f.ecs.listServiceDeployments(r -> r.cluster(SimFixture.CLUSTER).service("nope")))
        .isInstanceOf(ServiceNotFoundException.class);

    // A crashing revision trips the breaker; the service deployment records the rollback.
    String bad = f.register("web", "nginx:1.27-crashloop");
    f.ecs.updateService(r -> r.cluster(SimFixture.CLUSTER).service("web").taskDefinition(bad));
    f.poll(Duration.ofMinutes(10), Duration.ofSeconds(10));
    var failed =
        f.ecs
            .listServiceDeployments(r -> r.cluster(SimFixture.CLUSTER).service("web"))
            .serviceDeployments()
            .get(0);
    assertThat(failed.statusAsString()).isEqualTo("ROLLBACK_SUCCESSFUL");
    assertThat(failed.statusReason())
        .isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
  }

  @Test
  void stopServiceDeploymentRollsARollingDeploymentBack() {
    String v1 = f.register("web", "nginx:1.25");
    f.create("web", v1, 2, false, false);
    f.advance(Duration.ofMinutes(3));
    String v2 = f.register("web", "nginx:1.26-slow");
    f.ecs.updateService(r -> r.cluster(SimFixture.CLUSTER).service("web").taskDefinition(v2));
    String arn = f.describe("web").currentServiceDeployment();
    f.advance(Duration.ofSeconds(30));
    f.ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(arn));
    f.poll(Duration.ofMinutes(3), Duration.ofSeconds(10));
    var d =
        f.ecs
            .describeServiceDeployments(r -> r.serviceDeploymentArns(arn))
            .serviceDeployments()
            .get(0);
    assertThat(d.statusAsString()).isEqualTo("ROLLBACK_SUCCESSFUL");
    assertThat(f.describe("web").taskDefinition()).isEqualTo(v1);
  }

  @Test
  void blueGreenSettingsAreChecked() {
    ProgressiveFixture p = new ProgressiveFixture();
    String v1 = p.register("app:1");
    var noAdvanced =
        p.loadBalancer().toBuilder()
            .advancedConfiguration(
                (software.amazon.awssdk.services.ecs.model.AdvancedConfiguration) null)
            .build();
    assertThatThrownBy(
            () ->
                p.ecs.createService(
                    r ->
                        r.cluster("apps")
                            .serviceName("web")
                            .taskDefinition(v1)
                            .desiredCount(1)
                            .launchType("FARGATE")
                            .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("s")))
                            .loadBalancers(noAdvanced)
                            .deploymentConfiguration(d -> d.strategy("BLUE_GREEN"))))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
              assertThat(e.getMessage()).contains("advancedConfiguration");
            });
    assertThatThrownBy(
            () ->
                p.createAndSettle(
                    v1,
                    DeploymentConfiguration.builder()
                        .strategy("CANARY")
                        .canaryConfiguration(c -> c.canaryPercent(0.05))
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("canaryPercent");
    assertThatThrownBy(
            () ->
                p.createAndSettle(
                    v1,
                    DeploymentConfiguration.builder()
                        .strategy("BLUE_GREEN")
                        .lifecycleHooks(
                            h ->
                                h.targetType("AWS_LAMBDA")
                                    .lifecycleStagesWithStrings("PRE_SCALE_UP"))
                        .build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("AWS_LAMBDA");
  }

  @Test
  void lambdaHooksAreAskedAgainWhileInProgressAndAFailureRollsBack() {
    ProgressiveFixture p = new ProgressiveFixture(DeploymentTimings.fast());
    String v1 = p.register("app:1");
    String v2 = p.register("app:2");
    String v3 = p.register("app:3");
    p.createAndSettle(v1, BlueGreenDeploymentTest.blueGreen(0).build());
    p.startTraffic();
    AtomicInteger calls = new AtomicInteger();
    p.sim.lambdaHookAnswer(
        i -> {
          calls.incrementAndGet();
          if (i.hookTargetArn().endsWith(":fail")) {
            return LambdaHookAnswer.Outcome.FAILED;
          }
          return i.attempt() < 3
              ? LambdaHookAnswer.Outcome.inProgress(Duration.ofSeconds(30))
              : LambdaHookAnswer.Outcome.SUCCEEDED;
        });
    DeploymentLifecycleHook check =
        lambda("arn:aws:lambda:eu-west-1:111122223333:function:check", "POST_SCALE_UP");
    p.deploy(v2, BlueGreenDeploymentTest.blueGreen(0).lifecycleHooks(check).build());
    p.runUntil(d -> d.statusAsString().equals("SUCCESSFUL"), Duration.ofMinutes(10));
    assertThat(calls.get()).isEqualTo(3);
    assertThat(p.current().lifecycleHookDetails())
        .singleElement()
        .satisfies(h -> assertThat(h.statusAsString()).isEqualTo("SUCCEEDED"));

    DeploymentLifecycleHook failing =
        lambda("arn:aws:lambda:eu-west-1:111122223333:function:fail", "PRE_SCALE_UP");
    p.deploy(v3, BlueGreenDeploymentTest.blueGreen(0).lifecycleHooks(failing).build());
    p.runUntil(d -> d.statusAsString().equals("ROLLBACK_SUCCESSFUL"), Duration.ofMinutes(5));
    assertThat(p.current().rollback().reason()).contains("failed at PRE_SCALE_UP");
    p.assertNothingLost();
  }

  @Test
  void aPauseHookPastItsTimeoutTakesItsTimeoutAction() {
    ProgressiveFixture p = new ProgressiveFixture(DeploymentTimings.fast());
    String v1 = p.register("app:1");
    String v2 = p.register("app:2");
    p.createAndSettle(v1, BlueGreenDeploymentTest.blueGreen(0).build());
    DeploymentLifecycleHook pause =
        DeploymentLifecycleHook.builder()
            .targetType("PAUSE")
            .lifecycleStagesWithStrings("PRE_PRODUCTION_TRAFFIC_SHIFT")
            .timeoutConfiguration(t -> t.timeoutInMinutes(5).action("CONTINUE"))
            .build();
    p.deploy(v2, BlueGreenDeploymentTest.blueGreen(0).lifecycleHooks(pause).build());
    p.runUntil(d -> d.statusAsString().equals("SUCCESSFUL"), Duration.ofMinutes(10));
    assertThat(p.current().lifecycleHookDetails())
        .singleElement()
        .satisfies(h -> assertThat(h.statusAsString()).isEqualTo("TIMED_OUT"));
  }

  @Test
  void alarmsCanBeDescribedAndSet() {
    f.sim.setAlarmState(SimFixture.ACCOUNT, SimFixture.REGION, "web-5xx", "OK");
    f.sim.setAlarmState(SimFixture.ACCOUNT, SimFixture.REGION, "web-latency", "ALARM");
    var cw = f.sim.cloudwatch(f.target);
    assertThat(cw.describeAlarms(r -> r.stateValue("ALARM")).metricAlarms())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.alarmName()).isEqualTo("web-latency");
              assertThat(a.alarmArn())
                  .isEqualTo("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:web-latency");
            });
    cw.setAlarmState(r -> r.alarmName("web-5xx").stateValue("ALARM").stateReason("test"));
    assertThat(cw.describeAlarms(r -> r.alarmNamePrefix("web-")).metricAlarms())
        .allMatch(a -> a.stateValueAsString().equals("ALARM"));
    assertThatThrownBy(
            () -> cw.setAlarmState(r -> r.alarmName("nope").stateValue("OK").stateReason("x")))
        .isInstanceOfSatisfying(
            CloudWatchException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound"));
    assertThat(f.sim.calls("monitoring", "DescribeAlarms").received()).isEqualTo(2);
  }

  private static DeploymentLifecycleHook lambda(String arn, String stage) {
    return DeploymentLifecycleHook.builder()
        .targetType("AWS_LAMBDA")
        .hookTargetArn(arn)
        .roleArn("arn:aws:iam::111122223333:role/hooks")
        .lifecycleStagesWithStrings(stage)
        .build();
  }
}
