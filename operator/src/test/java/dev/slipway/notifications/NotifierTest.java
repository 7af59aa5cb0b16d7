package dev.slipway.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.release.Releases;
import dev.slipway.status.EventRecorder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery against a local server: headers and bodies, retries of what may pass and only of that,
 * giving up after the last attempt with an Event, timeouts, a full queue, and errors that never
 * carry a credential.
 */
class NotifierTest {
  private static final String API_KEY = "mkr-api-key-0123456789";
  private static final String SLACK_TOKEN = "T0000/B0000/slack-token-secret";

  RecordingEndpoint endpoint;
  FakeKube kube;
  SimpleMeterRegistry meters;
  List<ResourceID> woken;
  Notifier notifier;
  ServiceRelease release;

  @BeforeEach
  void start() {
    endpoint = RecordingEndpoint.start();
    kube = new FakeKube(endpoint);
    kube.secret("mackerel", Map.of("apiKey", API_KEY));
    kube.secret("slack", Map.of("url", endpoint.url("/slack/services/" + SLACK_TOKEN) + "\n"));
    meters = new SimpleMeterRegistry();
    woken = new CopyOnWriteArrayList<>();
    release = Releases.web("bookmark-web", "repo/app:v2");
    release.getMetadata().setUid("uid-1");
    notifier = notifier(settings(5, Duration.ofSeconds(2), 16));
  }

  @AfterEach
  void stop() {
    notifier.close();
    endpoint.close();
  }

  @Test
  void mackerelGetsTheAnnotationWithTheApiKeyHeader() {
    Notifier.Key key = submit(Notices.mackerel("mkr", endpoint.url("/mackerel/"), "mackerel"));
    Notifier.Result result = awaitFinished(key);
    assertThat(result.state()).isEqualTo("Delivered");
    assertThat(result.attempts()).isEqualTo(1);
    RecordingEndpoint.Received request = endpoint.received("/mackerel").get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/mackerel/api/v0/graph-annotations");
    assertThat(request.header("X-Api-Key")).isEqualTo(API_KEY);
    assertThat(request.header("Content-Type")).startsWith("application/json");
    assertThat(request.body()).contains("\"title\":\"deploy bookmark-web rev 42 Succeeded\"");
    assertThat(woken).containsExactly(ResourceID.fromResource(release));
    assertThat(count("delivered")).isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedUntilDelivered() {
    endpoint.respond("/slack", 500, 503, 200);
    Notifier.Result result = awaitFinished(submit(Notices.slack("team", "slack")));
    assertThat(result.state()).isEqualTo("Delivered");
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(endpoint.received("/slack")).hasSize(3);
    assertThat(
            meters
                .counter(NotificationMetrics.ATTEMPTS, "notifier_type", "slack", "outcome", "error")
                .count())
        .isEqualTo(2);
  }

  @Test
  void givesUpAfterTheLastAttemptWithAWarningEventAndNoSecretInIt() {
    endpoint.respond("/slack", 500);
    Notifier.Result result = awaitFinished(submit(Notices.slack("team", "slack")));
    assertThat(result.state()).isEqualTo("Failed");
    assertThat(result.attempts()).isEqualTo(5);
    assertThat(endpoint.received("/slack")).hasSize(5);
    assertThat(result.error())
        .startsWith("HTTP 500 from " + endpoint.url("") + "/…")
        .doesNotContain("slack-token-secret")
        .doesNotContain("/services/");
    assertThat(count("failed")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(kube.events()).hasSize(1));
    assertThat(kube.events().get(0).getReason()).isEqualTo("NotificationFailed");
    assertThat(kube.events().get(0).getType()).isEqualTo("Warning");
    assertThat(kube.events().get(0).getMessage())
        .contains("notifier team (slack): Succeeded not delivered after 5 attempts: HTTP 500")
        .doesNotContain("slack-token-secret");
  }

  @Test
  void aRefusalIsNotRetried() {
    endpoint.respond("/slack", 404);
    Notifier.Result result = awaitFinished(submit(Notices.slack("team", "slack")));
    assertThat(result.state()).isEqualTo("Failed");
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error()).startsWith("HTTP 404 from").endsWith(": error 404");
  }

  @Test
  void aMissingSecretIsNamedAndRetriedBecauseItMayYetBeCreated() {
    Notifier.Result result = awaitFinished(submit(Notices.slack("team", "not-there")));
    assertThat(result.state()).isEqualTo("Failed");
    assertThat(result.attempts()).isEqualTo(5);
    assertThat(result.error()).isEqualTo("Secret default/not-there not found");
    assertThat(endpoint.received("/slack")).isEmpty();
  }

  @Test
  void aRefusedConnectionNamesTheHostButNotTheUrlsSecretPath() {
    int port = RecordingEndpoint.closedPort();
    kube.secret("dead", Map.of("url", "http://127.0.0.1:" + port + "/hook/" + SLACK_TOKEN));
    Notifier.Result result = awaitFinished(submit(Notices.webhook("hook", "dead", null)));
    assertThat(result.state()).isEqualTo("Failed");
    assertThat(result.error())
        .isEqualTo("cannot connect to http://127.0.0.1:" + port + "/…")
        .doesNotContain(SLACK_TOKEN);
  }

  @Test
  void aSlowServerTimesOut() {
    notifier.close();
    notifier = notifier(settings(1, Duration.ofMillis(300), 16));
    endpoint.delay("/slack", Duration.ofSeconds(3));
    Notifier.Result result = awaitFinished(submit(Notices.slack("team", "slack")));
    assertThat(result.state()).isEqualTo("Failed");
    assertThat(result.error()).startsWith("no answer from").endsWith("within 300 ms");
  }

  @Test
  void webhookSendsHeadersFromItsSecretAndRefusesForbiddenOnes() {
    kube.secret("hook", Map.of("url", endpoint.url("/hook/path-token")));
    kube.secret("hook-headers", Map.of("Authorization", "Bearer hook-secret-token"));
    Notifier.Result ok = awaitFinished(submit(Notices.webhook("hook", "hook", "hook-headers")));
    assertThat(ok.state()).isEqualTo("Delivered");
    RecordingEndpoint.Received request = endpoint.received("/hook").get(0);
    assertThat(request.header("Authorization")).isEqualTo("Bearer hook-secret-token");
    assertThat(request.header("X-Slipway-Event")).isEqualTo("Succeeded");
    assertThat(request.header("X-Slipway-Delivery")).isEqualTo(Notices.succeeded().id());

    kube.secret("bad-headers", Map.of("Host", "evil.example.com"));
    NotificationSpec bad = Notices.webhook("bad", "hook", "bad-headers");
    Notifier.Result refused = awaitFinished(submit(bad));
    assertThat(refused.state()).isEqualTo("Failed");
    assertThat(refused.attempts()).isEqualTo(1);
    assertThat(refused.error())
        .isEqualTo("Secret default/bad-headers: Host cannot be sent as an HTTP header");
  }

  @Test
  void aSecretThatIsNotAUrlIsReportedWithoutQuotingIt() {
    kube.secret("garbage", Map.of("url", "not a url with a secret-value inside"));
    Notifier.Result result = awaitFinished(submit(Notices.webhook("hook", "garbage", null)));
    assertThat(result.error()).isEqualTo("Secret default/garbage key url is not an http(s) URL");
  }

  @Test
  void eachDeliveryIsMadeOnceHoweverOftenItIsHandedOver() {
    NotificationSpec slack = Notices.slack("team", "slack");
    Notifier.Key key = submit(slack);
    assertThat(notifier.submit(delivery(key, slack))).isFalse();
    awaitFinished(key);
    assertThat(notifier.submit(delivery(key, slack))).isFalse();
    assertThat(endpoint.received("/slack")).hasSize(1);
  }

  @Test
  void aFullQueueDropsTheDeliveryAtOnceInsteadOfBlocking() {
    notifier.close();
    notifier = notifier(settings(1, Duration.ofSeconds(2), 1));
    endpoint.delay("/slack", Duration.ofMillis(500));
    NotificationSpec slack = Notices.slack("team", "slack");
    Notifier.Key first = submit(slack);
    Notifier.Key second = new Notifier.Key("uid-1", DeployEvent.Started, "hash", null, "team");
    assertThat(notifier.submit(delivery(second, slack))).isTrue();
    Notifier.Result dropped = notifier.result(second).orElseThrow();
    assertThat(dropped.state()).isEqualTo("Failed");
    assertThat(dropped.attempts()).isZero();
    assertThat(dropped.error()).contains("1 deliveries already waiting");
    assertThat(awaitFinished(first).state()).isEqualTo("Delivered");
    assertThat(count("dropped")).isEqualTo(1);
  }

  private Notifier notifier(NotifierSettings settings) {
    return new Notifier(
        settings,
        new NotifierSecrets(kube.client()),
        new NotificationMetrics(meters),
        new EventRecorder(kube.client(), Clock.systemUTC()),
        Clock.systemUTC(),
        woken::add);
  }

  private static NotifierSettings settings(int attempts, Duration timeout, int capacity) {
    return new NotifierSettings(
        attempts,
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        0.2,
        timeout,
        1,
        capacity,
        Duration.ofMinutes(1),
        Duration.ZERO);
  }

  private Notifier.Key submit(NotificationSpec spec) {
    Notifier.Key key =
        new Notifier.Key("uid-1", DeployEvent.Succeeded, "0123456789abcdef", null, spec.name);
    assertThat(notifier.submit(delivery(key, spec))).isTrue();
    return key;
  }

  private Notifier.Delivery delivery(Notifier.Key key, NotificationSpec spec) {
    return new Notifier.Delivery(key, release, Notices.succeeded(), spec);
  }

  private Notifier.Result awaitFinished(Notifier.Key key) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> notifier.result(key).map(Notifier.Result::finished).orElse(false));
    return notifier.result(key).orElseThrow();
  }

  private double count(String result) {
    return meters.find(NotificationMetrics.NOTIFICATIONS).tag("result", result).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
