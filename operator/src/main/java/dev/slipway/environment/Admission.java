package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.datastore.ConnectionBudget;
import dev.slipway.datastore.SchemaManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Decides whether a new branch environment may be created: its branch is not taken, the shared
 * environment's {@code maxEnvironments} is not reached, and the staging database has connections
 * for it. Decisions for one shared environment are taken one at a time and recorded in the
 * environment's status before the next one, so 20 environments created at once cannot all squeeze
 * through the last slot.
 */
final class Admission {
  /** The answer; {@code reason} is the condition reason when refused. */
  record Decision(boolean admitted, String reason, String message) {
    static Decision yes() {
      return new Decision(true, "Admitted", "");
    }

    static Decision no(String reason, String message) {
      return new Decision(false, reason, message);
    }
  }

  private final KubernetesClient client;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  Admission(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Admits {@code env} (recording {@code admittedAt} and the names it will claim in its status) or
   * says why not. An environment admitted earlier stays admitted: lowering a limit never tears down
   * a running environment.
   *
   * @param status the pass's working status, with the names the claims will use already set
   * @param schemas the staging database's schema manager, or null when the policy has none
   */
  Decision admit(
      StagingEnvironment env,
      StagingEnvironmentStatus status,
      StagingEnvironment shared,
      Supplier<SchemaManager> schemas,
      Instant now) {
    if (status.admittedAt != null) {
      if (!recorded(env.getStatus(), status)) record(env, status);
      return Decision.yes();
    }
    String parentKey = shared.getMetadata().getNamespace() + "/" + shared.getMetadata().getName();
    synchronized (locks.computeIfAbsent(parentKey, k -> new Object())) {
      List<StagingEnvironment> all = namespaceEnvironments(shared);
      List<StagingEnvironment> others = siblings(env, shared, all);
      BranchPolicy policy = shared.getSpec().branches;
      Decision decision =
          branchTaken(env, shared, others)
              .or(() -> sharedDatastore(env, status, shared, all))
              .orElseGet(() -> decide(env, shared, policy, others, schemas));
      if (decision.admitted()) {
        status.admittedAt = now.toString();
        record(env, status);
      }
      return decision;
    }
  }

  /**
   * One environment per branch of a shared environment: a second one for the same branch is refused
   * naming the live one. Checked first, so a duplicate is called what it is and not a schema clash
   * with its own twin.
   */
  private static Optional<Decision> branchTaken(
      StagingEnvironment env, StagingEnvironment shared, List<StagingEnvironment> others) {
    String slug = BranchNames.of(env.getSpec().branch).slug();
    return others.stream()
        .filter(Admission::admitted)
        .filter(other -> other.getSpec().branch != null)
        .filter(other -> slug.equals(BranchNames.of(other.getSpec().branch).slug()))
        .findFirst()
        .map(
            other ->
                Decision.no(
                    "BranchTaken",
                    "branch "
                        + env.getSpec().branch
                        + " already has environment "
                        + other.getMetadata().getName()
                        + " from "
                        + shared.getMetadata().getName()
                        + "; one environment per branch: delete this one, or that one first"));
  }

  private Decision decide(
      StagingEnvironment env,
      StagingEnvironment shared,
      BranchPolicy policy,
      List<StagingEnvironment> others,
      Supplier<SchemaManager> schemas) {
    List<StagingEnvironment> live = others.stream().filter(Admission::admitted).toList();
    int max = policy.maxEnvironments == null ? 30 : policy.maxEnvironments;
    if (live.size() >= max) {
      return Decision.no(
          "MaxEnvironmentsReached",
          live.size()
              + " of "
              + max
              + " branch environments of "
              + shared.getMetadata().getName()
              + " exist ("
              + names(live)
              + "); delete one or raise branches.maxEnvironments");
    }
    if (policy.database == null) return Decision.yes();
    int tasks = tasksPerEnvironment(shared);
    int perTask =
        policy.database.connectionsPerTask == null ? 5 : policy.database.connectionsPerTask;
    ConnectionBudget.Decision budget =
        ConnectionBudget.check(
            live.stream().map(e -> tasks).toList(),
            tasks,
            perTask,
            schemas.get().maxConnections(),
            policy.database.maxConnections == null
                ? OptionalInt.empty()
                : OptionalInt.of(policy.database.maxConnections));
    if (!budget.allowed()) {
      return Decision.no(
          "ConnectionBudgetExceeded",
          "refused: the staging database has no connections left for another environment: "
              + budget.message());
    }
    return Decision.yes();
  }

  /** Every StagingEnvironment of the namespace, read from the API server (not a cache). */
  private List<StagingEnvironment> namespaceEnvironments(StagingEnvironment shared) {
    return client
        .resources(StagingEnvironment.class)
        .inNamespace(shared.getMetadata().getNamespace())
        .list()
        .getItems();
  }

  /** Every branch environment of the shared one but {@code env}. */
  private static List<StagingEnvironment> siblings(
      StagingEnvironment env, StagingEnvironment shared, List<StagingEnvironment> all) {
    return all.stream()
        .filter(e -> e.getSpec() != null)
        .filter(e -> shared.getMetadata().getName().equals(e.getSpec().from))
        .filter(e -> !Objects.equals(e.getMetadata().getUid(), env.getMetadata().getUid()))
        .toList();
  }

  /**
   * Two shared environments whose patterns give one branch the same schema (or Redis namespace) on
   * the same server would share it, and one teardown would drop the other's data: refuse instead.
   * (The servers' ownership ledgers refuse it too, across namespaces; this check names the other
   * environment before anything is claimed.)
   */
  private static Optional<Decision> sharedDatastore(
      StagingEnvironment env,
      StagingEnvironmentStatus status,
      StagingEnvironment shared,
      List<StagingEnvironment> all) {
    Map<String, StagingEnvironment> sharedByName =
        all.stream()
            .filter(e -> e.getSpec() != null && e.getSpec().from == null)
            .collect(Collectors.toMap(e -> e.getMetadata().getName(), e -> e, (a, b) -> a));
    BranchPolicy mine = shared.getSpec().branches;
    for (StagingEnvironment other : all) {
      if (!admitted(other) || other.getSpec() == null || other.getSpec().from == null) continue;
      if (Objects.equals(other.getMetadata().getUid(), env.getMetadata().getUid())) continue;
      if (shared.getMetadata().getName().equals(other.getSpec().from)) continue;
      StagingEnvironment otherShared = sharedByName.get(other.getSpec().from);
      if (otherShared == null || otherShared.getSpec().branches == null) continue;
      BranchPolicy theirs = otherShared.getSpec().branches;
      if (sameDatabase(mine, theirs) && Objects.equals(status.schema, other.getStatus().schema)) {
        return Optional.of(taken("SchemaTaken", "database schema " + status.schema, other));
      }
      if (sameRedis(mine, theirs)
          && Objects.equals(status.redisNamespace, other.getStatus().redisNamespace)) {
        return Optional.of(
            taken("RedisNamespaceTaken", "Redis namespace " + status.redisNamespace, other));
      }
    }
    return Optional.empty();
  }

  private static boolean sameDatabase(BranchPolicy a, BranchPolicy b) {
    return a.database != null
        && b.database != null
        && a.database.engine == b.database.engine
        && Objects.equals(a.database.endpoint, b.database.endpoint)
        && Objects.equals(a.database.database, b.database.database);
  }

  private static boolean sameRedis(BranchPolicy a, BranchPolicy b) {
    return a.redis != null
        && b.redis != null
        && Objects.equals(a.redis.endpoint, b.redis.endpoint)
        && Objects.equals(a.redis.database, b.redis.database);
  }

  private static Decision taken(String reason, String what, StagingEnvironment other) {
    String by =
        other.getMetadata().getName() == null
            ? "another environment"
            : other.getMetadata().getName();
    return Decision.no(
        reason,
        what
            + " is already used by environment "
            + by
            + " (from "
            + other.getSpec().from
            + ") on the same server; give each shared environment its own pattern, e.g."
            + " branches.database.schemaName: <app>_{branch} or branches.redis.namespace:"
            + " <app>:{branch}");
  }

  static boolean admitted(StagingEnvironment e) {
    return e.getStatus() != null && e.getStatus().admittedAt != null;
  }

  /** QA runs every service of the template at the policy's desired count. */
  static int tasksPerEnvironment(StagingEnvironment shared) {
    BranchPolicy policy = shared.getSpec().branches;
    int desired = policy.desiredCount == null ? 1 : policy.desiredCount;
    return desired * shared.getSpec().services.size();
  }

  /**
   * Written at once, so the next decision (maybe in another thread) counts this environment, with
   * the schema and Redis namespace the claims are about to create: this is the record that creation
   * may have started, and it must say what. A pass that dies after the claims and before its own
   * status write (a crash, a datastore that stops answering: its passes then fail before they write
   * names) would otherwise leave a live environment holding a schema its status does not name.
   */
  private void record(StagingEnvironment env, StagingEnvironmentStatus status) {
    client
        .resources(StagingEnvironment.class)
        .inNamespace(env.getMetadata().getNamespace())
        .withName(env.getMetadata().getName())
        .editStatus(
            fresh -> {
              if (fresh.getStatus() == null) fresh.setStatus(new StagingEnvironmentStatus());
              fresh.getStatus().admittedAt = status.admittedAt;
              fresh.getStatus().schema = status.schema;
              fresh.getStatus().redisNamespace = status.redisNamespace;
              return fresh;
            });
  }

  /**
   * Whether the stored status already names what an admitted environment claims: not when it was
   * admitted by an operator that wrote only {@code admittedAt}, or when the shared environment's
   * pattern changed the names since (the new ones are claimed next).
   */
  private static boolean recorded(StagingEnvironmentStatus stored, StagingEnvironmentStatus now) {
    return stored != null
        && Objects.equals(stored.admittedAt, now.admittedAt)
        && Objects.equals(stored.schema, now.schema)
        && Objects.equals(stored.redisNamespace, now.redisNamespace);
  }

  private static String names(List<StagingEnvironment> envs) {
    String shown =
        envs.stream()
            .limit(5)
            .map(e -> e.getMetadata().getName())
            .collect(Collectors.joining(", "));
    return envs.size() > 5 ? shown + ", …" : shown;
  }
}
