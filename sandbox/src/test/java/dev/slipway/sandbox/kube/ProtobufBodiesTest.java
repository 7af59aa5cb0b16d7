package dev.slipway.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Decodes bodies captured from kubectl 1.32 ({@code -v=8}) into the JSON a real server stores. */
class ProtobufBodiesTest {
  /**
   * kubectl create secret generic db-admin --from-literal=username=root --from-literal=password=
   */
  private static final String SECRET =
      "6b3873000a0c0a0276311206536563726574123c0a180a0864622d61646d696e12001a0022002a003200"
          + "38004200120c0a0870617373776f7264120012100a08757365726e616d651204726f6f741a001a002200";

  /** kubectl create configmap cm2 --from-literal=a=b --from-file=bin=FILE (bytes ff fe) */
  private static final String CONFIG_MAP =
      "6b3873000a0f0a0276311209436f6e6669674d617012280a130a03636d3212001a"
          + "0022002a0032003800420012060a01611201621a090a0362696e1202fffe1a002200";

  /** kubectl create namespace ns1 */
  private static final String NAMESPACE =
      "6b3873000a0f0a02763112094e616d657370616365121b0a130a03"
          + "6e733112001a0022002a0032003800420012001a020a001a002200";

  /** The secret's metadata, longer by one byte: field 13 (ownerReferences) instead of uid. */
  private static final String OWNER_REFERENCE_METADATA =
      "123d0a190a0864622d61646d696e12001a0022006a0100";

  @Test
  void secretDataIsBase64AndEmptyValuesSurvive() {
    JsonNode secret = decode(SECRET);

    assertThat(secret.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(secret.path("kind").asText()).isEqualTo("Secret");
    assertThat(secret.at("/metadata/name").asText()).isEqualTo("db-admin");
    assertThat(secret.at("/data/username").asText()).isEqualTo("cm9vdA==");
    assertThat(secret.at("/data/password").isTextual()).isTrue();
    assertThat(secret.at("/data/password").asText()).isEmpty();
    // Server-set fields kubectl sends empty (uid, resourceVersion, creationTimestamp) stay out.
    assertThat(secret.path("metadata").fieldNames()).toIterable().containsExactly("name");
  }

  @Test
  void configMapKeepsTextAndBase64sBinaryData() {
    JsonNode configMap = decode(CONFIG_MAP);

    assertThat(configMap.at("/metadata/name").asText()).isEqualTo("cm2");
    assertThat(configMap.at("/data/a").asText()).isEqualTo("b");
    assertThat(configMap.at("/binaryData/bin").asText()).isEqualTo("//4=");
  }

  @Test
  void namespaceIgnoresTheStatusKubectlSends() {
    JsonNode namespace = decode(NAMESPACE);

    assertThat(namespace.path("kind").asText()).isEqualTo("Namespace");
    assertThat(namespace.at("/metadata/name").asText()).isEqualTo("ns1");
    assertThat(namespace.has("status")).isFalse();
  }

  @Test
  void otherKindsAreRefusedWithAWayOut() {
    // The secret's envelope with the kind renamed to "Secrex".
    String other = SECRET.replace("536563726574", "536563726578");

    assertThatThrownBy(() -> ProtobufBodies.toJson(bytes(other)))
        .isInstanceOf(ProtobufBodies.Unsupported.class)
        .hasMessageContaining("v1 Secrex")
        .hasMessageContaining("kubectl apply -f");
  }

  @Test
  void setFieldsItCannotReadAreRefusedNotDropped() {
    // The secret with its empty uid (metadata field 5) replaced by field 13, ownerReferences,
    // holding one byte: a value this decoder would otherwise lose.
    String withOwner =
        SECRET.replace("123c0a180a0864622d61646d696e12001a0022002a00", OWNER_REFERENCE_METADATA);

    assertThatThrownBy(() -> ProtobufBodies.toJson(bytes(withOwner)))
        .isInstanceOf(ProtobufBodies.Unsupported.class)
        .hasMessageContaining("field 13 of metadata");
  }

  @Test
  void truncatedBodiesAreRefused() {
    String truncated = SECRET.substring(0, SECRET.length() - 20);

    assertThatThrownBy(() -> ProtobufBodies.toJson(bytes(truncated)))
        .isInstanceOf(ProtobufBodies.Unsupported.class)
        .hasMessageContaining("truncated");
  }

  private static JsonNode decode(String hex) {
    return CrudShim.parse(ProtobufBodies.toJson(bytes(hex)));
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
