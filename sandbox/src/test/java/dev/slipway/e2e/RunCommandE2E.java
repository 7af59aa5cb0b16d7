package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway run} from the production jar, as shipped: real SDK clients (pointed at a closed
 * local port, since there is no AWS here), a kubeconfig, JSON logs and the metrics/health server.
 * AWS being unreachable must surface as a clear status condition and metrics, never as a crash or a
 * leaked secret.
 */
class RunCommandE2E {
  static final String SECRET = "do-not-log-this-secret-4711";

  @TempDir Path tmp;

  @Test
  void reconcilesFromAKubeconfigReportsAwsFailuresAndServesProbes() throws Exception {
    try (EmbeddedKubeApi api = EmbeddedKubeApi.start(0);
        InputStream crd =
            RunCommandE2E.class.getResourceAsStream(
                "/META-INF/fabric8/servicereleases.slipway.dev-v1.yml")) {
      api.installCrds(crd);
      Path kubeconfig = api.writeKubeconfig(tmp.resolve("kubeconfig"));
      KubernetesSerialization yaml = new KubernetesSerialization();
      yaml.registerKubernetesResource(ServiceRelease.class);
      ServiceRelease sr =
          yaml.unmarshal(
              Files.readString(
                  Path.of(
                      System.getProperty("slipway.root", ".."),
                      "examples",
                      "servicerelease-minimal.yaml")),
              ServiceRelease.class);
      api.client().resources(ServiceRelease.class).inNamespace("default").resource(sr).create();

      int metricsPort = freePort();
      Path out = tmp.resolve("out.log");
      Path err = tmp.resolve("err.log");
      ProcessBuilder pb =
          Jars.operator(
                  "run",
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "--metrics-address",
                  "127.0.0.1",
                  "--metrics-port",
                  String.valueOf(metricsPort),
                  "--log-format",
                  "json",
                  "--namespaces",
                  "default")
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().put("AWS_REGION", "ap-northeast-1");
      pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE");
      pb.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
      pb.environment().put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + freePort());
      pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
      Process run = pb.start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  HttpResponse<String> ready = get(http, metricsPort, "/readyz");
                  return ready != null && ready.statusCode() == 200;
                });
        assertThat(get(http, metricsPort, "/healthz").body()).isEqualTo("ok\n");

        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () -> {
                  ServiceRelease current =
                      api.client()
                          .resources(ServiceRelease.class)
                          .inNamespace("default")
                          .withName("hello")
                          .get();
                  assertThat(current.getStatus()).isNotNull();
                  assertThat(current.getStatus().conditions)
                      .anySatisfy(
                          c -> {
                            assertThat(c.getType()).isEqualTo("Degraded");
                            assertThat(c.getReason()).isEqualTo("ReconcileError");
                            assertThat(c.getMessage()).contains("retrying with backoff");
                          });
                });
        String metrics = get(http, metricsPort, "/metrics").body();
        assertThat(metrics)
            .contains("slipway_aws_calls_total{")
            .contains("outcome=\"error\"")
            .contains("service=\"sts\"");
      } finally {
        run.destroy();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
      }
      List<String> logLines = Files.readAllLines(out);
      assertThat(logLines).isNotEmpty();
      ObjectMapper json = new ObjectMapper();
      for (String line : logLines) assertThat(json.readTree(line).has("level")).as(line).isTrue();
      assertThat(Files.readString(out) + Files.readString(err)).doesNotContain(SECRET);
    }
  }

  /** The response, or null while the server is not listening yet. */
  static HttpResponse<String> get(HttpClient http, int port, String path)
      throws InterruptedException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return null;
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
