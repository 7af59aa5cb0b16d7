package dev.slipway.datastore;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Branch key namespaces ({@code <namespace>:*}) inside one shared staging Redis DB index, with an
 * ownership ledger in the same index: the hash {@value #LEDGER} maps each namespace to the object
 * that claimed it. Teardown deletes a namespace's keys only for its owner, with SCAN + UNLINK in
 * batches: never FLUSHDB/FLUSHALL, which would take every other branch's keys with it, and never
 * KEYS, which blocks the server. One connection per DB index, kept open.
 */
public final class RedisNamespace implements AutoCloseable {
  /**
   * The ledger's key. It contains {@code /}, which namespaces cannot (see the naming rules), so no
   * namespace's teardown can ever match it.
   */
  public static final String LEDGER = "slipway.dev/ledger";

  /** SCAN COUNT hint and so roughly the keys per UNLINK: small enough not to stall Redis. */
  static final int BATCH = 500;

  private static final String GLOB_SPECIALS = "*?[]\\";
  private static final String SEPARATOR = "\n";

  /** Removes a ledger field only if it still holds the given value (no race with a new claim). */
  private static final String FORGET_IF_MINE =
      "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then"
          + " return redis.call('HDEL', KEYS[1], ARGV[1]) else return 0 end";

  private final RedisClient client;
  private final RedisURI uri;
  private StatefulRedisConnection<byte[], byte[]> connection;

  /**
   * {@code redisUri} like {@code rediss://host:6379}; {@code database} is the policy's DB index.
   */
  public RedisNamespace(String redisUri, int database) {
    this.uri = RedisURI.create(redisUri);
    uri.setDatabase(database);
    uri.setTimeout(Duration.ofSeconds(10));
    this.client = RedisClient.create();
    // Fail at once while the server is away instead of queueing until the command timeout: a
    // reconcile thread must not wait for Redis, and the pass retries with backoff anyway.
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
  }

  /**
   * Claims {@code namespace} for {@code owner} (HSETNX, so two claimants cannot both win). Keys
   * that already exist under an unclaimed namespace were not made for a Slipway environment:
   * FOREIGN.
   */
  public Claim claim(String namespace, Owner owner) {
    requireNamespace(namespace);
    return withCommands(
        "namespace '" + namespace + "'",
        redis -> {
          Optional<LedgerEntry> holder = holder(redis, namespace);
          if (holder.isPresent()) {
            return holder.get().ownedBy(owner) ? Claim.owned(holder.get()) : taken(holder.get());
          }
          if (anyKey(redis, namespace)) return Claim.foreign();
          redis.hsetnx(bytes(LEDGER), bytes(namespace), bytes(value(owner)));
          LedgerEntry now = holder(redis, namespace).orElseThrow();
          return now.ownedBy(owner) ? Claim.owned(now) : taken(now);
        });
  }

  /**
   * Deletes every key of the namespace and then its ledger entry, if the ledger names {@code
   * owner}; otherwise touches nothing. A crash between the two leaves the entry, so the owner's
   * next pass finishes the job.
   */
  public Disposal dispose(String namespace, Owner owner) {
    requireNamespace(namespace);
    return withCommands(
        "namespace '" + namespace + "'",
        redis -> {
          Optional<LedgerEntry> holder = holder(redis, namespace);
          if (holder.isEmpty() || !holder.get().ownedBy(owner)) {
            return Disposal.notOwned(holder.orElse(null));
          }
          forEachBatch(redis, namespace, keys -> redis.unlink(keys.toArray(new byte[0][])));
          redis.eval(
              FORGET_IF_MINE,
              ScriptOutputType.INTEGER,
              new byte[][] {bytes(LEDGER)},
              bytes(namespace),
              bytes(value(owner)));
          return Disposal.dropped();
        });
  }

  /** Who holds {@code namespace}, if anyone. */
  public Optional<LedgerEntry> holder(String namespace) {
    requireNamespace(namespace);
    return withCommands("namespace '" + namespace + "'", redis -> holder(redis, namespace));
  }

  /** Every claimed namespace of this DB index. */
  public List<LedgerEntry> ledger() {
    return withCommands(
        "ledger",
        redis -> {
          List<LedgerEntry> out = new ArrayList<>();
          for (Map.Entry<byte[], byte[]> e : redis.hgetall(bytes(LEDGER)).entrySet()) {
            out.add(entry(text(e.getKey()), text(e.getValue())));
          }
          return out;
        });
  }

  /** How many keys the namespace holds (by SCAN, so it never blocks the server). */
  public long count(String namespace) {
    return withCommands(
        "namespace '" + namespace + "'",
        redis -> forEachBatch(redis, namespace, keys -> (long) keys.size()));
  }

  /** Checks that the server answers (a cheap PING on the kept connection). */
  public void ping() {
    withCommands("PING", RedisCommands::ping);
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

  private static Optional<LedgerEntry> holder(
      RedisCommands<byte[], byte[]> redis, String namespace) {
    byte[] value = redis.hget(bytes(LEDGER), bytes(namespace));
    return value == null ? Optional.empty() : Optional.of(entry(namespace, text(value)));
  }

  private static Claim taken(LedgerEntry holder) {
    return Claim.taken(holder);
  }

  /** Whether any key of the namespace exists; stops at the first one found. */
  private static boolean anyKey(RedisCommands<byte[], byte[]> redis, String namespace) {
    ScanArgs args =
        ScanArgs.Builder.matches(matchPattern(namespace).getBytes(StandardCharsets.UTF_8))
            .limit(BATCH);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<byte[]> page = redis.scan(cursor, args);
      if (!page.getKeys().isEmpty()) return true;
      cursor = page;
    } while (!cursor.isFinished());
    return false;
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

  /**
   * Keys are handled as bytes so keys that are not valid UTF-8 are still found and deleted. The
   * connection is opened on first use and kept; Lettuce reconnects it after a server restart.
   */
  private synchronized <T> T withCommands(
      String what, Function<RedisCommands<byte[], byte[]>, T> work) {
    try {
      if (connection == null || !connection.isOpen()) {
        connection = client.connect(ByteArrayCodec.INSTANCE, uri);
      }
      return work.apply(connection.sync());
    } catch (RedisException e) {
      boolean unavailable =
          e instanceof RedisConnectionException
              || e instanceof RedisCommandTimeoutException
              || connection == null
              || !connection.isOpen();
      throw new DatastoreException(
          "Redis " + what + " on " + this + ": " + e.getMessage(), e, unavailable);
    }
  }

  private static String value(Owner owner) {
    return owner.uid() + SEPARATOR + owner.ref() + SEPARATOR + owner.scope();
  }

  private static LedgerEntry entry(String namespace, String value) {
    String[] parts = value.split(SEPARATOR, 3);
    return new LedgerEntry(
        namespace,
        parts[0],
        parts.length > 1 ? parts[1] : "",
        parts.length > 2 ? parts[2] : "",
        false);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void requireNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw new IllegalArgumentException("Redis namespace must not be empty");
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) connection.close();
    client.shutdown();
  }

  /** Host, port and DB index only: the URI may carry a password. */
  @Override
  public String toString() {
    return "RedisNamespace[" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase() + "]";
  }
}
