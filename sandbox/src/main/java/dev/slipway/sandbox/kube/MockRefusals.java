package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CRUD mock's refusals of writes, worded as kube-apiserver words them. The mock labels every
 * refusal {@code Invalid} and names no object, so kubectl printed {@code The StagingEnvironment ""
 * is invalid} for a create of an object that already exists, which reads as a schema problem.
 */
final class MockRefusals {
  /** An object path: group (null for the core API), resource, and name when there is one. */
  private static final Pattern PATH =
      Pattern.compile(
          "^/(?:api/[^/]+|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?"
              + "/([^/]+)(?:/([^/]+))?(?:/[^/]+)?$");

  private static final String MODIFIED =
      "the object has been modified; please apply your changes to the latest version and try"
          + " again";

  private MockRefusals() {}

  /**
   * {@code response} as kube-apiserver would have answered {@code request}: a 409 to a create is
   * AlreadyExists, a 409 to an update is Conflict, a 400 is BadRequest; anything else as it is.
   */
  static MockResponse reworded(MockResponse response, ApiRequest request) {
    int code = response.code();
    String body = CrudShim.bodyOf(response);
    if ((code != 409 && code != 400) || !mislabelled(body)) {
      return response;
    }
    Target target = Target.of(request);
    if (code == 400) {
      return target.status(400, "BadRequest", parse(body).path("message").asText(""));
    }
    if (request.method() != HttpMethod.POST) {
      return conflict(request);
    }
    return target.status(
        409, "AlreadyExists", target.qualified() + " \"" + target.name + "\" already exists");
  }

  /** kube-apiserver's answer to a write from an older copy than the stored one. */
  static MockResponse conflict(ApiRequest request) {
    Target target = Target.of(request);
    return target.status(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + target.qualified()
            + " \""
            + target.name
            + "\": "
            + MODIFIED);
  }

  /** A Status the mock built: reason Invalid whatever the code. */
  private static boolean mislabelled(String body) {
    JsonNode status = parse(body);
    return "Status".equals(status.path("kind").asText())
        && "Invalid".equals(status.path("reason").asText());
  }

  private static JsonNode parse(String json) {
    if (json.isBlank()) {
      return CrudShim.JSON.createObjectNode();
    }
    try {
      return CrudShim.parse(json);
    } catch (UncheckedIOException e) {
      return CrudShim.JSON.createObjectNode();
    }
  }

  /** The object a write addresses: from the path, or from the body for a create. */
  private record Target(String group, String resource, String name) {
    static Target of(ApiRequest request) {
      Matcher m = PATH.matcher(request.path());
      String name = m.matches() && m.group(3) != null ? m.group(3) : nameIn(request.body());
      return m.matches()
          ? new Target(m.group(1) == null ? "" : m.group(1), m.group(2), name)
          : new Target("", request.path(), name);
    }

    private static String nameIn(String body) {
      return parse(body).path("metadata").path("name").asText("");
    }

    /** {@code resource.group} as kube-apiserver names a resource in its messages. */
    String qualified() {
      return group.isEmpty() ? resource : resource + "." + group;
    }

    MockResponse status(int code, String reason, String message) {
      var status =
          new StatusBuilder()
              .withStatus("Failure")
              .withCode(code)
              .withReason(reason)
              .withMessage(message)
              .withNewDetails()
              .withGroup(group)
              .withKind(resource)
              .withName(name)
              .endDetails()
              .build();
      return CrudShim.json(code, Serialization.asJson(status));
    }
  }
}
