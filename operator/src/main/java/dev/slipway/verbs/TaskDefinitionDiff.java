package dev.slipway.verbs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Line-by-line comparison of a live task definition revision with the rendered request, for
 * display. Whether a new revision is needed is decided by the content hash, as in the operator;
 * this only explains it. Fields ECS fills in by itself (a container's cpu 0, hostPort, empty mount
 * points) are not shown as removals, because the manifest never set them.
 */
final class TaskDefinitionDiff {
  /** Lists whose entries the manifest owns entirely: an entry only in AWS will be removed. */
  private static final Set<String> OWNED_LISTS =
      Set.of("environment", "secrets", "command", "entryPoint", "portMappings", "dependsOn");

  private TaskDefinitionDiff() {}

  /** The revision as the RegisterTaskDefinition request that would recreate it (tags aside). */
  static RegisterTaskDefinitionRequest asRequest(TaskDefinition live) {
    RegisterTaskDefinitionRequest.Builder b = RegisterTaskDefinitionRequest.builder();
    Map<String, SdkField<?>> liveFields = new TreeMap<>();
    live.sdkFields().forEach(f -> liveFields.put(f.memberName(), f));
    for (SdkField<?> target : b.sdkFields()) {
      SdkField<?> source = liveFields.get(target.memberName());
      if (source != null && !"tags".equals(target.memberName()))
        target.set(b, source.getValueOrDefault(live));
    }
    return b.build();
  }

  /** "-"/"+" lines, sorted by field path. */
  static List<String> lines(TaskDefinition live, RegisterTaskDefinitionRequest desired) {
    Map<String, String> have = flatten(WireJson.of(asRequest(live)));
    Map<String, String> want =
        flatten(
            WireJson.of(
                desired.toBuilder()
                    .tags((List<software.amazon.awssdk.services.ecs.model.Tag>) null)
                    .build()));
    Set<String> containers = new TreeSet<>();
    want.keySet().forEach(k -> containers.add(containerOf(k)));
    Set<String> paths = new TreeSet<>(want.keySet());
    have.keySet().stream().filter(p -> shownWhenRemoved(p, containers)).forEach(paths::add);
    List<String> out = new ArrayList<>();
    for (String path : paths) {
      String h = have.get(path);
      String w = want.get(path);
      if (w != null && w.equals(h)) continue;
      if (h != null) out.add("-   " + path + ": " + h);
      if (w != null) out.add("+   " + path + ": " + w);
    }
    return out;
  }

  private static boolean shownWhenRemoved(String path, Set<String> desiredContainers) {
    if (!path.startsWith("containerDefinitions["))
      return !path.contains(".") && !path.contains("[");
    if (!desiredContainers.contains(containerOf(path))) return true;
    return OWNED_LISTS.stream().anyMatch(l -> path.contains("." + l + "["));
  }

  private static String containerOf(String path) {
    int end = path.indexOf(']');
    return path.startsWith("containerDefinitions[") && end > 0 ? path.substring(0, end + 1) : "";
  }

  /**
   * Leaf values by path; list entries that have a {@code name} are addressed by it (so a new
   * environment variable does not shift every line after it), others by index.
   */
  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    flatten("", node, out);
    return out;
  }

  private static void flatten(String path, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  flatten(
                      path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        String key =
            item.isObject() && item.hasNonNull("name") ? item.get("name").asText() : "" + i;
        flatten(path + "[" + key + "]", item, out);
      }
    } else {
      out.put(path, node.isTextual() ? node.asText() : node.toString());
    }
  }
}
