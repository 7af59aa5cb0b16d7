package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Turns the protobuf bodies of typed kubectl commands ({@code kubectl create secret generic},
 * {@code create configmap}, {@code create namespace}, {@code create serviceaccount}) into the JSON
 * the CRUD mock stores. kubectl sends protobuf for built-in kinds and cannot be told otherwise, so
 * without this the commands the docs show would be refused. Only the fields these kinds carry are
 * decoded; a body with anything else set is refused rather than stored with parts missing.
 */
final class ProtobufBodies {
  static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

  /** "k8s" and a zero byte: the prefix of every Kubernetes protobuf body. */
  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  /** ObjectMeta fields the server sets itself; a client's value is ignored, as a server does. */
  private static final Set<Integer> SERVER_SET_META = Set.of(4, 5, 7, 8, 9, 10);

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Decodes the message inside the envelope into {@code object}; fields by number. */
  @FunctionalInterface
  private interface KindDecoder {
    void decode(ProtoReader message, ObjectNode object, String kind);
  }

  private static final Map<String, KindDecoder> KINDS =
      Map.of(
          "Secret", ProtobufBodies::secret,
          "ConfigMap", ProtobufBodies::configMap,
          "Namespace", ProtobufBodies::namespace,
          "ServiceAccount", ProtobufBodies::serviceAccount);

  private ProtobufBodies() {}

  static boolean isProtobuf(String contentType) {
    return contentType != null && contentType.startsWith(CONTENT_TYPE);
  }

  /** The JSON form of a protobuf-encoded object; {@link Unsupported} says why not. */
  static String toJson(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, 4, MAGIC, 0, 4)) {
      throw new Unsupported("the body is not a Kubernetes protobuf object");
    }
    try {
      return decode(new ProtoReader(body, 4, body.length - 4)).toString();
    } catch (ProtoReader.Malformed e) {
      throw new Unsupported("the protobuf body cannot be read: " + e.getMessage());
    }
  }

  /** The runtime.Unknown envelope: type meta (1), the object's bytes (2), their encoding (3, 4). */
  private static ObjectNode decode(ProtoReader envelope) {
    TypeMeta type = new TypeMeta("", "");
    byte[] raw = new byte[0];
    while (envelope.hasNext()) {
      ProtoReader.Field field = envelope.next();
      switch (field.tag()) {
        case 1 -> type = TypeMeta.read(field.message());
        case 2 -> raw = field.bytes();
        default -> requireEmpty(field, "envelope");
      }
    }
    KindDecoder decoder = KINDS.get(type.kind());
    if (!"v1".equals(type.apiVersion()) || decoder == null) {
      throw new Unsupported(
          "the embedded API server reads protobuf only for v1 Secret, ConfigMap, Namespace and"
              + " ServiceAccount, not "
              + type.apiVersion()
              + " "
              + type.kind()
              + "; use kubectl apply -f, or kubectl create ... --dry-run=client -o yaml |"
              + " kubectl apply -f -");
    }
    ObjectNode object =
        JSON.objectNode().put("apiVersion", type.apiVersion()).put("kind", type.kind());
    decoder.decode(ProtoReader.of(raw), object, type.kind());
    return object;
  }

  /** The envelope's apiVersion (1) and kind (2). */
  private record TypeMeta(String apiVersion, String kind) {
    static TypeMeta read(ProtoReader message) {
      String apiVersion = "";
      String kind = "";
      while (message.hasNext()) {
        ProtoReader.Field part = message.next();
        if (part.tag() == 1) apiVersion = part.text();
        if (part.tag() == 2) kind = part.text();
      }
      return new TypeMeta(apiVersion, kind);
    }
  }

  private static void secret(ProtoReader message, ObjectNode secret, String kind) {
    while (message.hasNext()) {
      ProtoReader.Field field = message.next();
      switch (field.tag()) {
        case 1 -> secret.set("metadata", objectMeta(field.message()));
        case 2 -> putEntry(secret.with("data"), field, true);
        case 3 -> secret.put("type", field.text());
        case 4 -> putEntry(secret.with("stringData"), field, false);
        case 5 -> secret.put("immutable", field.bool());
        default -> requireEmpty(field, kind);
      }
    }
  }

  private static void configMap(ProtoReader message, ObjectNode configMap, String kind) {
    while (message.hasNext()) {
      ProtoReader.Field field = message.next();
      switch (field.tag()) {
        case 1 -> configMap.set("metadata", objectMeta(field.message()));
        case 2 -> putEntry(configMap.with("data"), field, false);
        case 3 -> putEntry(configMap.with("binaryData"), field, true);
        case 4 -> configMap.put("immutable", field.bool());
        default -> requireEmpty(field, kind);
      }
    }
  }

  private static void namespace(ProtoReader message, ObjectNode namespace, String kind) {
    while (message.hasNext()) {
      ProtoReader.Field field = message.next();
      switch (field.tag()) {
        case 1 -> namespace.set("metadata", objectMeta(field.message()));
        case 2 -> namespaceSpec(field.message(), namespace);
        case 3 -> {
          // Status is the server's to set; kubectl sends an empty phase.
        }
        default -> requireEmpty(field, kind);
      }
    }
  }

  private static void namespaceSpec(ProtoReader spec, ObjectNode namespace) {
    while (spec.hasNext()) {
      ProtoReader.Field field = spec.next();
      if (field.tag() == 1) {
        namespace.with("spec").withArray("finalizers").add(field.text());
      } else {
        requireEmpty(field, "Namespace spec");
      }
    }
  }

  private static void serviceAccount(ProtoReader message, ObjectNode account, String kind) {
    while (message.hasNext()) {
      ProtoReader.Field field = message.next();
      switch (field.tag()) {
        case 1 -> account.set("metadata", objectMeta(field.message()));
        case 4 -> account.put("automountServiceAccountToken", field.bool());
        default -> requireEmpty(field, kind);
      }
    }
  }

  /** ObjectMeta as a client writes it on create: names, labels, annotations, finalizers. */
  private static ObjectNode objectMeta(ProtoReader meta) {
    ObjectNode metadata = JSON.objectNode();
    while (meta.hasNext()) {
      ProtoReader.Field field = meta.next();
      switch (field.tag()) {
        case 1 -> putText(metadata, "name", field);
        case 2 -> putText(metadata, "generateName", field);
        case 3 -> putText(metadata, "namespace", field);
        case 6 -> putText(metadata, "resourceVersion", field);
        case 11 -> putEntry(metadata.with("labels"), field, false);
        case 12 -> putEntry(metadata.with("annotations"), field, false);
        case 14 -> metadata.withArray("finalizers").add(field.text());
        default -> {
          if (!SERVER_SET_META.contains(field.tag())) requireEmpty(field, "metadata");
        }
      }
    }
    return metadata;
  }

  private static void putText(ObjectNode object, String name, ProtoReader.Field field) {
    if (!field.isEmpty()) object.put(name, field.text());
  }

  /** One map entry (key 1, value 2); bytes values become base64 as in JSON. */
  private static void putEntry(ObjectNode map, ProtoReader.Field field, boolean bytesValue) {
    ProtoReader entry = field.message();
    String key = "";
    byte[] value = new byte[0];
    while (entry.hasNext()) {
      ProtoReader.Field part = entry.next();
      if (part.tag() == 1) key = part.text();
      if (part.tag() == 2) value = part.bytes();
    }
    String text =
        bytesValue
            ? Base64.getEncoder().encodeToString(value)
            : new String(value, StandardCharsets.UTF_8);
    map.put(key, text);
  }

  private static void requireEmpty(ProtoReader.Field field, String where) {
    if (!field.isEmpty()) {
      throw new Unsupported(
          "the embedded API server cannot read field "
              + field.tag()
              + " of "
              + where
              + " from protobuf; use kubectl apply -f with the object as YAML");
    }
  }

  /** The body cannot be turned into JSON; the message says what to do instead. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message);
    }
  }
}
