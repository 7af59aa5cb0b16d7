package dev.slipway.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationRecord;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.release.Releases;
import dev.slipway.status.Conditions;
import dev.slipway.status.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release engine's side of notifications: an event is recorded in status and announced once per
 * release attempt, results reach status, NotificationsDegraded follows them, and a delivery a
 * restart interrupted is resumed once or expires.
 */
class DeployNotificationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DeployNotifications.Details STARTED =
      new DeployNotifications.Details("Progressing", "ReleaseStarted", "releasing web:1");

  RecordingEndpoint endpoint;
  FakeKube kube;
  List<DeployNotifications> started = new ArrayList<>();
  ServiceRelease release;
  ServiceReleaseStatus status;

  @BeforeEach
  void start() {
    endpoint = RecordingEndpoint.start();
    kube = new FakeKube(endpoint);
    kube.secret("hook", Map.of("url", endpoint.url("/hook/secret-path")));
    kube.secret("slack", Map.of("url", endpoint.url("/slack/T0/B0/slack-secret")));
    release = Releases.web("web", "repo/app:v1");
    release.getMetadata().setUid("uid-1");
    release.getMetadata().setGeneration(3L);
    release.getSpec().notifications = new ArrayList<>();
    release.getSpec().notifications.add(Notices.webhook("hook", "hook", null));
    release.getSpec().notifications.add(Notices.slack("failures-only", "slack"));
    release.getSpec().notifications.get(1).events = List.of(DeployEvent.Failed);
    status = new ServiceReleaseStatus();
    status.specHash = "hash-1";
    status.releaseStartedAt = "2025-03-04T05:06:07Z";
    status.taskDefinitionArn = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1";
  }

  @AfterEach
  void stop() {
    started.forEach(DeployNotifications::close);
    endpoint.close();
  }

  @Test
  void anEventIsRecordedAndAnnouncedOncePerAttempt() {
    DeployNotifications notifications = notifications();
    assertThat(notifications.emit(release, status, DeployEvent.Started, STARTED)).isTrue();
    assertThat(notifications.emit(release, status, DeployEvent.Started, STARTED)).isFalse();

    NotificationRecord record = status.notifications.get(0);
    assertThat(status.notifications).hasSize(1);
    assertThat(record.event).isEqualTo(DeployEvent.Started);
    assertThat(record.specHash).isEqualTo("hash-1");
    assertThat(record.generation).isEqualTo(3L);
    // Only the notifier listening for Started.
    assertThat(record.deliveries).extracting(d -> d.notifier).containsExactly("hook");
    assertThat(record.deliveries.get(0).state).isEqualTo("Pending");

    awaitRequests("/hook", 1);
    await().untilAsserted(() -> assertThat(events()).hasSize(1));
    Event event = events().get(0);
    assertThat(event.getReason()).isEqualTo("DeployStarted");
    assertThat(event.getType()).isEqualTo("Normal");
    assertThat(event.getMessage()).startsWith("deploy web rev 1 Started (app=repo/app:v1)");

    // A retry of the same spec is a new attempt: announced again.
    status.retryAcknowledged = "1";
    assertThat(notifications.emit(release, status, DeployEvent.Started, STARTED)).isTrue();
    awaitRequests("/hook", 2);
  }

  @Test
  void kubernetesEventsAreRecordedWithoutAnyNotifier() {
    release.getSpec().notifications = null;
    DeployNotifications notifications = notifications();
    notifications.emit(
        release,
        status,
        DeployEvent.Failed,
        new DeployNotifications.Details("Failed", "PreDeployFailed", "migrate exited 1"));
    await().untilAsserted(() -> assertThat(events()).hasSize(1));
    assertThat(events().get(0).getReason()).isEqualTo("DeployFailed");
    assertThat(events().get(0).getType()).isEqualTo("Warning");
    assertThat(status.notifications.get(0).deliveries).isEmpty();
    notifications.settle(release, status);
    assertThat(Conditions.find(status.conditions, NotificationLedger.CONDITION)).isEmpty();
  }

  @Test
  void aPassThatReadAnOlderStatusRecordsTheEventAgainButSendsNothingTwice() {
    DeployNotifications notifications = notifications();
    ServiceReleaseStatus stale = copy(status);
    notifications.emit(release, status, DeployEvent.Started, STARTED);
    awaitRequests("/hook", 1);
    assertThat(notifications.emit(release, stale, DeployEvent.Started, STARTED)).isTrue();
    await().untilAsserted(() -> settled(notifications, stale));
    assertThat(state(stale, "hook")).isEqualTo("Delivered");
    assertThat(endpoint.received("/hook")).hasSize(1);
    assertThat(events()).hasSize(1);
  }

  @Test
  void resultsReachStatusAndAFailureSetsNotificationsDegradedWithoutTheSecret() {
    DeployNotifications notifications = notifications();
    notifications.emit(release, status, DeployEvent.Started, STARTED);
    await().untilAsserted(() -> settled(notifications, status));
    assertThat(state(status, "hook")).isEqualTo("Delivered");
    NotificationRecord.Delivery delivered = status.notifications.get(0).deliveries.get(0);
    assertThat(delivered.attempts).isEqualTo(1);
    assertThat(delivered.finishedAt).isNotNull();
    Condition ok = condition();
    assertThat(ok.getStatus()).isEqualTo("False");
    assertThat(ok.getReason()).isEqualTo("AsExpected");

    endpoint.respond("/slack", 500);
    notifications.emit(
        release,
        status,
        DeployEvent.Failed,
        new DeployNotifications.Details("Failed", "PreDeployFailed", "migrate exited 1"));
    await().untilAsserted(() -> settled(notifications, status));
    assertThat(state(status, "failures-only")).isEqualTo("Failed");
    assertThat(state(status, "hook")).isEqualTo("Delivered");
    Condition degraded = condition();
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("NotificationFailed");
    assertThat(degraded.getMessage())
        .startsWith("failures-only (slack): Failed not delivered after 2 attempt(s): HTTP 500")
        .doesNotContain("slack-secret")
        .doesNotContain("hook (webhook)");
    assertThat(JSON.valueToTree(status).toString()).doesNotContain("slack-secret", "secret-path");

    // The next successful delivery of that notifier clears its failure.
    endpoint.respond("/slack", 200);
    status.specHash = "hash-2";
    notifications.emit(
        release,
        status,
        DeployEvent.Failed,
        new DeployNotifications.Details("Failed", "PreDeployFailed", "migrate exited 1"));
    await().untilAsserted(() -> settled(notifications, status));
    assertThat(state(status, "failures-only")).isEqualTo("Delivered");
    assertThat(condition().getStatus()).isEqualTo("False");
  }

  @Test
  void aDeliveryARestartInterruptedIsResumedOnceAndAStaleOneExpires() {
    // The first operator recorded the events but stopped before delivering them.
    DeployNotifications before = notifications();
    before.close();
    before.emit(release, status, DeployEvent.Started, STARTED);
    status.specHash = "hash-2";
    before.emit(release, status, DeployEvent.Started, STARTED);
    assertThat(endpoint.received("/hook")).isEmpty();

    DeployNotifications after = notifications();
    after.settle(release, status);
    awaitRequests("/hook", 1);
    await().untilAsserted(() -> settled(after, status));
    NotificationRecord current = status.notifications.get(0);
    NotificationRecord superseded = status.notifications.get(1);
    assertThat(current.specHash).isEqualTo("hash-2");
    assertThat(current.deliveries.get(0).state).isEqualTo("Delivered");
    assertThat(superseded.deliveries.get(0).state).isEqualTo("Expired");
    assertThat(superseded.deliveries.get(0).error).contains("the release moved on");
    assertThat(endpoint.received("/hook").get(0).body()).contains("\"specHash\":\"hash-2\"");
    after.settle(release, status);
    assertThat(endpoint.received("/hook")).hasSize(1);
  }

  @Test
  void aRecordAnOlderStatusInsertedTwiceIsFoldedIntoOne() {
    DeployNotifications notifications = notifications();
    notifications.emit(release, status, DeployEvent.Started, STARTED);
    await().untilAsserted(() -> settled(notifications, status));
    // What a status patch computed against an older copy leaves behind: the record again, pending.
    NotificationRecord again = copy(status).notifications.get(0);
    again.deliveries.get(0).state = "Pending";
    again.deliveries.get(0).finishedAt = null;
    status.notifications.add(0, again);

    notifications.settle(release, status);
    assertThat(status.notifications).hasSize(1);
    assertThat(state(status, "hook")).isEqualTo("Delivered");
    assertThat(status.notifications.get(0).deliveries.get(0).finishedAt).isNotNull();
    assertThat(endpoint.received("/hook")).hasSize(1);
  }

  @Test
  void statusKeepsABoundedNumberOfEvents() {
    release.getSpec().notifications = null;
    DeployNotifications notifications = notifications();
    for (int i = 0; i < 20; i++) {
      status.specHash = "hash-" + i;
      notifications.emit(release, status, DeployEvent.Started, STARTED);
    }
    assertThat(status.notifications).hasSize(NotificationLedger.LIMIT);
    assertThat(status.notifications.get(0).specHash).isEqualTo("hash-19");
  }

  private DeployNotifications notifications() {
    DeployNotifications n =
        DeployNotifications.start(
            kube.client(),
            new EventRecorder(kube.client(), Clock.systemUTC()),
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            new NotifierSettings(
                2,
                Duration.ofMillis(20),
                Duration.ofMillis(50),
                0.2,
                Duration.ofSeconds(2),
                1,
                16,
                Duration.ofMinutes(1),
                Duration.ZERO),
            id -> {});
    started.add(n);
    return n;
  }

  /** Settles and checks that the newest event's deliveries have all finished. */
  private void settled(DeployNotifications notifications, ServiceReleaseStatus s) {
    notifications.settle(release, s);
    assertThat(s.notifications.get(0).deliveries)
        .allSatisfy(d -> assertThat(d.state).isNotEqualTo("Pending"));
  }

  private static String state(ServiceReleaseStatus s, String notifier) {
    return s.notifications.get(0).deliveries.stream()
        .filter(d -> d.notifier.equals(notifier))
        .findFirst()
        .orElseThrow()
        .state;
  }

  private Condition condition() {
    return Conditions.find(status.conditions, NotificationLedger.CONDITION).orElseThrow();
  }

  private void awaitRequests(String prefix, int count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(endpoint.received(prefix)).hasSize(count));
  }

  private List<Event> events() {
    return kube.events();
  }

  private static ServiceReleaseStatus copy(ServiceReleaseStatus s) {
    return JSON.convertValue(s, ServiceReleaseStatus.class);
  }
}
