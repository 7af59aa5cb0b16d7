package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remembers recent deletions so a watch that starts at resourceVersion N still hears about objects
 * deleted after N. The CRUD mock only replays objects that still exist, so without this a client
 * that listed just before a deletion (kubectl delete's wait does exactly that) waits forever.
 */
final class Tombstones {
  private static final int CAPACITY = 1000;
  private static final Pattern COLLECTION =
      Pattern.compile("^(/api/v1|/apis/[^/]+/[^/]+)(?:/namespaces/([^/]+))?/([^/]+)$");

  /** Where a watch or a deleted object lives: API prefix, namespace (null = all), plural. */
  private record Collection(String prefix, String namespace, String plural) {
    static Collection parse(String collectionPath) {
      Matcher m = COLLECTION.matcher(collectionPath);
      return m.matches() ? new Collection(m.group(1), m.group(2), m.group(3)) : null;
    }

    boolean covers(Collection deleted) {
      return prefix.equals(deleted.prefix)
          && plural.equals(deleted.plural)
          && (namespace == null || Objects.equals(namespace, deleted.namespace));
    }
  }

  /** One deletion, kept as the ready-to-send watch event. */
  private record Tombstone(Collection collection, long version, String event) {}

  private final Deque<Tombstone> recent = new ArrayDeque<>();

  /** Records that the object at {@code objectPath} is gone; its final state is {@code object}. */
  synchronized void record(String objectPath, JsonNode object, long version) {
    String path = objectPath.endsWith("/status") ? parent(objectPath) : objectPath;
    Collection collection = Collection.parse(parent(path));
    if (collection == null) {
      return;
    }
    ObjectNode finalState = object.deepCopy();
    finalState.with("metadata").put("resourceVersion", Long.toString(version));
    ObjectNode event = CrudShim.JSON.createObjectNode().put("type", "DELETED");
    event.set("object", finalState);
    recent.addLast(new Tombstone(collection, version, event.toString()));
    while (recent.size() > CAPACITY) {
      recent.removeFirst();
    }
  }

  /** DELETED events newer than {@code sinceVersion} for the collection a watch covers. */
  synchronized List<String> since(String watchPath, long sinceVersion) {
    Collection watched = Collection.parse(watchPath);
    if (watched == null || sinceVersion <= 0) {
      return List.of();
    }
    return recent.stream()
        .filter(t -> t.version() > sinceVersion && watched.covers(t.collection()))
        .map(Tombstone::event)
        .toList();
  }

  private static String parent(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }
}
