package dev.slipway.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the store refuses reads as kube-apiserver's refusal, not as the CRUD mock's "Invalid" with
 * no name (which kubectl printed as {@code The StagingEnvironment "" is invalid} for an object that
 * already existed). Drives the shim in-process, without a port or kubectl.
 */
class MockRefusalsTest {
  private static final String CONFIG_MAPS = "/api/v1/namespaces/default/configmaps";
  private static final String WIDGETS = "/apis/test.slipway.dev/v1/namespaces/default/widgets";

  private final CrudShim shim = shim();

  @Test
  void creatingAnObjectThatExistsIsAlreadyExistsNamingIt() {
    assertThat(post(CONFIG_MAPS, configMap("settings", null)).code()).isEqualTo(201);

    JsonNode status = status(post(CONFIG_MAPS, configMap("settings", null)));

    assertThat(status.path("code").asInt()).isEqualTo(409);
    assertThat(status.path("reason").asText()).isEqualTo("AlreadyExists");
    assertThat(status.path("message").asText()).isEqualTo("configmaps \"settings\" already exists");
    assertThat(status.at("/details/name").asText()).isEqualTo("settings");
    assertThat(status.at("/details/kind").asText()).isEqualTo("configmaps");
  }

  @Test
  void aCustomResourceIsNamedByResourceAndGroup() {
    String widget =
        """
        {"apiVersion": "test.slipway.dev/v1", "kind": "Widget",
         "metadata": {"name": "dup", "namespace": "default"}, "spec": {"size": 1}}
        """;
    post(WIDGETS, widget);

    JsonNode status = status(post(WIDGETS, widget));

    assertThat(status.path("reason").asText()).isEqualTo("AlreadyExists");
    assertThat(status.path("message").asText())
        .isEqualTo("widgets.test.slipway.dev \"dup\" already exists");
    assertThat(status.at("/details/group").asText()).isEqualTo("test.slipway.dev");
  }

  @Test
  void anUpdateFromAnOlderCopyIsConflict() {
    post(CONFIG_MAPS, configMap("stale", null));

    JsonNode status =
        status(
            shim.handle(
                request(HttpMethod.PUT, CONFIG_MAPS + "/stale", configMap("stale", "999999"))));

    assertThat(status.path("code").asInt()).isEqualTo(409);
    assertThat(status.path("reason").asText()).isEqualTo("Conflict");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "Operation cannot be fulfilled on configmaps \"stale\": the object has been modified;"
                + " please apply your changes to the latest version and try again");
  }

  @Test
  void whatTheMockAnswersWithoutMislabellingIsLeftAlone() {
    MockResponse notFound =
        shim.handle(request(HttpMethod.PUT, CONFIG_MAPS + "/absent", configMap("absent", "1")));

    assertThat(notFound.code()).isEqualTo(404);
    assertThat(status(notFound).path("reason").asText()).isEqualTo("NotFound");
  }

  private MockResponse post(String path, String body) {
    return shim.handle(request(HttpMethod.POST, path, body));
  }

  private static ApiRequest request(HttpMethod method, String path, String body) {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return ApiRequest.of(method, path, headers, body);
  }

  private static String configMap(String name, String resourceVersion) {
    String version =
        resourceVersion == null ? "" : ", \"resourceVersion\": \"" + resourceVersion + "\"";
    return """
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "%s", "namespace": "default"%s}, "data": {"a": "b"}}
        """
        .formatted(name, version);
  }

  private static JsonNode status(MockResponse response) {
    return CrudShim.parse(CrudShim.bodyOf(response));
  }

  private static CrudShim shim() {
    CustomResources resources = new CustomResources(List::of);
    return new CrudShim(
        new KubernetesCrudDispatcher(),
        new Tombstones(),
        resources,
        new AdmissionControl(resources),
        new ServerTables(Clock.systemUTC()),
        new ListKinds(new ApiDiscovery(List::of, () -> "127.0.0.1:0")));
  }
}
