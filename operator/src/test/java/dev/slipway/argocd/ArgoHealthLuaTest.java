package dev.slipway.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.status.ConditionContract;
import dev.slipway.status.ConditionContract.Standing;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health scripts, run by the real lua5.1 on objects captured from operator runs (see
 * {@link ArgoHealthFixturesIT}) and on variants of them that a run does not easily produce.
 */
class ArgoHealthLuaTest {
  static final Path FIXTURES = Path.of("src/test/resources/argocd/fixtures");
  static final Path ARGOCD_CM = Path.of("../examples/argocd/argocd-cm.yaml");
  static final ObjectMapper JSON = new ObjectMapper();

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void capturedObjectGetsTheExpectedHealth(String name) throws IOException {
    List<String> expected =
        Files.readAllLines(FIXTURES.resolve(name + ".expected"), StandardCharsets.UTF_8);
    ArgoHealth.Health health = ArgoHealth.evaluate(fixture(name));
    assertThat(health.status()).as(name + ": " + health.message()).isEqualTo(expected.get(0));
    assertThat(health.message()).as(name).contains(expected.get(1));
  }

  @Test
  void fixturesCoverEveryArgoStatusTheScriptsReturnAndEveryKind() throws IOException {
    List<String> names = fixtures().toList();
    assertThat(names)
        .anyMatch(n -> n.startsWith("sr-"))
        .anyMatch(n -> n.startsWith("env-"))
        .anyMatch(n -> n.startsWith("st-"));
    List<String> statuses =
        names.stream()
            .map(n -> readFirstLine(FIXTURES.resolve(n + ".expected")))
            .distinct()
            .toList();
    assertThat(statuses)
        .containsExactlyInAnyOrder("Healthy", "Progressing", "Degraded", "Suspended");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aStatusThatIsMissingOrStaleIsProgressingWhateverItSays(String name) throws IOException {
    ObjectNode fresh = fixture(name);
    ((ObjectNode) fresh.get("metadata")).put("generation", 7);
    fresh.remove("status");
    assertThat(ArgoHealth.evaluate(fresh))
        .isEqualTo(
            new ArgoHealth.Health(
                "Progressing", "Waiting for the operator to observe generation 7"));

    ObjectNode stale = fixture(name);
    long observed = stale.at("/status/observedGeneration").asLong();
    ((ObjectNode) stale.get("metadata")).put("generation", observed + 1);
    assertThat(ArgoHealth.evaluate(stale))
        .isEqualTo(
            new ArgoHealth.Health(
                "Progressing", "Waiting for the operator to observe generation " + (observed + 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void anUnknownOrMissingPhaseIsProgressingNotALuaError(String name) throws IOException {
    ObjectNode unknown = fixture(name);
    ((ObjectNode) unknown.get("status")).put("phase", "Hibernating");
    // Without conditions: a Ready condition with reason Invalid would make it Degraded.
    ((ObjectNode) unknown.get("status")).remove("conditions");
    ArgoHealth.Health health = ArgoHealth.evaluate(unknown);
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message())
        .isEqualTo("Unknown phase Hibernating: " + unknown.at("/status/message").asText());

    ObjectNode none = fixture(name);
    ((ObjectNode) none.get("status")).remove("phase");
    ((ObjectNode) none.get("status")).remove("conditions");
    assertThat(ArgoHealth.evaluate(none).status()).isEqualTo("Progressing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aReconcileErrorIsDegradedEvenBeforeTheGenerationIsObserved(String name) throws IOException {
    ObjectNode obj = fixture(name);
    long generation = obj.at("/metadata/generation").asLong() + 1;
    ((ObjectNode) obj.get("metadata")).put("generation", generation);
    ArrayNode conditions = (ArrayNode) obj.at("/status/conditions");
    conditions.removeIf(c -> "Degraded".equals(c.path("type").asText()));
    conditions
        .addObject()
        .put("type", "Degraded")
        .put("status", "True")
        .put("reason", "ReconcileError")
        .put(
            "message",
            "reconcile failed, retrying with backoff: DatastoreException: connection refused")
        .put("observedGeneration", generation);
    assertThat(ArgoHealth.evaluate(obj))
        .isEqualTo(
            new ArgoHealth.Health(
                "Degraded",
                "ReconcileError: reconcile failed, retrying with backoff: DatastoreException:"
                    + " connection refused"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aDatabaseOrAwsThatDoesNotAnswerIsDegradedWithItsReason(String name) throws IOException {
    for (String reason : List.of("DatabaseUnavailable", "AwsUnavailable", "DatabaseError")) {
      ObjectNode obj = fixture(name);
      ArrayNode conditions = (ArrayNode) obj.at("/status/conditions");
      conditions.removeIf(c -> "Degraded".equals(c.path("type").asText()));
      conditions
          .addObject()
          .put("type", "Degraded")
          .put("status", "True")
          .put("reason", reason)
          .put("message", "retrying: no answer");
      assertThat(ArgoHealth.evaluate(obj))
          .as(reason)
          .isEqualTo(new ArgoHealth.Health("Degraded", reason + ": retrying: no answer"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aBlockedTeardownIsDegradedWithWhatItWaitsFor(String name) throws IOException {
    ObjectNode obj = fixture(name);
    ((ObjectNode) obj.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
    ObjectNode status = (ObjectNode) obj.get("status");
    status.put("phase", "Deleting");
    status.put("message", "waiting to drop qa_x on db:3306: Secret default/admin not found");
    ArrayNode conditions = (ArrayNode) obj.at("/status/conditions");
    conditions.removeIf(c -> "Degraded".equals(c.path("type").asText()));
    conditions
        .addObject()
        .put("type", "Degraded")
        .put("status", "True")
        .put("reason", "TeardownBlocked")
        .put("message", status.get("message").asText());
    assertThat(ArgoHealth.evaluate(obj))
        .isEqualTo(
            new ArgoHealth.Health(
                "Degraded",
                "TeardownBlocked: waiting to drop qa_x on db:3306: Secret default/admin not found"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void deletionIsProgressingWithWhatItWaitsFor(String name) throws IOException {
    ObjectNode obj = fixture(name);
    ObjectNode metadata = (ObjectNode) obj.get("metadata");
    metadata.put("deletionTimestamp", "2026-01-01T00:00:00Z");
    metadata.put("generation", metadata.path("generation").asLong() + 1);
    ((ObjectNode) obj.get("status")).put("phase", "Deleting");
    ((ObjectNode) obj.get("status")).put("message", "waiting for 1 ServiceReleases to be deleted");
    assertThat(ArgoHealth.evaluate(obj))
        .isEqualTo(
            new ArgoHealth.Health(
                "Progressing", "Deleting: waiting for 1 ServiceReleases to be deleted"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void oddlyTypedFieldsNeverRaiseALuaError(String name) throws IOException {
    ObjectNode obj = fixture(name);
    ((ObjectNode) obj.get("metadata")).put("generation", "3");
    ObjectNode status = (ObjectNode) obj.get("status");
    status.put("message", 42);
    status.put("url", 7);
    ((ArrayNode) status.get("conditions")).add("not a condition").addObject().put("type", 1);
    assertThat(ArgoHealth.evaluate(obj).status())
        .isIn("Healthy", "Progressing", "Degraded", "Suspended");

    ObjectNode bare = fixture(name);
    bare.put("status", "weird");
    bare.remove("metadata");
    assertThat(ArgoHealth.evaluate(bare))
        .isEqualTo(
            new ArgoHealth.Health("Progressing", "Waiting for the operator to report a status"));
  }

  @Test
  void aReleaseWhoseReadyConditionSaysInvalidIsDegradedWhateverItsPhase() throws IOException {
    ObjectNode obj = fixture("sr-invalid");
    ((ObjectNode) obj.get("status")).put("phase", "Hibernating");
    assertThat(ArgoHealth.evaluate(obj))
        .isEqualTo(
            new ArgoHealth.Health("Degraded", "Invalid: " + obj.at("/status/message").asText()));
  }

  @Test
  void sleepingReleaseIsSuspendedAndAReadyEnvironmentAlwaysShowsItsUrl() throws IOException {
    ObjectNode sleeping = fixture("sr-ready");
    ((ObjectNode) sleeping.get("status")).put("phase", "Sleeping");
    assertThat(ArgoHealth.evaluate(sleeping).status()).isEqualTo("Suspended");

    ObjectNode env = fixture("env-branch-ready");
    String url = env.at("/status/url").asText();
    assertThat(url).startsWith("http://");
    ((ObjectNode) env.get("status")).put("message", "all 1 services are Ready");
    assertThat(ArgoHealth.evaluate(env))
        .isEqualTo(new ArgoHealth.Health("Healthy", "all 1 services are Ready (" + url + ")"));
  }

  @Test
  void aRefreshIsProgressingWithItsStep() throws IOException {
    ObjectNode env = fixture("env-provisioning");
    ObjectNode status = (ObjectNode) env.get("status");
    String message = "refreshing datastores: main: awaitCluster (stg-main is creating)";
    status.put("message", message);
    for (JsonNode c : status.path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) ((ObjectNode) c).put("reason", "Refreshing");
    }
    assertThat(ArgoHealth.evaluate(env))
        .isEqualTo(new ArgoHealth.Health("Progressing", "Refreshing: " + message));
  }

  @Test
  void aBatchWhoseLastRunFailedIsHealthyAndSaysSo() throws IOException {
    ObjectNode batch = fixture("st-scheduled");
    String message = batch.at("/status/message").asText();
    assertThat(message).startsWith("next run ");
    ObjectNode status = (ObjectNode) batch.get("status");
    status.put("lastResult", "Succeeded");
    assertThat(ArgoHealth.evaluate(batch)).isEqualTo(new ArgoHealth.Health("Healthy", message));

    status.put("lastResult", "TimedOut");
    status.put("lastSuccessTime", "2026-11-22T03:00:41Z");
    assertThat(ArgoHealth.evaluate(batch))
        .isEqualTo(
            new ArgoHealth.Health(
                "Healthy", message + "; last run TimedOut (last success 2026-11-22T03:00:41Z)"));

    status.put("lastResult", "Failed");
    status.remove("lastSuccessTime");
    assertThat(ArgoHealth.evaluate(batch))
        .isEqualTo(
            new ArgoHealth.Health("Healthy", message + "; last run Failed (no success yet)"));
  }

  @Test
  void aBatchInTheWrongAccountIsDegradedWithItsReason() throws IOException {
    ObjectNode batch = fixture("st-scheduled");
    String message =
        "caller identity is account 123456789012 but spec.aws.accountId is 210987654321;"
            + " refusing to write";
    ObjectNode status = (ObjectNode) batch.get("status");
    status.put("phase", "Failed");
    status.put("message", message);
    status.set("conditions", conditions("Failed", "WrongAccount", message));
    assertThat(ArgoHealth.evaluate(batch))
        .isEqualTo(new ArgoHealth.Health("Degraded", "WrongAccount: " + message));
  }

  /**
   * A batch's Argo CD health says what its conditions say (ConditionContract): Ready is Healthy,
   * Degraded is Degraded, idle is Suspended, anything else Progressing.
   */
  @Test
  void aBatchsHealthAgreesWithItsConditionsInEveryPhase() throws IOException {
    Map<Standing, String> argo =
        Map.of(
            Standing.READY, "Healthy",
            Standing.PROGRESSING, "Progressing",
            Standing.DELETING, "Progressing",
            Standing.FAILED, "Degraded",
            Standing.IDLE, "Suspended");
    for (ScheduledTaskStatus.Phase phase : ScheduledTaskStatus.Phase.values()) {
      ObjectNode batch = fixture("st-scheduled");
      ObjectNode status = (ObjectNode) batch.get("status");
      status.put("phase", phase.name());
      status.put("message", "what happens");
      status.set("conditions", conditions(phase.name(), phase.name(), "what happens"));
      assertThat(ArgoHealth.evaluate(batch).status())
          .as(phase.name())
          .isEqualTo(argo.get(Standing.of(phase.name())));
    }
  }

  @Test
  void everyPhaseOfEveryKindIsOneItsScriptKnows() throws IOException {
    Map<String, List<String>> phases =
        Map.of(
            "sr-ready", names(ServiceReleaseStatus.Phase.values()),
            "env-shared-ready", names(StagingEnvironmentStatus.Phase.values()),
            "st-scheduled", names(ScheduledTaskStatus.Phase.values()));
    phases.forEach(
        (fixture, known) -> {
          for (String phase : known) {
            ObjectNode obj = uncheckedFixture(fixture);
            ((ObjectNode) obj.get("status")).put("phase", phase);
            assertThat(ArgoHealth.evaluate(obj).message())
                .as(fixture + " in " + phase)
                .doesNotStartWith("Unknown phase");
          }
        });
  }

  @Test
  void argocdCmEmbedsExactlyTheStandaloneScripts() throws IOException {
    JsonNode cm = new YAMLMapper().readTree(ARGOCD_CM.toFile());
    assertThat(cm.path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(cm.at("/metadata/name").asText()).isEqualTo("argocd-cm");
    JsonNode data = cm.path("data");
    List<String> keys = new ArrayList<>();
    data.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactlyInAnyOrderElementsOf(
            ArgoHealth.SCRIPTS.keySet().stream()
                .map(kind -> "resource.customizations.health.slipway.dev_" + kind)
                .toList());
    for (Map.Entry<String, Path> script : ArgoHealth.SCRIPTS.entrySet()) {
      assertThat(
              data.path("resource.customizations.health.slipway.dev_" + script.getKey()).asText())
          .as(script.getKey())
          .isEqualTo(Files.readString(script.getValue()));
    }
  }

  @Test
  void everyScriptSharesTheHelpersWordForWord() throws IOException {
    String release = shared(Files.readString(ArgoHealth.SERVICE_RELEASE));
    assertThat(release).contains("local function condition");
    assertThat(new TreeSet<>(ArgoHealth.SCRIPTS.keySet()))
        .containsExactly("ScheduledTask", "ServiceRelease", "StagingEnvironment");
    for (Path script : ArgoHealth.SCRIPTS.values()) {
      assertThat(shared(Files.readString(script))).as(script.toString()).isEqualTo(release);
    }
  }

  /** The conditions a pass that ended in {@code phase} writes, as the API server returns them. */
  private static ArrayNode conditions(String phase, String reason, String message) {
    List<Condition> conditions = new ArrayList<>();
    ConditionContract.apply(
        conditions, phase, reason, message, 1L, Instant.parse("2026-11-22T06:00:00Z"));
    return JSON.valueToTree(conditions);
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  /** The part between the "shared: begin" and "shared: end" markers. */
  private static String shared(String script) {
    int begin = script.indexOf("-- shared: begin");
    int end = script.indexOf("-- shared: end");
    assertThat(begin).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    return script.substring(begin, end);
  }

  @Test
  void theLuaLiteralCarriesEveryJsonValueExactly() throws IOException {
    String tricky = "qa/Fix \"it's\"; \\ -- `x` café..日本\n\ttab ]] [[ \u0001";
    ObjectNode obj = JSON.createObjectNode();
    obj.put("s", tricky);
    obj.put("n", 42);
    obj.put("f", 1.5);
    obj.put("big", 12345678901L);
    obj.put("yes", true);
    obj.putNull("gone");
    obj.putArray("list").add("a").add(2).addObject().put("k", "v");
    obj.putObject("empty");
    obj.put("weird key \"]", "ok");
    String printed =
        ArgoHealth.print(
            "io.write(obj.s, '|', obj.n, '|', obj.f, '|', obj.big, '|', tostring(obj.yes), '|',"
                + " tostring(obj.gone), '|', #obj.list, obj.list[1], obj.list[2], obj.list[3].k,"
                + " '|', tostring(next(obj.empty)), '|', obj['weird key \"]'])",
            obj);
    assertThat(printed).isEqualTo(tricky + "|42|1.5|12345678901|true|nil|3a2v|nil|ok");
  }

  private static ObjectNode fixture(String name) throws IOException {
    return (ObjectNode) JSON.readTree(FIXTURES.resolve(name + ".json").toFile());
  }

  private static ObjectNode uncheckedFixture(String name) {
    try {
      return fixture(name);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readFirstLine(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
