package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.notifications.RecordingEndpoint;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Deploy notifications end to end: the operator in the sandbox, a local server standing in for
 * Mackerel, Slack and a webhook. Credentials reach the server and nothing else (status, Events,
 * logs); a dead notifier neither fails nor delays a release; a restart sends nothing twice and
 * finishes what it interrupted.
 */
class DeployNotificationsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "mkr-it-api-key-7f3e9a";
  private static final String SLACK_PATH = "/slack/services/T0IT/B0IT/slack-it-token";
  private static final String HOOK_PATH = "/hook/it-hook-token";
  private static final String HEADER = "Bearer it-header-token";
  private static final List<String> SECRETS =
      List.of(API_KEY, "slack-it-token", "it-hook-token", "it-header-token", "broken-it-token");

  static Sandbox sandbox;
  static SimpleMeterRegistry meters = new SimpleMeterRegistry();
  static RecordingEndpoint endpoint;
  static ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() {
    logs.start();
    ((Logger) LoggerFactory.getLogger("dev.slipway")).addAppender(logs);
    endpoint = RecordingEndpoint.start();
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, meters);
    secret("mackerel", Map.of("apiKey", API_KEY));
    secret("slack-hook", Map.of("url", endpoint.url(SLACK_PATH) + "\n"));
    secret("hook", Map.of("url", endpoint.url(HOOK_PATH)));
    secret("hook-headers", Map.of("Authorization", HEADER));
    secret("broken-slack", Map.of("url", endpoint.url("/broken/services/broken-it-token")));
    int closed = RecordingEndpoint.closedPort();
    secret("dead-hook", Map.of("url", "http://127.0.0.1:" + closed + "/hook/it-hook-token"));
    secret("restart-hook", Map.of("url", endpoint.url("/restart/it-hook-token")));
    endpoint.respond("/broken", 500);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
    endpoint.close();
    ((Logger) LoggerFactory.getLogger("dev.slipway")).detachAppender(logs);
  }

  @Test
  void aReleaseThatSucceedsIsAnnouncedOnceToEveryNotifier() throws Exception {
    create(
        "notify-ok",
        "repo/app:v1",
        mackerel("mackerel", "mackerel"),
        slack("team", "slack-hook"),
        webhook("deploy-log", "hook", "hook-headers"));
    ServiceRelease ready = awaitPhase("notify-ok", Phase.Ready);
    ServiceRelease settled = awaitAllFinished("notify-ok", 2);
    assertThat(settled.getStatus().notifications)
        .extracting(r -> r.event)
        .containsExactly(DeployEvent.Succeeded, DeployEvent.Started);
    assertThat(settled.getStatus().notifications)
        .flatExtracting(r -> r.deliveries)
        .allSatisfy(d -> assertThat(d.state).isEqualTo("Delivered"))
        .hasSize(6);
    assertThat(condition(settled).getStatus()).isEqualTo("False");

    long started = Instant.parse(ready.getStatus().releaseStartedAt).getEpochSecond();
    List<RecordingEndpoint.Received> annotations = about("/mackerel", "notify-ok");
    assertThat(annotations).hasSize(2);
    for (RecordingEndpoint.Received a : annotations) {
      assertThat(a.path()).isEqualTo("/mackerel/api/v0/graph-annotations");
      assertThat(a.header("X-Api-Key")).isEqualTo(API_KEY);
      JsonNode body = JSON.readTree(a.body());
      assertThat(body.path("service").asText()).isEqualTo("bookmark");
      assertThat(body.path("roles").toString()).isEqualTo("[\"web\"]");
      assertThat(body.path("from").asLong()).isEqualTo(started);
      assertThat(body.path("to").asLong()).isGreaterThanOrEqualTo(started);
    }
    assertThat(annotations)
        .extracting(a -> JSON.readTree(a.body()).path("title").asText())
        .containsExactlyInAnyOrder(
            "deploy notify-ok rev 1 Started", "deploy notify-ok rev 1 Succeeded");

    assertThat(about("/slack", "notify-ok"))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.path()).isEqualTo(SLACK_PATH))
        .anySatisfy(m -> assertThat(m.body()).contains("*deploy notify-ok rev 1 Succeeded*"));

    List<RecordingEndpoint.Received> hooks = about("/hook", "notify-ok");
    assertThat(hooks)
        .hasSize(2)
        .allSatisfy(h -> assertThat(h.header("Authorization")).isEqualTo(HEADER));
    JsonNode succeeded =
        hooks.stream()
            .map(h -> read(h.body()))
            .filter(b -> b.path("event").asText().equals("Succeeded"))
            .findFirst()
            .orElseThrow();
    assertThat(succeeded.path("release").path("name").asText()).isEqualTo("notify-ok");
    assertThat(succeeded.path("release").path("generation").asLong())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(succeeded.path("revision").asInt()).isEqualTo(1);
    assertThat(succeeded.path("images").path("app").asText()).isEqualTo("repo/app:v1");
    assertThat(succeeded.path("phase").asText()).isEqualTo("Ready");
    assertThat(succeeded.path("reason").asText()).isEqualTo("Released");

    assertThat(events("notify-ok"))
        .extracting(Event::getReason)
        .containsOnlyOnce("DeployStarted", "DeploySucceeded");
    assertNoSecretLeaked("notify-ok");
  }

  @Test
  void aFailedMigrationIsAnnouncedAsFailedToTheNotifiersThatListen() {
    NotificationSpec failuresOnly = webhook("failures", "hook", null);
    failuresOnly.events = List.of(DeployEvent.Failed, DeployEvent.RolledBack);
    ServiceRelease sr =
        Releases.withMigration(Releases.web("notify-fail", "repo/app:v1"), "sh", "-c", "exit 1");
    sr.getSpec().notifications = List.of(failuresOnly);
    SandboxReleases.create(sandbox, sr);
    awaitPhase("notify-fail", Phase.Failed);
    awaitAllFinished("notify-fail", 2);

    List<RecordingEndpoint.Received> hooks = about("/hook", "notify-fail");
    assertThat(hooks).hasSize(1);
    JsonNode failed = read(hooks.get(0).body());
    assertThat(failed.path("event").asText()).isEqualTo("Failed");
    assertThat(failed.path("phase").asText()).isEqualTo("Failed");
    assertThat(failed.path("reason").asText()).isEqualTo("PreDeployFailed");
    assertThat(failed.path("message").asText()).contains("pre-deploy task migrate failed");

    // Kubernetes Events go out whoever listens.
    assertThat(events("notify-fail"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("DeployStarted"))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("DeployFailed");
              assertThat(e.getType()).isEqualTo("Warning");
            });
  }

  @Test
  void deadNotifiersNeitherFailNorDelayTheRelease() {
    double failedBefore = count("failed");
    create("notify-baseline", "repo/app:v1");
    create(
        "notify-dead",
        "repo/app:v1",
        slack("broken", "broken-slack"),
        webhook("refused", "dead-hook", null),
        mackerel("no-key", "no-such-secret"));
    Instant t0 = Instant.now();
    awaitPhase("notify-baseline", Phase.Ready);
    Duration baseline = Duration.between(t0, Instant.now());
    awaitPhase("notify-dead", Phase.Ready);
    Duration dead = Duration.between(t0, Instant.now());
    // A delivery is up to 5 attempts over about 15 s; a release that waited would show it.
    assertThat(dead).isLessThan(baseline.plusSeconds(10));

    // Started and Succeeded, to each of the three, fail for good after their retries.
    await().atMost(Duration.ofSeconds(90)).until(() -> count("failed") - failedBefore >= 6);
    ServiceRelease degraded =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> SandboxReleases.get(sandbox, "notify-dead"),
                r ->
                    "True".equals(condition(r).getStatus())
                        && condition(r).getMessage().contains("Succeeded not delivered"));
    Condition c = condition(degraded);
    assertThat(c.getReason()).isEqualTo("NotificationFailed");
    assertThat(c.getMessage())
        .contains("broken (slack): ")
        .contains("HTTP 500 from " + endpoint.url("/…"))
        .contains("refused (webhook): ")
        .contains("cannot connect to http://127.0.0.1:")
        .contains("no-key (mackerel): ")
        .contains("Secret default/no-such-secret not found");
    assertThat(degraded.getStatus().phase).isEqualTo(Phase.Ready);
    assertThat(Conditions.isTrue(degraded.getStatus().conditions, "Ready")).isTrue();
    assertThat(Conditions.isTrue(degraded.getStatus().conditions, "Degraded")).isFalse();

    assertThat(meters.find("slipway.notification.attempts").tag("outcome", "error").counters())
        .isNotEmpty();
    assertThat(events("notify-dead"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("NotificationFailed"));
    assertNoSecretLeaked("notify-dead");
  }

  @Test
  void aRestartSendsNothingTwiceAndFinishesWhatItInterrupted() {
    // A migration of 5 simulated minutes keeps the release in progress across a restart.
    ServiceRelease sr =
        Releases.withMigration(
            Releases.web("notify-restart", "repo/app:v1"), "sh", "-c", "sleep 300");
    sr.getSpec().notifications = List.of(webhook("deploy-log", "restart-hook", null));
    SandboxReleases.create(sandbox, sr);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> SandboxReleases.get(sandbox, "notify-restart").getStatus(),
            st ->
                st != null
                    && st.preDeploy.stream().anyMatch(r -> "Running".equals(r.state))
                    && st.notifications.stream()
                        .anyMatch(
                            r ->
                                r.event == DeployEvent.Started
                                    && "Delivered".equals(r.deliveries.get(0).state)));
    sandbox.stopOperator();
    sandbox.startOperator();
    awaitPhase("notify-restart", Phase.Ready);
    ServiceRelease before = awaitAllFinished("notify-restart", 2);
    assertThat(about("/restart", "notify-restart"))
        .extracting(r -> read(r.body()).path("event").asText())
        .as("Started once although the restarted operator found the release in progress")
        .containsExactlyInAnyOrder("Started", "Succeeded");

    sandbox.stopOperator();
    sandbox.startOperator();
    ServiceReleaseIT.sleep(Duration.ofSeconds(5));
    assertThat(about("/restart", "notify-restart")).as("nothing sent again").hasSize(2);
    assertThat(SandboxReleases.get(sandbox, "notify-restart").getStatus().notifications)
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(before.getStatus().notifications);

    // The webhook fails while v2 is released; the operator stops with the deliveries pending.
    endpoint.respond("/restart", 500);
    SandboxReleases.editImage(sandbox, "notify-restart", "repo/app:v2");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                SandboxReleases.get(sandbox, "notify-restart").getStatus().notifications.stream()
                    .anyMatch(
                        r ->
                            r.event == DeployEvent.Started
                                && !r.specHash.equals(before.getStatus().specHash)));
    sandbox.stopOperator();
    ServiceReleaseIT.sleep(Duration.ofSeconds(1)); // a request already on its way lands first
    int failedAttempts = about("/restart", "repo/app:v2").size();
    endpoint.respond("/restart", 200);
    sandbox.startOperator();

    awaitPhase("notify-restart", Phase.Ready);
    ServiceRelease after = awaitAllFinished("notify-restart", 4);
    assertThat(after.getStatus().notifications.subList(0, 2))
        .extracting(r -> r.event)
        .containsExactly(DeployEvent.Succeeded, DeployEvent.Started);
    assertThat(after.getStatus().notifications.subList(0, 2))
        .flatExtracting(r -> r.deliveries)
        .allSatisfy(d -> assertThat(d.state).isEqualTo("Delivered"));
    List<RecordingEndpoint.Received> v2 = about("/restart", "repo/app:v2");
    List<RecordingEndpoint.Received> afterRestart = v2.subList(failedAttempts, v2.size());
    assertThat(afterRestart)
        .extracting(r -> read(r.body()).path("event").asText())
        .containsExactlyInAnyOrder("Started", "Succeeded");
  }

  // --- helpers -------------------------------------------------------------------------------

  static void create(String name, String image, NotificationSpec... notifiers) {
    ServiceRelease sr = Releases.web(name, image);
    if (notifiers.length > 0) sr.getSpec().notifications = new ArrayList<>(List.of(notifiers));
    SandboxReleases.create(sandbox, sr);
  }

  /** Waits until the release reports {@code phase} for its current generation. */
  static ServiceRelease awaitPhase(String name, Phase phase) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> SandboxReleases.get(sandbox, name),
            r ->
                r != null
                    && r.getStatus() != null
                    && r.getMetadata().getGeneration().equals(r.getStatus().observedGeneration)
                    && r.getStatus().phase == phase);
  }

  /** Waits until {@code events} events are recorded and none has a delivery pending. */
  static ServiceRelease awaitAllFinished(String name, int events) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> SandboxReleases.get(sandbox, name),
            r ->
                r.getStatus().notifications.size() >= events
                    && r.getStatus().notifications.stream()
                        .flatMap(n -> n.deliveries.stream())
                        .noneMatch(d -> "Pending".equals(d.state)));
  }

  static Condition condition(ServiceRelease r) {
    return Conditions.find(r.getStatus().conditions, "NotificationsDegraded")
        .orElse(new Condition());
  }

  /** Requests under {@code prefix} whose body mentions {@code text} (a release, an image). */
  static List<RecordingEndpoint.Received> about(String prefix, String text) {
    return endpoint.received(prefix).stream().filter(r -> r.body().contains(text)).toList();
  }

  static List<Event> events(String name) {
    return sandbox.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** The credentials reached the server; status, Events and logs never carry them. */
  static void assertNoSecretLeaked(String name) {
    String status = JSON.valueToTree(SandboxReleases.get(sandbox, name)).toString();
    List<String> messages = events(name).stream().map(Event::getMessage).toList();
    List<String> lines =
        List.copyOf(logs.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    for (String secret : SECRETS) {
      assertThat(status).as("status").doesNotContain(secret);
      assertThat(messages).as("events").noneMatch(m -> m.contains(secret));
      assertThat(lines).as("logs").noneMatch(l -> l.contains(secret));
    }
  }

  static double count(String result) {
    return meters.find("slipway.notifications").tag("result", result).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(body, e);
    }
  }

  static void secret(String name, Map<String, String> values) {
    SecretBuilder secret =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata();
    values.forEach(
        (k, v) ->
            secret.addToData(
                k,
                java.util.Base64.getEncoder()
                    .encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    sandbox.client().secrets().inNamespace("default").resource(secret.build()).create();
  }

  static NotificationSpec mackerel(String name, String secret) {
    NotificationSpec n = new NotificationSpec();
    n.name = name;
    n.mackerel = new NotificationSpec.Mackerel();
    n.mackerel.service = "bookmark";
    n.mackerel.roles = List.of("web");
    n.mackerel.baseUrl = endpoint.url("/mackerel");
    n.mackerel.apiKeySecretRef = ref(secret, "apiKey");
    return n;
  }

  static NotificationSpec slack(String name, String secret) {
    NotificationSpec n = new NotificationSpec();
    n.name = name;
    n.slack = new NotificationSpec.Slack();
    n.slack.webhookSecretRef = ref(secret, "url");
    return n;
  }

  static NotificationSpec webhook(String name, String secret, String headers) {
    NotificationSpec n = new NotificationSpec();
    n.name = name;
    n.webhook = new NotificationSpec.Webhook();
    n.webhook.urlSecretRef = ref(secret, "url");
    if (headers != null) {
      n.webhook.headersSecretRef = new NotificationSpec.SecretRef();
      n.webhook.headersSecretRef.name = headers;
    }
    return n;
  }

  static NotificationSpec.SecretKeyRef ref(String name, String key) {
    NotificationSpec.SecretKeyRef ref = new NotificationSpec.SecretKeyRef();
    ref.name = name;
    ref.key = key;
    return ref;
  }
}
