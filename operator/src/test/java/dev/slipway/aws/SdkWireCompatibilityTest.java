package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

/**
 * The Application Auto Scaling module is pinned below the SDK BOM (Maven Central serves it only up
 * to 2.49.3 here) and runs on the BOM's newer core: a real client must still sign, send and parse a
 * call. The simulator implements the client interface and never exercises this path.
 */
class SdkWireCompatibilityTest {
  private HttpServer server;
  private final AtomicReference<String> target = new AtomicReference<>();
  private final AtomicReference<String> authorization = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          target.set(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
          authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"ScalableTargets\":[{\"ServiceNamespace\":\"ecs\","
                      + "\"ResourceId\":\"service/core/web\","
                      + "\"ScalableDimension\":\"ecs:service:DesiredCount\","
                      + "\"MinCapacity\":2,\"MaxCapacity\":20,"
                      + "\"RoleARN\":\"arn:aws:iam::123456789012:role/x\","
                      + "\"CreationTime\":1.7E9,"
                      + "\"SuspendedState\":{\"DynamicScalingInSuspended\":true,"
                      + "\"DynamicScalingOutSuspended\":true,\"ScheduledScalingSuspended\":false}}]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void applicationAutoScalingClientSignsSendsAndParses() {
    try (ApplicationAutoScalingClient client =
        ApplicationAutoScalingClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .region(Region.AP_NORTHEAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "s")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      ScalableTarget t =
          client
              .describeScalableTargets(
                  b -> b.serviceNamespace("ecs").resourceIds("service/core/web"))
              .scalableTargets()
              .get(0);

      assertThat(target.get()).isEqualTo("AnyScaleFrontendService.DescribeScalableTargets");
      assertThat(authorization.get()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
      assertThat(t.minCapacity()).isEqualTo(2);
      assertThat(t.maxCapacity()).isEqualTo(20);
      assertThat(t.suspendedState().dynamicScalingOutSuspended()).isTrue();
      assertThat(t.suspendedState().scheduledScalingSuspended()).isFalse();
    }
  }
}
