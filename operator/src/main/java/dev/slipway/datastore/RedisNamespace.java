package dev.slipway.datastore;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One branch's keys ({@code <namespace>:*}) inside the shared staging Redis DB index. Teardown
 * deletes exactly those keys with SCAN + UNLINK in batches: never FLUSHDB/FLUSHALL, which would
 * take every other branch's keys with it, and never KEYS, which blocks the server.
 */
public final class RedisNamespace implements AutoCloseable {
  /** SCAN COUNT hint and so roughly the keys per UNLINK: small enough not to stall Redis. */
  static final int BATCH = 500;

  private static final String GLOB_SPECIALS = "*?[]\\";

  private final RedisClient client;
  private final RedisURI uri;

  /**
   * {@code redisUri} like {@code rediss://host:6379}; {@code database} is the policy's DB index.
   */
  public RedisNamespace(String redisUri, int database) {
    this.uri = RedisURI.create(redisUri);
    uri.setDatabase(database);
    uri.setTimeout(Duration.ofSeconds(10));
    this.client = RedisClient.create();
  }

  /** Deletes every key of the namespace; returns how many were deleted. */
  public long deleteAll(String namespace) {
    return withCommands(
        namespace,
        redis -> forEachBatch(redis, namespace, keys -> redis.unlink(keys.toArray(new byte[0][]))));
  }

  /** How many keys the namespace holds (by SCAN, so it never blocks the server). */
  public long count(String namespace) {
    return withCommands(
        namespace, redis -> forEachBatch(redis, namespace, keys -> (long) keys.size()));
  }

  /** {@code <namespace>:}: every key of the branch starts with it. */
  public static String keyPrefix(String namespace) {
    requireNamespace(namespace);
    return namespace + ":";
  }

  /**
   * The SCAN MATCH pattern for the namespace: the prefix with glob characters escaped, so a
   * namespace {@code a*b} matches only {@code a*b:…} and never {@code axxb:…}.
   */
  static String matchPattern(String namespace) {
    StringBuilder out = new StringBuilder();
    for (char c : keyPrefix(namespace).toCharArray()) {
      if (GLOB_SPECIALS.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('*').toString();
  }

  /** Runs {@code batch} on each SCAN page of the namespace's keys and sums what it returns. */
  private static long forEachBatch(
      RedisCommands<byte[], byte[]> redis, String namespace, Function<List<byte[]>, Long> batch) {
    ScanArgs args =
        ScanArgs.Builder.matches(matchPattern(namespace).getBytes(StandardCharsets.UTF_8))
            .limit(BATCH);
    long total = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<byte[]> page = redis.scan(cursor, args);
      if (!page.getKeys().isEmpty()) {
        total += batch.apply(page.getKeys());
      }
      cursor = page;
    } while (!cursor.isFinished());
    return total;
  }

  /** Keys are handled as bytes so keys that are not valid UTF-8 are still found and deleted. */
  private <T> T withCommands(String namespace, Function<RedisCommands<byte[], byte[]>, T> work) {
    requireNamespace(namespace);
    try (StatefulRedisConnection<byte[], byte[]> connection =
        client.connect(ByteArrayCodec.INSTANCE, uri)) {
      return work.apply(connection.sync());
    } catch (RedisException e) {
      throw new DatastoreException(
          "Redis namespace '" + namespace + "' on " + this + ": " + e.getMessage(), e);
    }
  }

  private static void requireNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw new IllegalArgumentException("Redis namespace must not be empty");
    }
  }

  @Override
  public void close() {
    client.shutdown();
  }

  /** Host, port and DB index only: the URI may carry a password. */
  @Override
  public String toString() {
    return "RedisNamespace[" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase() + "]";
  }
}
