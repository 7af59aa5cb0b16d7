package dev.slipway.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Branch namespaces on the real Redis of this machine (and CI), in the reserved DB index 9. */
class RedisNamespaceIT {
  private static final String URI = "redis://127.0.0.1:6379";
  private static final int QA_DB = 9;
  private static final int OTHER_DB = 8;

  /** Every key this test writes starts with the run id, so cleanup and parallel runs are safe. */
  private final String run = "slwit-" + UUID.randomUUID().toString().substring(0, 8) + "-";

  private static final Owner OWNER = new Owner("uid-owner", "qa/owner", "qa/shop");
  private static final Owner OTHER = new Owner("uid-other", "qa/other", "qa/blog");

  private RedisClient client;
  private StatefulRedisConnection<String, String> qa;
  private StatefulRedisConnection<String, String> other;
  private RedisNamespace namespaces;

  @BeforeEach
  void connect() {
    client = RedisClient.create();
    qa = client.connect(io.lettuce.core.RedisURI.create(URI + "/" + QA_DB));
    other = client.connect(io.lettuce.core.RedisURI.create(URI + "/" + OTHER_DB));
    namespaces = new RedisNamespace(URI, QA_DB);
  }

  @AfterEach
  void cleanUp() {
    deleteRunKeys(qa.sync());
    deleteRunKeys(other.sync());
    namespaces.close();
    client.shutdown();
  }

  @Test
  void twoBranchesAreIsolatedAndDeletingOneLeavesTheOther() {
    String foo = run + "qa_foo";
    String bar = run + "qa_bar";
    write(qa.sync(), foo, 3);
    write(qa.sync(), bar, 4);

    assertThat(namespaces.count(foo)).isEqualTo(3);
    assertThat(namespaces.count(bar)).isEqualTo(4);
    assertThat(deleteAll(foo)).isEqualTo(3);

    assertThat(namespaces.count(foo)).isZero();
    assertThat(namespaces.count(bar)).isEqualTo(4);
    assertThat(deleteAll(foo)).as("idempotent").isZero();
  }

  @Test
  void keysThatMerelyShareAStringPrefixSurvive() {
    String foo = run + "foo";
    write(qa.sync(), foo, 2);
    RedisCommands<String, String> redis = qa.sync();
    redis.set(run + "foo2:k", "v");
    redis.set(run + "foobar:k", "v");
    redis.set(run + "foo", "v");
    redis.set(run + "foo-k", "v");
    redis.set(run + "fo:k", "v");

    assertThat(deleteAll(foo)).isEqualTo(2);

    assertThat(
            redis.exists(
                run + "foo2:k", run + "foobar:k", run + "foo", run + "foo-k", run + "fo:k"))
        .isEqualTo(5);
  }

  @Test
  void globCharactersInANamespaceMatchOnlyThemselves() {
    String star = run + "a*b";
    write(qa.sync(), star, 3);
    RedisCommands<String, String> redis = qa.sync();
    redis.set(run + "axb:k", "v");
    redis.set(run + "a-long-b:k", "v");
    redis.set(run + "a?b:k", "v");
    namespaces.claim(run + "a[b]", OWNER);
    namespaces.claim(run + "a\\b", OWNER);
    redis.set(run + "a[b]:k", "v");
    redis.set(run + "a\\b:k", "v");

    assertThat(namespaces.count(star)).isEqualTo(3);
    assertThat(deleteAll(star)).isEqualTo(3);

    assertThat(
            redis.exists(
                run + "axb:k", run + "a-long-b:k", run + "a?b:k", run + "a[b]:k", run + "a\\b:k"))
        .isEqualTo(5);
    assertThat(deleteAll(run + "a[b]")).isEqualTo(1);
    assertThat(deleteAll(run + "a\\b")).isEqualTo(1);
    assertThat(redis.exists(run + "axb:k", run + "a-long-b:k", run + "a?b:k")).isEqualTo(3);
  }

  @Test
  void aLargeNamespaceIsDeletedInBatches() {
    String big = run + "big";
    write(qa.sync(), big, 5_000);
    long unlinksBefore = unlinkCalls();

    assertThat(deleteAll(big)).isEqualTo(5_000);

    assertThat(namespaces.count(big)).isZero();
    // SCAN COUNT 500 over 5,000 keys: at least 10 UNLINKs (more if others use the server).
    assertThat(unlinkCalls() - unlinksBefore).isGreaterThanOrEqualTo(5_000 / RedisNamespace.BATCH);
  }

  @Test
  void anotherOwnerCanNeitherClaimNorEmptyALiveNamespace() {
    String foo = run + "qa_live";
    write(qa.sync(), foo, 3);

    assertThat(namespaces.claim(foo, OTHER).result()).isEqualTo(Claim.Result.TAKEN);
    assertThat(namespaces.dispose(foo, OTHER).result()).isEqualTo(Disposal.Result.NOT_OWNED);

    assertThat(namespaces.count(foo)).isEqualTo(3);
    assertThat(namespaces.holder(foo)).get().satisfies(e -> assertThat(e.ownedBy(OWNER)).isTrue());
  }

  @Test
  void keysNobodyClaimedAreForeignAndSurviveEveryTeardown() {
    String foo = run + "qa_foreign";
    writeUnclaimed(qa.sync(), foo, 2);

    assertThat(namespaces.claim(foo, OWNER).result()).isEqualTo(Claim.Result.FOREIGN);
    assertThat(namespaces.holder(foo)).isEmpty();
    assertThat(namespaces.dispose(foo, OWNER).result()).isEqualTo(Disposal.Result.NOT_OWNED);
    assertThat(namespaces.count(foo)).isEqualTo(2);
  }

  @Test
  void disposingForgetsTheClaimSoTheNameCanBeClaimedAgain() {
    String foo = run + "qa_again";
    write(qa.sync(), foo, 1);

    assertThat(namespaces.dispose(foo, OWNER).result()).isEqualTo(Disposal.Result.DROPPED);

    assertThat(namespaces.holder(foo)).isEmpty();
    assertThat(namespaces.claim(foo, OTHER).owned()).isTrue();
  }

  @Test
  void otherDatabaseIndexesAreUntouched() {
    String foo = run + "qa_foo";
    write(qa.sync(), foo, 3);
    write(other.sync(), foo, 3);

    assertThat(deleteAll(foo)).isEqualTo(3);

    try (RedisNamespace otherDb = new RedisNamespace(URI, OTHER_DB)) {
      assertThat(otherDb.count(foo)).isEqualTo(3);
    }
  }

  /** Claims the namespace for the test's owner, as an environment does before its app writes. */
  private void write(RedisCommands<String, String> redis, String namespace, int keys) {
    if (redis == qa.sync()) namespaces.claim(namespace, OWNER);
    writeUnclaimed(redis, namespace, keys);
  }

  private static void writeUnclaimed(
      RedisCommands<String, String> redis, String namespace, int keys) {
    Map<String, String> batch = new LinkedHashMap<>();
    for (int i = 0; i < keys; i++) {
      batch.put(RedisNamespace.keyPrefix(namespace) + "key" + i, "v" + i);
      if (batch.size() == 1_000 || i == keys - 1) {
        redis.mset(batch);
        batch.clear();
      }
    }
  }

  /** Disposes as the owner; returns how many of the namespace's keys went. */
  private long deleteAll(String namespace) {
    long before = namespaces.count(namespace);
    namespaces.dispose(namespace, OWNER);
    return before - namespaces.count(namespace);
  }

  private long unlinkCalls() {
    Matcher m =
        Pattern.compile("cmdstat_unlink:calls=(\\d+)").matcher(qa.sync().info("commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** Test cleanup by the run id; written out here so it does not depend on the code under test. */
  private void deleteRunKeys(RedisCommands<String, String> redis) {
    for (String field : redis.hkeys(RedisNamespace.LEDGER)) {
      if (field.startsWith(run)) redis.hdel(RedisNamespace.LEDGER, field);
    }
    ScanArgs args = ScanArgs.Builder.matches(run + "*").limit(1_000);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      if (!page.getKeys().isEmpty()) {
        redis.unlink(page.getKeys().toArray(new String[0]));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }
}
