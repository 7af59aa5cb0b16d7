package dev.slipway.sandbox.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * S3's one global namespace of buckets, each owned by one account and living in one Region. Objects
 * carry the instant they become visible, so an ElastiCache export can place its files when it
 * starts and they appear when it ends, whichever account or Region looks at the bucket first. Every
 * method locks this object; callers may hold a Region's lock first, never the reverse.
 */
final class S3Model {
  /** What RDB files start with; anything else fails a restore as a corrupt file. */
  static final String RDB_MAGIC = "REDIS";

  private static final Pattern BUCKET_NAME =
      Pattern.compile(
          "(?=.{3,63}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  /** One bucket: its owner, Region, grants and objects by key. */
  static final class Bucket {
    final String name;
    final String owner;
    final String region;
    S3BucketAccess access;
    final NavigableMap<String, StoredObject> objects = new TreeMap<>();

    /** Caller accounts whose s3:ListBucket on this bucket is taken away, on top of access. */
    final Set<String> listDenied = ConcurrentHashMap.newKeySet();

    Bucket(String name, String owner, String region, S3BucketAccess access) {
      this.name = name;
      this.owner = owner;
      this.region = region;
      this.access = access;
    }

    /** Whether a caller of this account holds s3:ListBucket (which decides 403 versus 404). */
    boolean mayList(String callerAccount) {
      return access.callerMayList() && !listDenied.contains(callerAccount);
    }
  }

  /** An object's bytes, who wrote it, and from when it is visible. */
  record StoredObject(
      String key, byte[] body, String etag, Instant visibleAt, boolean writtenByElastiCache) {
    boolean isRdb() {
      return body.length >= RDB_MAGIC.length()
          && new String(body, 0, RDB_MAGIC.length(), StandardCharsets.US_ASCII).equals(RDB_MAGIC);
    }
  }

  private final Map<String, Bucket> buckets = new TreeMap<>();
  private final SimClock clock;

  S3Model(SimClock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** Creates a bucket, or updates the grants of one the same account already owns. */
  synchronized void createBucket(String owner, String region, String name, S3BucketAccess access) {
    if (!BUCKET_NAME.matcher(name).matches() || IP_ADDRESS.matcher(name).matches()) {
      throw new IllegalArgumentException("not a DNS-compliant bucket name: " + name);
    }
    Bucket existing = buckets.get(name);
    if (existing != null && !existing.owner.equals(owner)) {
      throw new IllegalStateException(
          "bucket " + name + " already exists in account " + existing.owner);
    }
    if (existing != null) {
      existing.access = access;
      return;
    }
    buckets.put(name, new Bucket(name, owner, region, access));
  }

  synchronized Bucket bucket(String name) {
    return buckets.get(name);
  }

  /** The object as of {@code at}, or null if it does not exist (yet). */
  synchronized StoredObject object(String bucket, String key, Instant at) {
    Bucket b = buckets.get(bucket);
    if (b == null) return null;
    StoredObject o = b.objects.get(key);
    return o == null || o.visibleAt().isAfter(at) ? null : o;
  }

  /** Objects visible now under a prefix, in key order (S3 lists in UTF-8 binary order). */
  synchronized List<StoredObject> list(String bucket, String prefix, String startAfter) {
    Bucket b = buckets.get(bucket);
    if (b == null) return List.of();
    Instant now = now();
    String from = startAfter == null ? "" : startAfter;
    return b.objects.tailMap(from, false).values().stream()
        .filter(o -> prefix == null || o.key().startsWith(prefix))
        .filter(o -> !o.visibleAt().isAfter(now))
        .toList();
  }

  synchronized StoredObject put(
      String bucket, String key, byte[] body, Instant visibleAt, boolean byElastiCache) {
    StoredObject o = new StoredObject(key, body.clone(), etag(body), visibleAt, byElastiCache);
    buckets.get(bucket).objects.put(key, o);
    return o;
  }

  synchronized void delete(String bucket, String key) {
    Bucket b = buckets.get(bucket);
    if (b != null) b.objects.remove(key);
  }

  /** Read-only views of a bucket's visible objects (empty if the bucket does not exist). */
  synchronized List<S3ObjectView> views(String bucket) {
    return list(bucket, null, null).stream()
        .map(o -> new S3ObjectView(bucket, o.key(), o.body().length, o.visibleAt()))
        .toList();
  }

  private static String etag(byte[] body) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
