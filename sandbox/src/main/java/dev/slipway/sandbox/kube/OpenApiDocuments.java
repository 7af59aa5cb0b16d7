package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAPI v3 documents: the discovery index at {@code /openapi/v3} and one document per group
 * version. kubectl reads them to learn whether the server validates fields itself ({@code
 * fieldValidation} on each kind's PATCH; when it does, kubectl skips the protobuf OpenAPI v2 schema
 * this server cannot produce), and {@code kubectl explain} reads the kind's GVK from a path and its
 * schema from {@code components.schemas}, which are built from the installed CRDs.
 */
final class OpenApiDocuments {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final String PREFIX = "/openapi/v3/";

  private final ApiDiscovery discovery;

  OpenApiDocuments(ApiDiscovery discovery) {
    this.discovery = discovery;
  }

  /** Answers {@code /openapi/v3} and {@code /openapi/v3/<api path>}; empty if not ours. */
  Optional<String> forPath(String path) {
    if (path.equals("/openapi/v3")) {
      return Optional.of(index());
    }
    if (!path.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String apiPath = path.substring(PREFIX.length());
    return discovery.resources(groupVersionOf(apiPath)).map(list -> document(apiPath, list));
  }

  private String index() {
    ObjectNode paths = JSON.createObjectNode();
    for (String groupVersion : groupVersions()) {
      String apiPath = apiPathOf(groupVersion);
      paths.putObject(apiPath).put("serverRelativeURL", PREFIX + apiPath);
    }
    ObjectNode root = JSON.createObjectNode();
    root.set("paths", paths);
    return root.toString();
  }

  private String document(String apiPath, APIResourceList list) {
    ObjectNode paths = JSON.createObjectNode();
    String[] gv = splitGroupVersion(list.getGroupVersion());
    for (APIResource resource : list.getResources()) {
      if (resource.getName().contains("/")) {
        continue;
      }
      String scope = Boolean.TRUE.equals(resource.getNamespaced()) ? "/namespaces/{namespace}" : "";
      String objectPath = "/" + apiPath + scope + "/" + resource.getName() + "/{name}";
      paths.putObject(objectPath).set("patch", patchOperation(gv, resource.getKind()));
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("openapi", "3.0.0");
    root.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    root.set("paths", paths);
    root.putObject("components")
        .set("schemas", CrdOpenApiSchemas.forGroupVersion(discovery.crds(), gv[0], gv[1]));
    return root.toString();
  }

  private static ObjectNode patchOperation(String[] gv, String kind) {
    ObjectNode patch = JSON.createObjectNode();
    patch
        .putObject("x-kubernetes-group-version-kind")
        .put("group", gv[0])
        .put("version", gv[1])
        .put("kind", kind);
    ArrayNode parameters = patch.putArray("parameters");
    for (String name : List.of("fieldValidation", "fieldManager", "dryRun")) {
      parameters
          .addObject()
          .put("name", name)
          .put("in", "query")
          .putObject("schema")
          .put("type", "string");
    }
    patch.putObject("responses");
    return patch;
  }

  private List<String> groupVersions() {
    List<String> groupVersions = new ArrayList<>(List.of("v1"));
    discovery
        .groups()
        .getGroups()
        .forEach(g -> g.getVersions().forEach(v -> groupVersions.add(v.getGroupVersion())));
    return groupVersions;
  }

  private static String apiPathOf(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }

  private static String groupVersionOf(String apiPath) {
    if (apiPath.startsWith("api/")) {
      return apiPath.substring("api/".length());
    }
    return apiPath.startsWith("apis/") ? apiPath.substring("apis/".length()) : apiPath;
  }

  private static String[] splitGroupVersion(String groupVersion) {
    int slash = groupVersion.indexOf('/');
    return slash < 0
        ? new String[] {"", groupVersion}
        : new String[] {groupVersion.substring(0, slash), groupVersion.substring(slash + 1)};
  }
}
