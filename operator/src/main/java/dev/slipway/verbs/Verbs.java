package dev.slipway.verbs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsResilienceSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * Runs a CI verb ({@code render}, {@code diff}, {@code verify}) against an AWS client factory: real
 * AWS from the CLI, the simulator inside the sandbox; and carries results between the sandbox's
 * POST endpoint and the CLI as JSON.
 */
public final class Verbs {
  /**
   * Where the sandbox's API answers {@code POST <path><verb>?format=} with the manifest as body.
   */
  public static final String SANDBOX_PATH = "/sandbox/verbs/";

  public static final Set<String> NAMES = Set.of("render", "diff", "verify");

  private Verbs() {}

  /** Runs one verb; {@code format} only matters to render ("json" or "yaml"). */
  public static VerbResult run(
      String verb, String manifest, String format, AwsClientFactory clients, AwsCalls calls) {
    return switch (verb) {
      case "render" -> RenderVerb.run(manifest, format);
      case "diff" -> new DiffVerb(clients, calls).run(manifest);
      case "verify" -> new VerifyVerb(clients, calls).run(manifest);
      default -> new VerbResult("", "unknown verb " + verb + "\n", VerbResult.INVALID);
    };
  }

  /** AWS call handling as the operator's, with metrics kept in memory only. */
  public static AwsCalls calls() {
    return new AwsCalls(AwsResilienceSettings.defaults(), new SimpleMeterRegistry());
  }

  /**
   * Runs a verb that was posted to {@link #SANDBOX_PATH} and answers in the JSON {@link #remote}
   * reads; the sandbox binds this to its endpoint, so the wire format lives in one place.
   */
  public static String answer(
      String verb, String manifest, String format, AwsClientFactory clients, AwsCalls calls) {
    return WireJson.json(toJson(run(verb, manifest, format, clients, calls)));
  }

  /** Posts the manifest to a sandbox and returns what the verb printed there. */
  public static VerbResult remote(String sandboxUrl, String verb, String manifest, String format)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(sandboxUrl.replaceAll("/+$", "") + SANDBOX_PATH + verb + "?format=" + format);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(manifest))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "sandbox answered HTTP " + response.statusCode() + ": " + response.body());
    }
    JsonNode node = WireJson.parse(response.body());
    return new VerbResult(
        node.path("stdout").asText(""),
        node.path("stderr").asText(""),
        node.path("exitCode").asInt(VerbResult.AWS_ERROR));
  }

  static JsonNode toJson(VerbResult r) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("exitCode", r.exitCode());
    node.put("stderr", r.stderr());
    node.put("stdout", r.stdout());
    return node;
  }
}
