package dev.slipway.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code kubectl slipway status} prints for each kind, and its JSON and YAML forms. */
class StatusReportTest {
  static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
  static final String ARN = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/";

  static final String FAILED_RELEASE =
      """
      metadata:
        name: web
        namespace: shop
        generation: 3
        annotations:
          slipway.dev/retry: "2025-06-01T09:00:00.000Z"
          slipway.dev/promote: "1"
          kubectl.kubernetes.io/last-applied-configuration: "{}"
      status:
        observedGeneration: 3
        phase: Failed
        message: "pre-deploy task migrate failed: exited with code 1"
        serviceName: web
        replicas: 2/2
        image: repo/web:v1
        desiredImage: repo/web:v2
        taskDefinitionArn: %1$sweb:2
        lastGoodTaskDefinitionArn: %1$sweb:1
        specHash: abc
        failedSpecHash: abc
        retryAcknowledged: "2025-06-01T09:00:00.000Z"
        deployment:
          id: ecs-svc/42
          rolloutState: COMPLETED
          taskDefinitionArn: %1$sweb:1
          desired: 2
          running: 2
          pending: 0
          failed: 0
        preDeploy:
          - {name: migrate, state: Failed, exitCode: 1}
        conditions:
          - {type: Ready, status: "False", reason: PreDeployFailed, message: x}
          - {type: Degraded, status: "True", reason: PreDeployFailed, message: x}
        history:
          - {result: Failed}
        sleep: {}
        progressive:
          state: AwaitingPromotion
          hookExpiresAt: "2025-06-02T10:00:00Z"
      """
          .formatted(ARN);

  @Test
  void aReleaseShowsPhaseImagesRevisionDeploymentOtherFieldsAndEvents() throws Exception {
    List<EventLine> events =
        List.of(
            event("Normal", "ServiceCreated", "2025-06-01T08:00:00Z", 1, "Created ECS service web"),
            event("Warning", "PreDeployFailed", "2025-06-01T09:59:15Z", 3, "migrate\nexited 1"));

    String report =
        StatusReport.render(ObjectKind.SERVICE_RELEASE, yaml(FAILED_RELEASE), events, 10, NOW);

    assertThat(report)
        .isEqualTo(
            """
            ServiceRelease shop/web
            Phase:        Failed (PreDeployFailed)
            Message:      pre-deploy task migrate failed: exited with code 1
            Service:      web, running 2/2
            Image:        repo/web:v1
            Desired:      repo/web:v2
            Revision:     web:2
            Last good:    web:1
            Deployment:   ecs-svc/42 COMPLETED: 2/2 running, 0 pending, 0 failed, runs web:1
            Pre-deploy:   migrate Failed, exit 1
            Other status:
              progressive:
                state: AwaitingPromotion
                hookExpiresAt: 2025-06-02T10:00:00Z
            Annotations:  slipway.dev/promote=1
                          slipway.dev/retry=2025-06-01T09:00:00.000Z (acted on)
            Events:
              TYPE     REASON           AGE       MESSAGE
              Normal   ServiceCreated   2h        Created ECS service web
              Warning  PreDeployFailed  45s (x3)  migrate exited 1
            """);
  }

  @Test
  void aFreshReleaseSaysTheOperatorHasNotReportedAndAFailingPassShows() throws Exception {
    String fresh = "metadata: {name: web, namespace: shop, generation: 1}\n";
    assertThat(StatusReport.render(ObjectKind.SERVICE_RELEASE, yaml(fresh), List.of(), 10, NOW))
        .isEqualTo(
            """
            ServiceRelease shop/web
            Phase:        <none>: the operator has not reported on it yet
            Events:       <none>
            """);

    String failing =
        """
        metadata: {name: web, namespace: shop, generation: 5}
        status:
          observedGeneration: 4
          phase: Progressing
          conditions:
            - {type: Ready, status: "False", reason: RolloutInProgress}
            - {type: Degraded, status: "True", reason: AwsUnavailable, message: ECS is throttling}
        """;
    assertThat(StatusReport.render(ObjectKind.SERVICE_RELEASE, yaml(failing), List.of(), 0, NOW))
        .contains("Phase:        Progressing (RolloutInProgress)\n")
        .contains("Degraded:     AwsUnavailable: ECS is throttling\n")
        .contains("Observed:     generation 5 not acted on yet (this status is of 4)\n")
        .doesNotContain("Events");
  }

  @Test
  void aBranchEnvironmentShowsItsBranchUrlDatastoresAndServices() throws Exception {
    String env =
        """
        metadata: {name: bookmark-qa-foo, namespace: qa, generation: 1}
        spec: {from: bookmark-staging, branch: qa/foo}
        status:
          observedGeneration: 1
          phase: Ready
          url: http://qa.example:10001
          schema: qa_foo
          redisNamespace: qa_foo
          expiresAt: "2025-06-08T10:00:00Z"
          services:
            - {name: web, release: bookmark-qa-foo-web, phase: Ready, url: "http://qa.example:10001"}
            - {name: worker, release: bookmark-qa-foo-worker, phase: Progressing}
          power: {state: Awake}
          conditions:
            - {type: Ready, status: "True", reason: Ready}
        """;

    assertThat(StatusReport.render(ObjectKind.STAGING_ENVIRONMENT, yaml(env), List.of(), 10, NOW))
        .isEqualTo(
            """
            StagingEnvironment qa/bookmark-qa-foo
            Phase:        Ready
            Branch:       qa/foo (from bookmark-staging)
            URL:          http://qa.example:10001
            Schema:       qa_foo
            Redis:        qa_foo
            Expires:      2025-06-08T10:00:00Z
            Services:
              web     Ready        release bookmark-qa-foo-web     http://qa.example:10001
              worker  Progressing  release bookmark-qa-foo-worker
            Other status:
              power:
                state: Awake
            Events:       <none>
            """);
  }

  @Test
  void aScheduledTaskShowsItsScheduleNextRunLastResultCountsAndLatestRuns() throws Exception {
    String task =
        """
        metadata:
          name: sync-feeds
          namespace: default
          generation: 1
          annotations: {slipway.dev/run-now: "2025-06-01T09:58:00.000Z"}
        spec:
          schedule: rate(5 minutes)
          timeZone: UTC
          engine: Operator
          concurrencyPolicy: Forbid
          releaseRef: {name: hello}
        status:
          observedGeneration: 1
          phase: Scheduled
          message: next run 2025-06-01T10:05:00Z (Operator)
          engine: Operator
          taskDefinitionArn: %1$shello:3
          nextRunTime: "2025-06-01T10:05:00Z"
          lastRunTime: "2025-06-01T10:00:00Z"
          lastResult: Failed
          lastSuccessTime: "2025-06-01T09:52:05Z"
          succeeded: 4
          failed: 1
          skipped: 2
          lastDecidedSlot: "2025-06-01T10:00:00Z"
          runNowAcknowledged: "2025-06-01T09:58:00.000Z"
          runs:
            - {slot: "2025-06-01T10:00:00Z", trigger: Schedule, result: Running, taskArn: t6}
            - slot: "2025-06-01T09:58:00Z"
              trigger: RunNow
              result: Failed
              exitCodes: {app: 1, sidecar: 0}
              durationSeconds: 65
              stopReason: "Essential container\nin task exited"
            - {slot: "2025-06-01T09:55:00Z", trigger: Schedule, result: Skipped, stopReason: "skipped: the run of 2025-06-01T09:50:00Z is still going (concurrencyPolicy Forbid)"}
            - {slot: "2025-06-01T09:50:00Z", trigger: Schedule, result: Succeeded, exitCodes: {app: 0}, durationSeconds: 125, stopReason: Essential container in task exited}
            - {slot: "2025-06-01T09:45:00Z", trigger: Schedule, result: Succeeded, exitCodes: {app: 0}, durationSeconds: 7}
            - {slot: "2025-06-01T09:40:00Z", trigger: Schedule, result: Succeeded, exitCodes: {app: 0}, durationSeconds: 9}
          conditions:
            - {type: Ready, status: "True", reason: Scheduled}
        """
            .formatted(ARN);

    assertThat(StatusReport.render(ObjectKind.SCHEDULED_TASK, yaml(task), List.of(), 10, NOW))
        .isEqualTo(
            """
            ScheduledTask default/sync-feeds
            Phase:        Scheduled
            Message:      next run 2025-06-01T10:05:00Z (Operator)
            Schedule:     rate(5 minutes), engine Operator, concurrencyPolicy Forbid
            Task:         hello:3 of ServiceRelease hello
            Next run:     2025-06-01T10:05:00Z
            Last result:  Failed
            Last run:     2025-06-01T10:00:00Z
            Last success: 2025-06-01T09:52:05Z
            Counts:       4 succeeded, 1 failed, 2 skipped
            Runs (latest 5 of 6, newest first):
              SLOT                  TRIGGER   RESULT     EXIT CODES        DURATION  REASON
              2025-06-01T10:00:00Z  Schedule  Running    -                 -
              2025-06-01T09:58:00Z  RunNow    Failed     app=1, sidecar=0  1m05s     Essential container in task exited
              2025-06-01T09:55:00Z  Schedule  Skipped    -                 -         skipped: the run of 2025-06-01T09:50:00Z is still going (concurrencyPolicy Forbid)
              2025-06-01T09:50:00Z  Schedule  Succeeded  app=0             2m05s
              2025-06-01T09:45:00Z  Schedule  Succeeded  app=0             7s
            Annotations:  slipway.dev/run-now=2025-06-01T09:58:00.000Z (acted on)
            Events:       <none>
            """);
  }

  @Test
  void aFreshScheduledTaskInATimeZoneWithItsOwnTaskDefinition() throws Exception {
    String task =
        """
        metadata: {name: nightly, namespace: default, generation: 2}
        spec:
          schedule: cron(0 3 * * ? *)
          timeZone: Asia/Tokyo
          suspend: true
          taskDefinition: {family: nightly}
        status:
          observedGeneration: 2
          phase: Suspended
          engine: EventBridgeScheduler
          scheduleArn: arn:aws:scheduler:ap-northeast-1:123456789012:schedule/slipway/nightly
          taskDefinitionArn: %1$snightly:1
          succeeded: 0
          failed: 0
          skipped: 0
        """
            .formatted(ARN);

    assertThat(StatusReport.render(ObjectKind.SCHEDULED_TASK, yaml(task), List.of(), 0, NOW))
        .isEqualTo(
            """
            ScheduledTask default/nightly
            Phase:        Suspended
            Schedule:     cron(0 3 * * ? *) in Asia/Tokyo, engine EventBridgeScheduler, suspended
            EventBridge:  arn:aws:scheduler:ap-northeast-1:123456789012:schedule/slipway/nightly
            Task:         nightly:1
            Counts:       0 succeeded, 0 failed, 0 skipped
            """);
  }

  @Test
  void onlyTheLatestEventsAreShownWithTheirTotal() {
    List<EventLine> events =
        List.of(
            event("Normal", "A", "2025-06-01T09:00:00Z", 1, "first"),
            event("Normal", "B", "2025-06-01T09:30:00Z", 1, "second"),
            event("Normal", "C", "2025-06-03T09:30:00Z", 1, "from a faster clock"));

    String table = EventTable.render(events, 2, NOW);

    assertThat(table)
        .startsWith("Events (last 2 of 3):\n")
        .doesNotContain("first")
        .contains("30m")
        .contains("2025-06-03T09:30:00Z");
    assertThat(EventTable.age(Instant.parse("2025-05-29T10:00:00Z"), NOW)).isEqualTo("3d");
    assertThat(EventTable.age(Instant.parse("2025-06-01T07:00:00Z"), NOW)).isEqualTo("3h");
    assertThat(EventTable.age(null, NOW)).isEqualTo("<unknown>");
  }

  @Test
  void eventsOfEitherGenerationHaveATime() {
    Event modern =
        new EventBuilder()
            .withNewEventTime("2025-06-01T09:00:00.000000Z")
            .withReason("R")
            .withType("Normal")
            .build();
    assertThat(EventLine.of(modern).lastSeen()).isEqualTo(Instant.parse("2025-06-01T09:00:00Z"));
    assertThat(EventLine.of(modern).count()).isEqualTo(1);
  }

  @Test
  void jsonAndYamlPrintTheStatusAlone() throws Exception {
    JsonNode release = yaml(FAILED_RELEASE);

    JsonNode json =
        new ObjectMapper().readTree(StatusCommand.format(release.path("status"), "json"));
    String yaml = StatusCommand.format(release.path("status"), "yaml");

    assertThat(json).isEqualTo(release.path("status"));
    assertThat(new YAMLMapper().readTree(yaml)).isEqualTo(release.path("status"));
    assertThat(yaml).startsWith("observedGeneration: 3\n");
    assertThat(StatusCommand.format(yaml("metadata: {name: x}").path("status"), "json"))
        .isEqualTo("{ }\n");
  }

  private static EventLine event(String type, String reason, String at, int count, String text) {
    return new EventLine(type, reason, Instant.parse(at), count, text);
  }

  private static JsonNode yaml(String text) throws Exception {
    return new YAMLMapper().readTree(text);
  }
}
