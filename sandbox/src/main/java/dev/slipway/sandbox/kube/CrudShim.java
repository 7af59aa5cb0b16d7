package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sits in front of the fabric8 CRUD dispatcher and repairs what real clients trip over: query
 * strings on writes, field selectors on lists, empty bodies, status writes from an older copy, and
 * the vanished object when the last finalizer goes.
 */
final class CrudShim {
  static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final Set<String> LIST_PARAMS = Set.of("labelSelector");

  private final KubernetesCrudDispatcher crud;
  private final Tombstones tombstones;
  private final CustomResources resources;
  private final AdmissionControl admission;
  private final ServerTables tables;
  private final ListKinds listKinds;

  CrudShim(
      KubernetesCrudDispatcher crud,
      Tombstones tombstones,
      CustomResources resources,
      AdmissionControl admission,
      ServerTables tables,
      ListKinds listKinds) {
    this.crud = crud;
    this.listKinds = listKinds;
    this.tables = tables;
    this.tombstones = tombstones;
    this.resources = resources;
    this.admission = admission;
  }

  MockResponse handle(ApiRequest request) {
    MockResponse response = request.method() == HttpMethod.GET ? read(request) : write(request);
    return withStatusBodyOnError(response, request);
  }

  /**
   * Reads pass label selectors through; field selectors are applied here because the mock can't,
   * and lists get the kind a real server gives them.
   */
  private MockResponse read(ApiRequest request) {
    MockResponse response = crud.dispatch(request.keepingOnly(LIST_PARAMS).toRecorded());
    if (response.code() != 200) {
      return response;
    }
    FieldSelector selector = FieldSelector.parse(request.param("fieldSelector"));
    Optional<CustomResources.Target> table =
        ServerTables.wantsTable(request) ? resources.resolve(request.path()) : Optional.empty();
    JsonNode body = parse(bodyOf(response));
    if (!ListKinds.isGenericList(body)) {
      return table.isPresent() ? asTable(body, table.get(), request) : response;
    }
    listKinds.name((ObjectNode) body, request.path());
    if (body.path("items").isArray() && !selector.selectsEverything()) {
      ArrayNode items = (ArrayNode) body.get("items");
      for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
        if (!selector.matches(it.next())) {
          it.remove();
        }
      }
    }
    return table.isPresent() ? asTable(body, table.get(), request) : json(200, body.toString());
  }

  private MockResponse asTable(JsonNode body, CustomResources.Target target, ApiRequest request) {
    var columns = target.version().getAdditionalPrinterColumns();
    JsonNode table =
        tables.table(body, columns == null ? List.of() : columns, request.param("includeObject"));
    return json(200, table.toString());
  }

  /**
   * Writes drop the query string (kubectl adds fieldManager and fieldValidation, which the mock
   * folds into the resource key) and are serialized so the before/after view below is consistent.
   */
  private synchronized MockResponse write(ApiRequest request) {
    if (request.contentType().contains("apply-patch")) {
      // Checked before the object is looked up, so a create is refused like an update instead of
      // failing with NotFound.
      return unsupportedServerSideApply();
    }
    if (request.contentType().contains("protobuf")) {
      return unsupportedProtobuf();
    }
    ApiRequest bare = WriteRewriter.rewrite(request);
    boolean delete = bare.method() == HttpMethod.DELETE;
    JsonNode before = isUpdate(bare) || delete ? current(bare.path()) : null;
    if (before != null
        && bare.method() == HttpMethod.PATCH
        && bare.contentType().contains("merge-patch")) {
      // The mock's merge appends to arrays; RFC 7386 (what kubectl apply sends for custom
      // resources) replaces them. Merge here and hand the mock a plain update.
      bare = bare.asUpdate(mergePatch(before.deepCopy(), parse(bare.body())).toString());
    }
    if (before != null && isStaleStatusWrite(bare, before)) {
      return MockRefusals.conflict(bare);
    }
    AdmissionControl.Decision decision =
        admission.admit(bare, before, request.param("fieldValidation"));
    if (decision.refusal() != null) {
      return decision.refusal();
    }
    bare = decision.request();
    MockResponse response = MockRefusals.reworded(crud.dispatch(bare.toRecorded()), bare);
    decision.warnings().forEach(warning -> response.addHeader("Warning", warning));
    if (before == null || !isSuccess(response)) {
      return response;
    }
    if (delete) {
      return afterDelete(bare.path(), before, response);
    }
    if (bodyOf(response).isBlank()) {
      // The mock deletes the object when its last finalizer is removed and answers with an empty
      // body, which clients fail to decode; a real API server returns the final object.
      JsonNode last = finalObject(bare, before);
      tombstones.record(bare.path(), last, crud.requestResourceVersion());
      return json(200, last.toString());
    }
    return response;
  }

  /**
   * A real server refuses a write of the status subresource whose object carries another
   * resourceVersion than the stored one (a PUT from an older copy, or a patch that sets it as a
   * precondition), as it does for the object itself; the mock keeps the stored resourceVersion for
   * status writes and would accept it.
   */
  private static boolean isStaleStatusWrite(ApiRequest request, JsonNode before) {
    if (!request.path().endsWith("/status")) {
      return false;
    }
    JsonNode written;
    if (request.method() == HttpMethod.PUT) {
      written = parse(request.body());
    } else if (request.method() == HttpMethod.PATCH
        && request.contentType().contains("json-patch")) {
      try {
        written = JsonPatch.apply(parse(request.body()), before);
      } catch (RuntimeException e) {
        return false; // the mock answers a patch that does not apply as it always did
      }
    } else {
      return false;
    }
    String sent = written.path("metadata").path("resourceVersion").asText("");
    return !sent.isEmpty()
        && !sent.equals(before.path("metadata").path("resourceVersion").asText(""));
  }

  /** A real server answers a DELETE with the object as it now is: gone, or awaiting finalizers. */
  private MockResponse afterDelete(String path, JsonNode before, MockResponse response) {
    JsonNode after = current(path);
    if (after == null) {
      tombstones.record(path, before, crud.requestResourceVersion());
      return response;
    }
    return json(200, after.toString());
  }

  private JsonNode current(String path) {
    String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - 7) : path;
    MockResponse response = crud.dispatch(ApiRequest.get(objectPath).toRecorded());
    return response.code() == 200 ? parse(bodyOf(response)) : null;
  }

  private static JsonNode finalObject(ApiRequest request, JsonNode before) {
    if (request.method() == HttpMethod.PUT) {
      return parse(request.body());
    }
    JsonNode patch = parse(request.body());
    if (request.contentType().contains("json-patch")) {
      return JsonPatch.apply(patch, before);
    }
    return mergePatch(before.deepCopy(), patch);
  }

  /** RFC 7386 JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        JsonNode existing = result.path(field.getKey());
        result.set(field.getKey(), mergePatch(existing, field.getValue()));
      }
    }
    return result;
  }

  /**
   * The CRUD mock has no field managers, so server-side apply cannot be honoured; kubectl prints
   * this message after "Server-side apply not available on the server".
   */
  private static MockResponse unsupportedServerSideApply() {
    return unsupportedMediaType(
        "the Slipway sandbox's embedded API server does not support server-side apply; use"
            + " client-side apply (kubectl apply -f FILE, without --server-side)");
  }

  /**
   * Protobuf bodies reach the store only when the front could not turn them into JSON (see {@link
   * ProtobufBodies}); say so instead of failing with a parser error.
   */
  private static MockResponse unsupportedProtobuf() {
    return unsupportedMediaType(
        "the embedded API server accepts only JSON bodies; use kubectl apply -f, or"
            + " kubectl create ... --dry-run=client -o yaml | kubectl apply -f -");
  }

  static MockResponse unsupportedMediaType(String message) {
    var status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(415)
            .withReason("UnsupportedMediaType")
            .withMessage(message)
            .build();
    return json(415, Serialization.asJson(status));
  }

  /** Error responses get a Status body so kubectl and fabric8 report a real reason. */
  private static MockResponse withStatusBodyOnError(MockResponse response, ApiRequest request) {
    if (response.code() < 400 || !bodyOf(response).isBlank()) {
      return ensureJsonContentType(response);
    }
    String reason =
        switch (response.code()) {
          case 404 -> "NotFound";
          case 409 -> "AlreadyExists";
          case 422 -> "Invalid";
          case 415 -> "UnsupportedMediaType";
          default -> "BadRequest";
        };
    String message = reason + ": " + request.method() + " " + request.path();
    var status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(response.code())
            .withReason(reason)
            .withMessage(message)
            .build();
    return json(response.code(), Serialization.asJson(status));
  }

  private static MockResponse ensureJsonContentType(MockResponse response) {
    if (response.header("Content-Type") == null && !bodyOf(response).isBlank()) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  static MockResponse jsonOk(String body) {
    return json(200, body);
  }

  static String bodyOf(MockResponse response) {
    return response.getBody() == null
        ? ""
        : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static boolean isUpdate(ApiRequest request) {
    return request.method() == HttpMethod.PATCH || request.method() == HttpMethod.PUT;
  }

  private static boolean isSuccess(MockResponse response) {
    return response.code() >= 200 && response.code() < 300;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
