package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.datastore.Claim;
import dev.slipway.datastore.LedgerEntry;
import dev.slipway.datastore.Owner;
import dev.slipway.datastore.RedisNamespace;
import dev.slipway.datastore.SchemaManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A branch environment's share of the staging datastores: its schema (or MySQL database) and its
 * Redis key namespace, claimed in each server's ownership ledger before they are created and given
 * back only by the object the ledger names. This is what makes a refused duplicate, or another
 * shared environment with the same pattern, unable to drop a live environment's data.
 */
final class BranchClaims {
  private final BranchDatastores datastores;
  private final KubernetesClient client;

  BranchClaims(BranchDatastores datastores, KubernetesClient client) {
    this.datastores = datastores;
    this.client = client;
  }

  /** A claim another object holds (or something Slipway did not make): reason and message. */
  record Conflict(String reason, String message) {}

  /**
   * Claims and creates the schema, then claims the Redis namespace. Returns the first conflict;
   * claims made before it stay (they are this environment's, and teardown gives them back).
   */
  Optional<Conflict> claim(BranchContext ctx) {
    Owner owner = ctx.datastoreOwner();
    BranchPolicy policy = ctx.policy();
    if (policy.database != null) {
      String schema = ctx.identity().schema();
      Claim claim = schemas(ctx).ensure(schema, owner);
      if (!claim.owned()) {
        return Optional.of(conflict(ctx, claim, schemaWhat(ctx, schema), forgetSchema(schema)));
      }
    }
    if (policy.redis != null) {
      String namespace = ctx.identity().redisNamespace();
      Claim claim = datastores.redis(policy.redis).claim(namespace, owner);
      if (!claim.owned()) {
        return Optional.of(
            conflict(ctx, claim, redisWhat(ctx, namespace), forgetNamespace(namespace)));
      }
    }
    return Optional.empty();
  }

  /**
   * Gives back the schema (dropped, or kept as {@code keep} says) and deletes the Redis keys (a
   * cache: they go unless the schema stays owned), for every name this environment may have used.
   * Only names the ledgers prove are this environment's are touched.
   */
  void release(BranchContext ctx, SchemaManager.Keep keep) {
    releaseSchemas(ctx, keep);
    if (keep != SchemaManager.Keep.KEEP_OWNED) releaseRedis(ctx);
  }

  /** Drops or keeps the schema, for each name this environment may have used. */
  void releaseSchemas(BranchContext ctx, SchemaManager.Keep keep) {
    if (ctx.policy().database == null) return;
    SchemaManager schemas = schemas(ctx);
    for (String schema : schemaNames(ctx)) {
      schemas.dispose(schema, ctx.datastoreOwner(), keep);
    }
  }

  /** Deletes the Redis keys and the namespace's claim. */
  void releaseRedis(BranchContext ctx) {
    if (ctx.policy().redis == null) return;
    RedisNamespace redis = datastores.redis(ctx.policy().redis);
    for (String namespace : namespaceNames(ctx)) redis.dispose(namespace, ctx.datastoreOwner());
  }

  /** Expiry keeps an owned schema only when the policy keeps schemas on delete. */
  static SchemaManager.Keep onExpiry(BranchPolicy policy) {
    return dropSchemaOnDelete(policy) ? SchemaManager.Keep.DROP : SchemaManager.Keep.KEEP_OWNED;
  }

  /** On delete a kept schema is released to later environments of the same shared environment. */
  static SchemaManager.Keep onDelete(BranchPolicy policy) {
    return dropSchemaOnDelete(policy)
        ? SchemaManager.Keep.DROP
        : SchemaManager.Keep.RELEASE_TO_SCOPE;
  }

  /** What the ledgers say this environment holds now, for the list of what an abandon leaves. */
  List<String> held(BranchContext ctx) {
    Owner owner = ctx.datastoreOwner();
    List<String> held = new ArrayList<>();
    if (ctx.policy().database != null) {
      SchemaManager schemas = schemas(ctx);
      for (String schema : schemaNames(ctx)) {
        schemas
            .holder(schema)
            .filter(e -> e.ownedBy(owner))
            .ifPresent(e -> held.add(schemaWhat(ctx, schema).description()));
      }
    }
    if (ctx.policy().redis != null) {
      RedisNamespace redis = datastores.redis(ctx.policy().redis);
      for (String namespace : namespaceNames(ctx)) {
        redis
            .holder(namespace)
            .filter(e -> e.ownedBy(owner))
            .ifPresent(e -> held.add(redisWhat(ctx, namespace).description()));
      }
    }
    return held;
  }

  private SchemaManager schemas(BranchContext ctx) {
    return datastores.schemas(ctx.namespace(), ctx.policy().database);
  }

  /**
   * The schemas this environment holds: the one the current policy names, and every other the
   * server's ledger records for it (a pattern changed since it was claimed). The ledger, not
   * status, is what says so.
   */
  private Set<String> schemaNames(BranchContext ctx) {
    Set<String> names = new LinkedHashSet<>();
    names.add(ctx.identity().schema());
    schemas(ctx).ledger().stream()
        .filter(e -> e.ownedBy(ctx.datastoreOwner()))
        .forEach(e -> names.add(e.name()));
    return names;
  }

  /** As {@link #schemaNames}, for the Redis namespaces of the DB index. */
  private Set<String> namespaceNames(BranchContext ctx) {
    Set<String> names = new LinkedHashSet<>();
    names.add(ctx.identity().redisNamespace());
    datastores.redis(ctx.policy().redis).ledger().stream()
        .filter(e -> e.ownedBy(ctx.datastoreOwner()))
        .forEach(e -> names.add(e.name()));
    return names;
  }

  private static boolean dropSchemaOnDelete(BranchPolicy policy) {
    return policy.database == null || !Boolean.FALSE.equals(policy.database.dropSchemaOnDelete);
  }

  /**
   * The refusal, named for who holds the claim: an environment of the same shared environment holds
   * this branch (BranchTaken); one of another shared environment uses the same name on the same
   * server (SchemaTaken, RedisNamespaceTaken); an environment that no longer exists left it
   * (ClaimLeftBehind); or nobody Slipway knows does (…Exists).
   */
  private Conflict conflict(BranchContext ctx, Claim claim, Held what, String forget) {
    if (claim.result() == Claim.Result.FOREIGN) {
      return new Conflict(
          what.existsReason(),
          what.description()
              + " already exists but no Slipway environment claimed it, so Slipway will neither"
              + " use nor drop it; drop or rename it, or choose another "
              + what.patternField());
    }
    LedgerEntry holder = claim.holder();
    if (!holder.retained() && !alive(client, holder)) {
      return new Conflict(
          "ClaimLeftBehind",
          what.description()
              + " is still claimed by environment "
              + holder.owner()
              + " (uid "
              + holder.ownerUid()
              + "), which no longer exists: it was abandoned or deleted before its teardown"
              + " finished. Slipway will not use or drop data it cannot prove is this"
              + " environment's; drop it yourself and remove the claim ("
              + forget
              + ")");
    }
    String sameScope = ctx.datastoreOwner().scope();
    if (sameScope.equals(holder.scope())) {
      return new Conflict(
          "BranchTaken",
          "branch "
              + ctx.env().getSpec().branch
              + " already has environment "
              + holder.owner()
              + " from "
              + ctx.shared().getMetadata().getName()
              + " ("
              + what.description()
              + " is its); one environment per branch");
    }
    return new Conflict(
        what.takenReason(),
        what.description()
            + " belongs to environment "
            + holder.owner()
            + " of shared environment "
            + holder.scope()
            + (holder.retained() ? " (kept when it was deleted)" : "")
            + "; give each shared environment that uses this server its own "
            + what.patternField()
            + ", e.g. <app>_{branch}");
  }

  /** Whether the object a ledger names still exists as the very object (same uid). */
  static boolean alive(KubernetesClient client, LedgerEntry holder) {
    int slash = holder.owner().indexOf('/');
    if (slash < 0) return true;
    StagingEnvironment env =
        client
            .resources(StagingEnvironment.class)
            .inNamespace(holder.owner().substring(0, slash))
            .withName(holder.owner().substring(slash + 1))
            .get();
    return env != null && holder.ownerUid().equals(env.getMetadata().getUid());
  }

  private static String forgetSchema(String schema) {
    return "DELETE FROM " + SchemaManager.LEDGER + ".schemas WHERE name = '" + schema + "'";
  }

  private static String forgetNamespace(String namespace) {
    return "HDEL " + RedisNamespace.LEDGER + " " + namespace;
  }

  /** A claimed thing, described for messages. */
  private record Held(
      String description, String takenReason, String existsReason, String patternField) {}

  private static Held schemaWhat(BranchContext ctx, String schema) {
    BranchPolicy.Database db = ctx.policy().database;
    String kind = db.engine == BranchPolicy.Database.Engine.postgresql ? "schema" : "database";
    return new Held(
        kind + " " + schema + " on " + db.endpoint,
        "SchemaTaken",
        "SchemaExists",
        "branches.database.schemaName");
  }

  private static Held redisWhat(BranchContext ctx, String namespace) {
    BranchPolicy.Redis redis = ctx.policy().redis;
    return new Held(
        "Redis namespace "
            + namespace
            + " in DB "
            + (redis.database == null ? 0 : redis.database)
            + " of "
            + RedisEndpoints.withoutCredentials(redis.endpoint),
        "RedisNamespaceTaken",
        "RedisNamespaceExists",
        "branches.redis.namespace");
  }
}
