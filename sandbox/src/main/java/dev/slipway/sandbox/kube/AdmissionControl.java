package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.sandbox.kube.admission.Verdict;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Admits writes of custom resources the way kube-apiserver does before anything is stored: the
 * object that would result is pruned, defaulted and validated against its CRD; an invalid one is
 * refused with 422, a valid one is handed to the store as a full update of the admitted object.
 */
final class AdmissionControl {
  private final CustomResources resources;
  private volatile boolean enabled = true;

  AdmissionControl(CustomResources resources) {
    this.resources = resources;
  }

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Either a refusal, or the request to store plus any Warning headers for the reply. */
  record Decision(MockResponse refusal, ApiRequest request, List<String> warnings) {
    static Decision pass(ApiRequest request) {
      return new Decision(null, request, List.of());
    }
  }

  /**
   * {@code request} is the write as the store will see it (merge patches already merged into a
   * PUT); {@code before} is the stored object for updates; {@code fieldValidation} is the client's
   * query parameter (kubectl sends Strict).
   */
  Decision admit(ApiRequest request, JsonNode before, String fieldValidation) {
    boolean create = request.method() == HttpMethod.POST;
    boolean update = request.method() == HttpMethod.PUT || request.method() == HttpMethod.PATCH;
    if (!enabled || !(create || update) || (update && before == null)) {
      return Decision.pass(request);
    }
    var target = resources.resolve(request.path()).orElse(null);
    if (target == null || target.collection() != create || request.body().isBlank()) {
      return Decision.pass(request);
    }
    JsonNode candidate = resulting(request, before);
    if (candidate == null || !candidate.isObject()) {
      return Decision.pass(request);
    }
    var validator = target.validator();
    Verdict verdict;
    if (create) {
      verdict = validator.create(candidate);
    } else if (target.status()) {
      verdict = validator.updateStatus(statusWrite(candidate, before), before);
    } else {
      verdict =
          validator.update(specWrite(candidate, before, validator.hasStatusSubresource()), before);
    }
    if (!verdict.allowed()) {
      return new Decision(CrudShim.json(422, verdict.status().toString()), request, List.of());
    }
    List<String> unknown = verdict.unknownFields();
    if (!unknown.isEmpty() && "Strict".equalsIgnoreCase(fieldValidation)) {
      return new Decision(
          strictDecodingError(verdict, target.version().getName()), request, List.of());
    }
    String admitted = verdict.object().toString();
    ApiRequest stored =
        create ? request.withBody("application/json", admitted) : request.asUpdate(admitted);
    boolean warn = fieldValidation == null || "Warn".equalsIgnoreCase(fieldValidation);
    List<String> warnings =
        warn ? unknown.stream().map(AdmissionControl::unknownFieldWarning).toList() : List.of();
    return new Decision(null, stored, warnings);
  }

  /** The object the write would leave behind; null if the patch cannot be applied here. */
  private static JsonNode resulting(ApiRequest request, JsonNode before) {
    JsonNode body = CrudShim.parse(request.body());
    if (request.method() != HttpMethod.PATCH) {
      return body;
    }
    if (!request.contentType().contains("json-patch")) {
      return null;
    }
    try {
      return JsonPatch.apply(body, before);
    } catch (RuntimeException e) {
      // Let the store answer a patch that does not apply (a failed test op) as it always has.
      return null;
    }
  }

  /** A status write changes only status; the rest is the stored object's. */
  private static JsonNode statusWrite(JsonNode candidate, JsonNode before) {
    ObjectNode result = before.deepCopy();
    if (candidate.has("status")) {
      result.set("status", candidate.get("status"));
    } else {
      result.remove("status");
    }
    JsonNode version = candidate.path("metadata").path("resourceVersion");
    if (version.isTextual()) {
      // Keep the client's resourceVersion so the store still detects conflicting writes.
      ((ObjectNode) result.with("metadata")).set("resourceVersion", version);
    }
    return result;
  }

  /** With a status subresource, a write to the object itself cannot change status. */
  private static JsonNode specWrite(
      JsonNode candidate, JsonNode before, boolean statusSubresource) {
    if (!statusSubresource) {
      return candidate;
    }
    ObjectNode result = candidate.deepCopy();
    if (before.has("status")) {
      result.set("status", before.get("status"));
    } else {
      result.remove("status");
    }
    return result;
  }

  /** kube-apiserver's answer to unknown fields under fieldValidation=Strict. */
  private static MockResponse strictDecodingError(Verdict verdict, String version) {
    String fields =
        verdict.unknownFields().stream()
            .map(f -> "unknown field \"" + f + "\"")
            .collect(Collectors.joining(", "));
    String message =
        "%s in version \"%s\" cannot be handled as a %s: strict decoding error: %s"
            .formatted(verdict.kind(), version, verdict.kind(), fields);
    var status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(400)
            .withReason("BadRequest")
            .withMessage(message)
            .build();
    return CrudShim.json(400, Serialization.asJson(status));
  }

  private static String unknownFieldWarning(String field) {
    return "299 - \"unknown field \\\"" + field + "\\\"\"";
  }
}
