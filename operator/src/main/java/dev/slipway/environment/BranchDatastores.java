package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.datastore.DbCredentials;
import dev.slipway.datastore.MySqlSchemaManager;
import dev.slipway.datastore.PostgresSchemaManager;
import dev.slipway.datastore.RedisNamespace;
import dev.slipway.datastore.SchemaManager;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Opens the shared staging datastores named by a branch policy: the schema manager with the admin
 * credentials read from the referenced Secret, and the Redis DB index. Credential values stay in
 * memory; messages name only the Secret and its keys.
 */
final class BranchDatastores {
  private final KubernetesClient client;

  BranchDatastores(KubernetesClient client) {
    this.client = client;
  }

  /** The schema manager for the policy's database, or an error naming what is missing. */
  SchemaManager schemas(String namespace, BranchPolicy.Database db) {
    DbCredentials credentials = credentials(namespace, db.adminSecretRef);
    HostPort at = HostPort.parse(db.endpoint, defaultPort(db.engine));
    return db.engine == BranchPolicy.Database.Engine.postgresql
        ? new PostgresSchemaManager(
            at.host(), at.port(), db.database == null ? "postgres" : db.database, credentials)
        : new MySqlSchemaManager(at.host(), at.port(), credentials);
  }

  /** The Redis DB index branch environments live in; the caller closes it. */
  static RedisNamespace redis(BranchPolicy.Redis redis) {
    return new RedisNamespace(redis.endpoint, redis.database == null ? 0 : redis.database);
  }

  private DbCredentials credentials(String namespace, BranchPolicy.SecretRef ref) {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.name).get();
    if (secret == null) {
      throw new MissingSecretException(
          "Secret " + namespace + "/" + ref.name + " (branches.database.adminSecretRef) not found");
    }
    String userKey = ref.usernameKey == null ? "username" : ref.usernameKey;
    String passwordKey = ref.passwordKey == null ? "password" : ref.passwordKey;
    String user = value(secret, userKey);
    if (user == null || user.isEmpty()) {
      throw new MissingSecretException(
          "Secret " + namespace + "/" + ref.name + " has no key " + userKey + " (the username)");
    }
    return new DbCredentials(user, value(secret, passwordKey));
  }

  /** A key from data (base64) or stringData (API servers that do not fold it, like test ones). */
  private static String value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.containsKey(key)) {
      return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
    }
    Map<String, String> plain = secret.getStringData();
    return plain == null ? null : plain.get(key);
  }

  private static int defaultPort(BranchPolicy.Database.Engine engine) {
    return engine == BranchPolicy.Database.Engine.postgresql ? 5432 : 3306;
  }

  /** host:port from an endpoint string. */
  record HostPort(String host, int port) {
    static HostPort parse(String endpoint, int defaultPort) {
      int colon = endpoint.lastIndexOf(':');
      if (colon < 0) return new HostPort(endpoint, defaultPort);
      return new HostPort(
          endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
    }
  }

  /** The admin Secret, or one of its keys, is missing: a user error, reported in status. */
  static final class MissingSecretException extends RuntimeException {
    MissingSecretException(String message) {
      super(message);
    }
  }
}
