package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.datastore.DbCredentials;
import dev.slipway.datastore.MySqlSchemaManager;
import dev.slipway.datastore.PostgresSchemaManager;
import dev.slipway.datastore.RedisNamespace;
import dev.slipway.datastore.SchemaManager;
import dev.slipway.release.ContentHash;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the shared staging datastores named by a branch policy: the schema manager with the admin
 * credentials read from the referenced Secret, and the Redis DB index. Each server is opened once
 * and its connection kept for every environment that uses it (a new password opens a new one).
 * Credential values stay in memory; messages name only the Secret and its keys.
 */
final class BranchDatastores implements AutoCloseable {
  private final KubernetesClient client;
  private final Map<String, Opened<SchemaManager>> schemas = new ConcurrentHashMap<>();
  private final Map<String, RedisNamespace> redis = new ConcurrentHashMap<>();

  /** A manager and the credentials it was opened with (hashed, never kept in clear twice). */
  private record Opened<T>(String credentials, T manager) {}

  BranchDatastores(KubernetesClient client) {
    this.client = client;
  }

  /** The schema manager for the policy's database, or an error naming what is missing. */
  SchemaManager schemas(String namespace, BranchPolicy.Database db) {
    DbCredentials credentials = credentials(namespace, db.adminSecretRef);
    HostPort at = HostPort.parse(db.endpoint, defaultPort(db.engine));
    String database = db.database == null ? "postgres" : db.database;
    String server = db.engine + "://" + at.host() + ":" + at.port() + "/" + database;
    String fingerprint = ContentHash.of(credentials.user(), credentials.password());
    Opened<SchemaManager> opened =
        schemas.compute(
            server,
            (k, old) -> {
              if (old != null && old.credentials().equals(fingerprint)) return old;
              if (old != null) old.manager().close();
              return new Opened<>(fingerprint, open(db.engine, at, database, credentials));
            });
    return opened.manager();
  }

  /** The Redis DB index branch environments live in, opened once. */
  RedisNamespace redis(BranchPolicy.Redis policy) {
    int database = policy.database == null ? 0 : policy.database;
    return redis.computeIfAbsent(
        policy.endpoint + "/" + database, k -> new RedisNamespace(policy.endpoint, database));
  }

  /**
   * Whether the policy's admin Secret exists with a username; the problem when not. A check without
   * opening anything, for passes that only need to know.
   */
  Optional<String> secretProblem(String namespace, BranchPolicy.Database db) {
    try {
      credentials(namespace, db.adminSecretRef);
      return Optional.empty();
    } catch (MissingSecretException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static SchemaManager open(
      BranchPolicy.Database.Engine engine, HostPort at, String database, DbCredentials c) {
    return engine == BranchPolicy.Database.Engine.postgresql
        ? new PostgresSchemaManager(at.host(), at.port(), database, c)
        : new MySqlSchemaManager(at.host(), at.port(), c);
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

  @Override
  public void close() {
    schemas.values().forEach(o -> o.manager().close());
    schemas.clear();
    redis.values().forEach(RedisNamespace::close);
    redis.clear();
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
