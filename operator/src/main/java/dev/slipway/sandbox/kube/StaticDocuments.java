package dev.slipway.sandbox.kube;

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
