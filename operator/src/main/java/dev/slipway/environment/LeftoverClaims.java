package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.datastore.LedgerEntry;
import dev.slipway.datastore.Owner;
import dev.slipway.datastore.RedisNamespace;
import dev.slipway.datastore.SchemaManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what branch environments of one shared environment left claimed on its servers although
 * they no longer exist: schemas and Redis namespaces whose ledger entry names an object that is
 * gone. For the sandbox, whose embedded API starts empty on every run while the local databases
 * keep the previous run's environments, and for tests; the operator itself never calls it, since on
 * a real cluster such leftovers come only from an abandon, which means "leave it".
 */
public final class LeftoverClaims {
  private LeftoverClaims() {}

  /** Sweeps {@code shared}'s servers; returns what was removed, described for people. */
  public static List<String> sweep(KubernetesClient client, StagingEnvironment shared) {
    List<String> removed = new ArrayList<>();
    BranchPolicy policy = shared.getSpec() == null ? null : shared.getSpec().branches;
    if (policy == null) return removed;
    String scope = shared.getMetadata().getNamespace() + "/" + shared.getMetadata().getName();
    try (BranchDatastores datastores = new BranchDatastores(client)) {
      if (policy.database != null) {
        SchemaManager schemas =
            datastores.schemas(shared.getMetadata().getNamespace(), policy.database);
        for (LedgerEntry e : stale(client, schemas.ledger(), scope)) {
          schemas.dispose(e.name(), owner(e), SchemaManager.Keep.DROP);
          removed.add("schema " + e.name() + " (claimed by " + e.owner() + ")");
        }
      }
      if (policy.redis != null) {
        RedisNamespace redis = datastores.redis(policy.redis);
        for (LedgerEntry e : stale(client, redis.ledger(), scope)) {
          redis.dispose(e.name(), owner(e));
          removed.add("Redis namespace " + e.name() + " (claimed by " + e.owner() + ")");
        }
      }
    }
    return removed;
  }

  private static List<LedgerEntry> stale(
      KubernetesClient client, List<LedgerEntry> ledger, String scope) {
    return ledger.stream()
        .filter(e -> scope.equals(e.scope()) && !e.retained())
        .filter(e -> !BranchClaims.alive(client, e))
        .toList();
  }

  private static Owner owner(LedgerEntry e) {
    return new Owner(e.ownerUid(), e.owner(), e.scope());
  }
}
