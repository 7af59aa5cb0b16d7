package dev.slipway.scheduledtask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.aws.AwsTarget;
import dev.slipway.schedule.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;

/**
 * The pure rules of ScheduledTasks: names AWS accepts and finds again, the requests rendered from a
 * spec, validation messages, the launch settings a batch inherits, refresh holds and the no-success
 * threshold.
 */
class BatchRulesTest {
  @Test
  void namesStayWithinAwsLimitsAndAreStablePerResource() {
    ScheduledTask st = batch("a".repeat(253));
    st.getMetadata().setNamespace("n".repeat(63));
    String schedule = BatchNames.schedule(st);
    assertThat(schedule).hasSizeLessThanOrEqualTo(64).matches("[0-9A-Za-z_.-]+");
    assertThat(BatchNames.group(st)).hasSizeLessThanOrEqualTo(255);
    Instant slot = Instant.parse("2026-12-05T03:00:00Z");
    assertThat(BatchNames.startedBy(st, slot))
        .hasSizeLessThanOrEqualTo(36)
        .matches("[A-Za-z0-9_-]+")
        .isEqualTo(BatchNames.startedBy(st, slot))
        .isNotEqualTo(BatchNames.startedBy(st, slot.plusSeconds(60)))
        .isNotEqualTo(BatchNames.runNowStartedBy(st, slot.toString()));
    // Two resources whose names only differ in a character the schedule name cannot carry.
    ScheduledTask other = batch("a".repeat(252) + "b");
    other.getMetadata().setNamespace("n".repeat(63));
    assertThat(BatchNames.schedule(other)).isNotEqualTo(schedule);
  }

  @Test
  void ownershipNeedsTheUidInTheDescription() {
    ScheduledTask st = batch("nightly");
    assertThat(BatchNames.owns(st, BatchNames.description(st))).isTrue();
    ScheduledTask recreated = batch("nightly");
    recreated.getMetadata().setUid("another-uid");
    assertThat(BatchNames.owns(recreated, BatchNames.description(st))).isFalse();
    assertThat(BatchNames.owns(st, "made by hand")).isFalse();
    assertThat(BatchNames.owns(st, null)).isFalse();
  }

  @Test
  void theScheduleCarriesTheSpec() throws Exception {
    ScheduledTask st = batch("nightly");
    st.getSpec().timeZone = "Asia/Tokyo";
    st.getSpec().eventBridge.flexibleWindowMinutes = 15;
    st.getSpec().eventBridge.deadLetterArn = "arn:aws:sqs:ap-northeast-1:123456789012:dlq";
    CreateScheduleRequest r = BatchRequests.create(st, task(), false);
    assertThat(r.scheduleExpression()).isEqualTo("cron(0 3 * * ? *)");
    assertThat(r.scheduleExpressionTimezone()).isEqualTo("Asia/Tokyo");
    assertThat(r.stateAsString()).isEqualTo("DISABLED");
    assertThat(r.flexibleTimeWindow().modeAsString()).isEqualTo("FLEXIBLE");
    assertThat(r.flexibleTimeWindow().maximumWindowInMinutes()).isEqualTo(15);
    assertThat(r.target().arn()).isEqualTo("arn:aws:ecs:ap-northeast-1:123456789012:cluster/core");
    assertThat(r.target().retryPolicy().maximumRetryAttempts()).isZero();
    assertThat(r.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(3600);
    assertThat(r.target().deadLetterConfig().arn()).endsWith(":dlq");
    assertThat(r.target().ecsParameters().group()).isEqualTo(BatchNames.group(st));
    assertThat(r.target().ecsParameters().launchTypeAsString()).isEqualTo("FARGATE");
    var input = new ObjectMapper().readTree(r.target().input());
    assertThat(input.at("/containerOverrides/0/name").asText()).isEqualTo("app");
    assertThat(input.at("/containerOverrides/0/command/2").asText()).isEqualTo("bin/report");
    assertThat(input.at("/containerOverrides/0/environment/0/name").asText()).isEqualTo("A");
    assertThat(input.at("/containerOverrides/0/environment/1/name").asText()).isEqualTo("B");
    // Rendering is deterministic: an unchanged spec never looks changed.
    assertThat(BatchRequests.create(st, task(), false)).isEqualTo(r);
  }

  @Test
  void aRunCarriesItsSlotIdentityGroupAndOverrides() {
    ScheduledTask st = batch("nightly");
    RunTaskRequest r = BatchRequests.runTask(st, task(), "st-abc");
    assertThat(r.startedBy()).isEqualTo("st-abc");
    assertThat(r.clientToken()).isEqualTo("st-abc");
    assertThat(r.group()).isEqualTo(BatchNames.group(st));
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.overrides().containerOverrides().get(0).command())
        .containsExactly("sh", "-c", "bin/report");
    assertThat(r.tags()).anyMatch(t -> t.key().equals(BatchRequests.OWNER_TAG));
  }

  @Test
  void validationNamesTheFieldAndWhatIsWrong() {
    ScheduledTask st = batch("nightly");
    st.getSpec().schedule = "cron(0 3 * * * *)";
    st.getSpec().timeZone = "Tokyo";
    assertThat(BatchValidator.problems(st, release()))
        .anyMatch(p -> p.startsWith("schedule: ") && p.contains("day-of-week"))
        .anyMatch(p -> p.startsWith("timeZone: ") && p.contains("Tokyo"));

    ScheduledTask once = batch("once");
    once.getSpec().schedule = "at(2026-12-24T20:00:00)";
    assertThat(BatchValidator.problems(once, release()))
        .anyMatch(p -> p.contains("at(...) runs once"));

    ScheduledTask unknown = batch("unknown");
    unknown.getSpec().overrides.containers.get(0).name = "worker";
    assertThat(BatchValidator.problems(unknown, release()))
        .containsExactly(
            "overrides.containers: worker is not a container of the task definition (it has app)");

    ScheduledTask elsewhere = batch("elsewhere");
    elsewhere.getSpec().cluster = "other";
    assertThat(BatchValidator.problems(elsewhere, release()))
        .anyMatch(p -> p.startsWith("cluster: other differs"));

    assertThat(BatchValidator.problems(batch("missing"), null))
        .containsExactly("releaseRef: ServiceRelease web does not exist in this namespace");
    assertThat(BatchValidator.problems(batch("fine"), release())).isEmpty();
  }

  @Test
  void aBatchInheritsTheReleasesLaunchSettingsFieldByField() {
    ServiceSpec release = new ServiceSpec();
    release.launchType = "FARGATE";
    release.platformVersion = "1.4.0";
    release.networkConfiguration = new ServiceSpec.NetworkConfiguration();
    release.networkConfiguration.subnets = List.of("subnet-1");
    ScheduledTaskSpec spec = batch("x").getSpec();
    ServiceSpec.CapacityProviderItem spot = new ServiceSpec.CapacityProviderItem();
    spot.capacityProvider = "FARGATE_SPOT";
    spec.capacityProviderStrategy = List.of(spot);
    ServiceSpec merged = TaskSource.launch(spec, release);
    // Its own capacity strategy replaces the release's launch type, not just adds to it.
    assertThat(merged.launchType).isNull();
    assertThat(merged.capacityProviderStrategy).containsExactly(spot);
    assertThat(merged.platformVersion).isEqualTo("1.4.0");
    assertThat(merged.networkConfiguration.subnets).containsExactly("subnet-1");
  }

  @Test
  void aSlotThatFellDueDuringARefreshIsLateOnlyFromItsEnd() {
    StagingEnvironment env = new StagingEnvironment();
    env.getMetadata().setName("staging");
    env.setStatus(new StagingEnvironmentStatus());
    env.getStatus().refresh = new RefreshStatus();
    RefreshStatus.Run last = new RefreshStatus.Run();
    last.startedAt = "2026-12-05T05:00:00Z";
    last.finishedAt = "2026-12-05T06:10:00Z";
    env.getStatus().refresh.history = new ArrayList<>(List.of(last));
    RefreshHold.State done = RefreshHold.state(env);
    assertThat(done.holding()).isNull();
    assertThat(done.dueFrom(Instant.parse("2026-12-05T06:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-05T06:10:00Z"));
    assertThat(done.dueFrom(Instant.parse("2026-12-05T07:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-05T07:00:00Z"));

    RefreshStatus.Run current = new RefreshStatus.Run();
    current.runId = "refresh-20261206";
    env.getStatus().refresh.current = current;
    assertThat(RefreshHold.state(env).holding()).contains("refresh-20261206").contains("staging");
  }

  @Test
  void theNoSuccessThresholdIsTwiceTheLongestGapPlusTheTimeout() {
    ScheduledTask st = batch("weekdays");
    st.getSpec().schedule = "cron(0 3 ? * MON-FRI *)";
    st.getSpec().timeoutSeconds = 600;
    ScheduleExpression weekdays = ScheduleExpression.parse(st.getSpec().schedule);
    Duration expected =
        ScheduledTaskReconciler.expected(
            st, weekdays, ZoneId.of("UTC"), Instant.parse("2026-12-07T00:00:00Z"));
    // Friday 03:00 to Monday 03:00 is the longest gap.
    assertThat(expected).isEqualTo(Duration.ofDays(6).plusSeconds(600));
    st.getSpec().expectSuccessWithinSeconds = 7200;
    assertThat(ScheduledTaskReconciler.expected(st, weekdays, ZoneId.of("UTC"), Instant.now()))
        .isEqualTo(Duration.ofHours(2));
  }

  static ScheduledTask batch(String name) {
    ScheduledTask st = new ScheduledTask();
    st.getMetadata().setName(name);
    st.getMetadata().setNamespace("default");
    st.getMetadata().setUid("uid-" + name);
    ScheduledTaskSpec spec = new ScheduledTaskSpec();
    spec.schedule = "cron(0 3 * * ? *)";
    spec.releaseRef = new ScheduledTaskSpec.ReleaseRef();
    spec.releaseRef.name = "web";
    spec.eventBridge = new ScheduledTaskSpec.EventBridgeSettings();
    spec.eventBridge.roleArn = "arn:aws:iam::123456789012:role/scheduler";
    ScheduledTaskSpec.ContainerOverride app = new ScheduledTaskSpec.ContainerOverride();
    app.name = "app";
    app.command = List.of("sh", "-c", "bin/report");
    app.environment = Map.of("B", "2", "A", "1");
    spec.overrides = new ScheduledTaskSpec.TaskOverrides();
    spec.overrides.containers = new ArrayList<>(List.of(app));
    st.setSpec(spec);
    return st;
  }

  static BatchTask task() {
    return new BatchTask(
        new AwsTarget("123456789012", "ap-northeast-1", null),
        "core",
        "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:7",
        "FARGATE",
        List.of(),
        null,
        null,
        Set.of("app"));
  }

  static ServiceRelease release() {
    ServiceRelease sr = new ServiceRelease();
    sr.getMetadata().setName("web");
    sr.getMetadata().setNamespace("default");
    ServiceReleaseSpec spec = new ServiceReleaseSpec();
    spec.aws = new AwsSpec();
    spec.aws.accountId = "123456789012";
    spec.aws.region = "ap-northeast-1";
    spec.cluster = "core";
    spec.taskDefinition = new TaskDefinitionSpec();
    spec.taskDefinition.family = "web";
    ContainerSpec app = new ContainerSpec();
    app.name = "app";
    app.image = "repo/web:1";
    spec.taskDefinition.containers = new ArrayList<>(List.of(app));
    sr.setSpec(spec);
    return sr;
  }
}
