package dev.slipway.cli.kubectl;

import static dev.slipway.cli.kubectl.KubectlArgumentsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.cli.kubectl.KubectlArgumentsTest.Run;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl slipway run NAME} against a stand-in API server: the one merge patch it sends,
 * what it prints, and how it refuses a phase, a repeated value, another kind and a missing object.
 */
class RunNowCommandTest {
  static final String TASKS = "/apis/slipway.dev/v1alpha1/namespaces/team/scheduledtasks/";
  static final String RELEASES = "/apis/slipway.dev/v1alpha1/namespaces/team/servicereleases/";
  static final String NOT_FOUND =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
          + "\"code\":404}";

  @TempDir Path tmp;
  HttpServer api;
  Path kubeconfig;

  /** What the server holds, by path. */
  final Map<String, String> objects = new ConcurrentHashMap<>();

  /** "METHOD path body" of every write. */
  final List<String> writes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String method = exchange.getRequestMethod();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (!method.equals("GET")) writes.add(method + " " + path + " " + body);
          String found = objects.get(path);
          byte[] answer = (found == null ? NOT_FOUND : found).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(found == null ? 404 : 200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    api.start();
    kubeconfig =
        KubectlArgumentsTest.kubeconfig(tmp, "http://127.0.0.1:" + api.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  @Test
  void runSetsRunNowWithOneMergePatchAndSaysWhatItDid() throws Exception {
    objects.put(TASKS + "sync-feeds", task("sync-feeds", "Scheduled", "{}", "[]"));

    Run run = plugin("run", "sync-feeds", "--token", "t1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "scheduledtask.slipway.dev/sync-feeds annotated slipway.dev/run-now=t1"
                + " (phase Scheduled)\n");
    assertThat(run.err()).isEmpty();
    assertThat(writes).hasSize(1);
    String[] write = writes.get(0).split(" ", 3);
    assertThat(write[0]).isEqualTo("PATCH");
    assertThat(write[1]).isEqualTo(TASKS + "sync-feeds");
    JsonNode patch = new ObjectMapper().readTree(write[2]);
    assertThat(patch)
        .isEqualTo(
            new ObjectMapper()
                .readTree("{\"metadata\":{\"annotations\":{\"slipway.dev/run-now\":\"t1\"}}}"));
    assertThat(ScheduledTask.RUN_NOW_ANNOTATION).isEqualTo("slipway.dev/run-now");
  }

  @Test
  void aFreshTokenIsATimeAndStNameWorksToo() {
    objects.put(TASKS + "nightly", task("nightly", "Suspended", "{}", "[]"));

    Run run = plugin("run", "st/nightly");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .matches(
            "scheduledtask\\.slipway\\.dev/nightly annotated slipway\\.dev/run-now="
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\(phase Suspended\\)\n");
  }

  @Test
  void aRunStillGoingUnderForbidIsAWarningNotARefusal() {
    String runs =
        "[{\"slot\":\"2026-12-05T13:00:00Z\",\"trigger\":\"Schedule\",\"result\":\"Running\"}]";
    objects.put(
        TASKS + "sync-feeds", task("sync-feeds", "Scheduled", "{\"engine\":\"Operator\"}", runs));

    Run run = plugin("run", "sync-feeds", "--token", "t2");

    assertThat(run.exit()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "warning: the run of 2026-12-05T13:00:00Z is still going; under concurrencyPolicy"
                + " Forbid (the default) the operator skips this run (it shows as Skipped)\n");
    objects.put(
        TASKS + "sync-feeds",
        task(
            "sync-feeds",
            "Scheduled",
            "{\"engine\":\"Operator\",\"concurrencyPolicy\":\"Allow\"}",
            runs));
    assertThat(plugin("run", "sync-feeds", "--token", "t3").err()).isEmpty();
    // EventBridgeScheduler (the default engine): a run-now starts whatever runs.
    objects.put(TASKS + "sync-feeds", task("sync-feeds", "Scheduled", "{}", runs));
    assertThat(plugin("run", "sync-feeds", "--token", "t4").err()).isEmpty();
  }

  @Test
  void anInvalidTaskOrARepeatedValueIsRefusedAndNothingIsWritten() {
    objects.put(TASKS + "broken", task("broken", "Invalid", "{}", "[]"));
    objects.put(TASKS + "done", task("done", "Scheduled", "{}", "[]", "t1"));

    Run invalid = plugin("run", "broken");
    Run repeated = plugin("run", "done", "--token", "t1", "--force");

    assertThat(invalid.exit()).isEqualTo(1);
    assertThat(invalid.err())
        .isEqualTo(
            "error: ScheduledTask \"broken\" cannot start a run now (Invalid); run applies in"
                + " phase Scheduled, Suspended or Sleeping. --force sets slipway.dev/run-now"
                + " anyway.\n");
    assertThat(repeated.exit()).isEqualTo(1);
    assertThat(repeated.err()).contains("already has slipway.dev/run-now=t1");
    assertThat(writes).isEmpty();
    Run forced = plugin("run", "broken", "--force", "--token", "f1");
    assertThat(forced.exit()).isZero();
    assertThat(forced.out()).endsWith("(phase Invalid, set with --force)\n");
  }

  @Test
  void anotherKindIsAUsageErrorAndAMissingTaskNamesTheKindThatHasTheName() {
    objects.put(
        RELEASES + "web",
        "{\"apiVersion\":\"slipway.dev/v1alpha1\",\"kind\":\"ServiceRelease\",\"metadata\":{\"name\":\"web\",\"namespace\":\"team\"}}");

    Run release = plugin("run", "sr/web");
    Run missing = plugin("run", "web");
    Run nothing = plugin("run", "nope");

    assertThat(release.exit()).isEqualTo(2);
    assertThat(release.err()).contains("run acts on ScheduledTasks only, not on ServiceReleases");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err())
        .isEqualTo(
            "error: ScheduledTask \"web\" not found in namespace \"team\"; a ServiceRelease of"
                + " that name exists: sr/web\n");
    assertThat(nothing.err())
        .isEqualTo("error: ScheduledTask \"nope\" not found in namespace \"team\"\n");
    assertThat(writes).isEmpty();
  }

  private Run plugin(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "kubectl";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--kubeconfig";
    all[args.length + 2] = kubeconfig.toString();
    return run(all);
  }

  private static String task(String name, String phase, String spec, String runs) {
    return task(name, phase, spec, runs, null);
  }

  private static String task(String name, String phase, String spec, String runs, String runNow) {
    String annotations = runNow == null ? "{}" : "{\"slipway.dev/run-now\":\"" + runNow + "\"}";
    return """
        {"apiVersion":"slipway.dev/v1alpha1","kind":"ScheduledTask",
         "metadata":{"name":"%s","namespace":"team","annotations":%s},
         "spec":%s,
         "status":{"phase":"%s","runs":%s}}
        """
        .formatted(name, annotations, spec, phase, runs);
  }
}
