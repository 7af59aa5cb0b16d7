package dev.slipway.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.release.Releases;
import dev.slipway.release.SandboxReleases;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.testing.LogLevels;
import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What operators of Slipway watch, from a real run on the simulator: the documented Prometheus
 * series, an Event per phase transition, and log lines that carry the resource they are about.
 */
class ObservabilityIT {
  static final String NS = "default";
  static Sandbox sandbox;
  static PrometheusMeterRegistry meters;
  static ListAppender<ILoggingEvent> logs;
  static LogLevels levels;

  @BeforeAll
  static void start() {
    // The lines asserted on are INFO; an earlier class in this JVM may have changed the level.
    levels = LogLevels.set(Level.INFO, List.of("dev.slipway"));
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger("dev.slipway")).addAppender(logs);
    meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, meters);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
    ((Logger) LoggerFactory.getLogger("dev.slipway")).detachAppender(logs);
    levels.restore();
  }

  @Test
  void phasesRolloutsAndReconcilesAreExported() {
    SandboxReleases.create(sandbox, Releases.web("obs-good", "repo/app:v1"));
    SandboxReleases.create(sandbox, Releases.web("obs-crash", "repo/app:v1"));
    awaitPhase("obs-good", Phase.Ready);
    awaitPhase("obs-crash", Phase.Ready);
    // The circuit breaker rolls back to the last COMPLETED deployment, so there must be one.
    SandboxReleases.editImage(sandbox, "obs-crash", "repo/app:v2-crashloop");
    awaitPhase("obs-crash", Phase.RolledBack);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String scrape = meters.scrape();
              assertThat(value(scrape, "slipway_release_phase", "obs-good", "Ready")).isEqualTo(1);
              assertThat(value(scrape, "slipway_release_phase", "obs-crash", "RolledBack"))
                  .isEqualTo(1);
              // One series per release: the old phase's series is gone.
              assertThat(series(scrape, "slipway_release_phase", "obs-good")).hasSize(1);
              assertThat(sinceSeconds(scrape, "obs-good")).isPositive();
              assertThat(counter(scrape, "slipway_rollouts_total", "result=\"completed\""))
                  .isGreaterThanOrEqualTo(1);
              assertThat(counter(scrape, "slipway_rollouts_total", "result=\"rolled_back\""))
                  .isGreaterThanOrEqualTo(1);
              assertThat(
                      counter(scrape, "slipway_reconciles_total", "controller=\"servicerelease\""))
                  .isGreaterThanOrEqualTo(2);
              assertThat(counter(scrape, "slipway_release_transitions_total", "phase=\"Ready\""))
                  .isGreaterThanOrEqualTo(1);
            });

    SandboxReleases.get(sandbox, "obs-good");
    sandbox.client().resources(ServiceRelease.class).inNamespace(NS).withName("obs-good").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(series(meters.scrape(), "slipway_release_phase", "obs-good")).isEmpty());
  }

  @Test
  void everyPhaseTransitionIsAnEvent() {
    SandboxReleases.create(sandbox, Releases.web("obs-events", "repo/app:v1"));
    awaitPhase("obs-events", Phase.Ready);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events("obs-events"))
                    .extracting(Event::getReason)
                    .contains("Ready")
                    .anyMatch(r -> !r.equals("Ready")));
    assertThat(events("obs-events"))
        .allSatisfy(
            e -> {
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("ServiceRelease");
              assertThat(e.getInvolvedObject().getUid()).isNotBlank();
              assertThat(e.getSource().getComponent()).isEqualTo("slipway");
            });
  }

  @Test
  void reconcileLogLinesCarryTheResourceInJson() throws Exception {
    SandboxReleases.create(sandbox, Releases.web("obs-logs", "repo/app:v1"));
    awaitPhase("obs-logs", Phase.Ready);
    ILoggingEvent line =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    List.copyOf(logs.list).stream()
                        .filter(e -> e.getFormattedMessage().contains("obs-logs"))
                        .filter(e -> e.getMDCPropertyMap().containsKey("resource.name"))
                        .findFirst()
                        .orElse(null),
                e -> e != null);

    // Encoded the way logback-json.xml encodes production logs.
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.start();
    JsonNode json =
        new ObjectMapper().readTree(new String(encoder.encode(line), StandardCharsets.UTF_8));
    JsonNode mdc = json.get("mdc");
    assertThat(mdc.get("resource.name").asText()).isEqualTo("obs-logs");
    assertThat(mdc.get("resource.namespace").asText()).isEqualTo(NS);
    assertThat(mdc.get("resource.kind").asText()).isEqualTo("ServiceRelease");
    assertThat(json.get("level").asText()).isNotBlank();
  }

  private static void awaitPhase(String name, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> SandboxReleases.phase(sandbox, name) == phase);
  }

  private static List<Event> events(String name) {
    return sandbox.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Lines of a metric family about one release. */
  private static List<String> series(String scrape, String metric, String name) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(metric + "{"))
        .filter(l -> l.contains("name=\"" + name + "\""))
        .toList();
  }

  private static double value(String scrape, String metric, String name, String phase) {
    return series(scrape, metric, name).stream()
        .filter(l -> l.contains("phase=\"" + phase + "\""))
        .mapToDouble(ObservabilityIT::sample)
        .sum();
  }

  private static double sinceSeconds(String scrape, String name) {
    return series(scrape, "slipway_release_phase_since_timestamp_seconds", name).stream()
        .mapToDouble(ObservabilityIT::sample)
        .sum();
  }

  private static double counter(String scrape, String metric, String label) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(metric + "{") && l.contains(label))
        .mapToDouble(ObservabilityIT::sample)
        .sum();
  }

  private static final Pattern SAMPLE = Pattern.compile("\\}\\s+(\\S+)");

  private static double sample(String line) {
    var m = SAMPLE.matcher(line);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
