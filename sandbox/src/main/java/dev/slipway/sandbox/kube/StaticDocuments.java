package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Optional;

/** Fixed answers for the version and health endpoints clients probe before real work. */
final class StaticDocuments {
  static final String MAJOR = "1";
  static final String MINOR = "32";

  private static final String VERSION =
      """
      {"major":"%s","minor":"%s","gitVersion":"v%s.%s.0-slipway","gitCommit":"0000000",
       "gitTreeState":"clean","buildDate":"2025-01-01T00:00:00Z","goVersion":"go1.23",
       "compiler":"gc","platform":"linux/amd64"}
      """
          .formatted(MAJOR, MINOR, MAJOR, MINOR);

  private StaticDocuments() {}

  static Optional<MockResponse> forPath(String path) {
    return switch (path) {
      case "/version" -> json(VERSION);
      case "/healthz", "/readyz", "/livez" -> Optional.of(text("ok"));
      default -> Optional.empty();
    };
  }

  /**
   * The sandbox has no RBAC: self-subject access and rules reviews (JOSDK checks its Lease
   * permissions before electing a leader; kubectl auth can-i) are answered "allowed".
   */
  static Optional<MockResponse> accessReview(String path, String body) {
    if (!path.startsWith("/apis/authorization.k8s.io/v1/")) return Optional.empty();
    ObjectNode review = (ObjectNode) CrudShim.parse(body.isBlank() ? "{}" : body);
    if (path.endsWith("/selfsubjectrulesreviews")) {
      ObjectNode status = review.putObject("status");
      ObjectNode all = status.putArray("resourceRules").addObject();
      all.putArray("verbs").add("*");
      all.putArray("apiGroups").add("*");
      all.putArray("resources").add("*");
      status.putArray("nonResourceRules").addObject().putArray("verbs").add("*");
      status.put("incomplete", false);
    } else if (path.endsWith("/selfsubjectaccessreviews")) {
      review.putObject("status").put("allowed", true);
    } else {
      return Optional.empty();
    }
    return Optional.of(CrudShim.json(201, review.toString()));
  }

  private static Optional<MockResponse> json(String body) {
    return Optional.of(CrudShim.json(200, body.strip()));
  }

  private static MockResponse text(String body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "text/plain")
        .setBody(body);
  }
}
