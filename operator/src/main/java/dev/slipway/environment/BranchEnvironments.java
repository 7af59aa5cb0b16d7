package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ReleaseTemplate;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ServiceTemplate;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.datastore.SchemaManager;
import dev.slipway.release.ReleaseSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One pass over a branch environment, as a checklist ordered so that nothing is created before the
 * cheap checks pass: validate, resolve the shared environment and check it and what it references,
 * count the TTL, guard the account, check the datastores answer, admit (branch, limits, connection
 * budget); only then claim and create the schema and Redis namespace, the ways in and the child
 * ServiceReleases, and report what they report.
 */
final class BranchEnvironments {
  private final KubernetesClient client;
  private final BranchResolver resolver;
  private final AccountGuard guard;
  private final ChildReleases children;
  private final BranchDatastores datastores;
  private final BranchClaims claims;
  private final SharedReferences references;
  private final Admission admission;
  private final BranchTeardown teardown;
  private final BranchReport report;
  private final Clock clock;
  private final ReleaseSettings settings;

  private final EnvironmentPower power;

  BranchEnvironments(
      KubernetesClient client,
      AccountGuard guard,
      ChildReleases children,
      BranchDatastores datastores,
      BranchClaims claims,
      SharedReferences references,
      BranchTeardown teardown,
      Clock clock,
      ReleaseSettings settings) {
    this.client = client;
    this.resolver = new BranchResolver(client, settings);
    this.guard = guard;
    this.children = children;
    this.datastores = datastores;
    this.claims = claims;
    this.references = references;
    this.admission = new Admission(client);
    this.teardown = teardown;
    this.report = new BranchReport(settings);
    this.power = new EnvironmentPower(settings, clock);
    this.clock = clock;
    this.settings = settings;
  }

  EnvironmentOutcome reconcile(StagingEnvironment env, StagingEnvironmentStatus status) {
    List<String> problems = EnvironmentValidator.validate(env.getSpec());
    if (!problems.isEmpty()) {
      return EnvironmentOutcome.invalid("invalid spec: " + String.join("; ", problems));
    }
    BranchResolver.Resolution resolved = resolver.resolve(env);
    if (resolved.problem() != null) return resolved.problem();
    BranchContext ctx = resolved.ctx();
    Optional<EnvironmentOutcome> sharedProblem = checkReferences(ctx);
    if (sharedProblem.isPresent()) return sharedProblem.get();
    Optional<EnvironmentOutcome> refreshing = waitForRefresh(ctx, status);
    if (refreshing.isPresent()) return refreshing.get();
    recordNames(ctx, status);
    Instant now = clock.instant();
    Optional<Instant> expiresAt = trackSpecChange(env, status, ctx.policy(), now);
    if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) return expire(ctx, status);
    AccountCheck check = guard.verify(ctx.target());
    if (!check.matches()) {
      return EnvironmentOutcome.failed("WrongAccount", check.message(), Duration.ofMinutes(5));
    }
    awaitDatastores(ctx);
    Admission.Decision admitted =
        admission.admit(env, status, ctx.shared(), () -> schemas(ctx), now);
    if (!admitted.admitted()) {
      return EnvironmentOutcome.failed(admitted.reason(), admitted.message(), settings.resync());
    }
    Optional<String> noRoom = noRoutingRoom(ctx);
    if (noRoom.isPresent()) return refuse(ctx, status, "RoutingExhausted", noRoom.get());
    Optional<BranchClaims.Conflict> conflict = claims.claim(ctx);
    if (conflict.isPresent()) {
      return refuse(ctx, status, conflict.get().reason(), conflict.get().message());
    }
    return provision(ctx, status, expiresAt, now);
  }

  /**
   * While the shared environment re-creates the database this environment's schema lives in, it
   * sleeps and touches no datastore; afterwards the schema is made again and migrations re-run.
   */
  private Optional<EnvironmentOutcome> waitForRefresh(
      BranchContext ctx, StagingEnvironmentStatus status) {
    RefreshStatus refresh = sharedRefresh(ctx);
    if (refresh == null) return Optional.empty();
    if (refresh.current == null) return deletedAtNight(ctx, refresh, status);
    children.sleepAll(ctx.env(), true);
    return Optional.of(
        EnvironmentOutcome.provisioning(
            "WaitingForRefresh",
            "shared environment "
                + ctx.shared().getMetadata().getName()
                + " is refreshing its datastores ("
                + refresh.current.message
                + "); this environment wakes after it",
            settings.resync()));
  }

  /**
   * The shared environment deleted its datastores for the night (refresh.deleteWhenAsleep) and no
   * refresh has brought them back yet: this environment's schema is gone with them, so it sleeps
   * until one does, whatever its own schedule says.
   */
  private Optional<EnvironmentOutcome> deletedAtNight(
      BranchContext ctx, RefreshStatus refresh, StagingEnvironmentStatus status) {
    if (refresh.night == null || !Boolean.TRUE.equals(refresh.night.datastoresDeleted)) {
      return Optional.empty();
    }
    children.sleepAll(ctx.env(), true);
    EnvironmentPower.Decision power =
        this.power.decide(ctx.env(), EnvironmentPower.effective(ctx.env(), ctx.shared()));
    if (power.asleep()) {
      // Its own schedule sleeps it anyway: a plain night, looked at again when it ends.
      EnvironmentPower.record(status, power, clock.instant());
      EnvironmentOutcome night =
          new EnvironmentOutcome(Phase.Sleeping, "Asleep", "asleep", settings.resync());
      return Optional.of(
          this.power.settle(night, power, status.services == null ? List.of() : status.services));
    }
    return Optional.of(
        EnvironmentOutcome.provisioning(
            "WaitingForRefresh",
            "shared environment "
                + ctx.shared().getMetadata().getName()
                + " deleted its datastores for the night; this environment wakes after the"
                + " refresh that re-creates them",
            settings.resync()));
  }

  private static RefreshStatus sharedRefresh(BranchContext ctx) {
    return ctx.shared().getStatus() == null ? null : ctx.shared().getStatus().refresh;
  }

  /** The shared environment's references (Secret, account, load balancer) before any write. */
  private Optional<EnvironmentOutcome> checkReferences(BranchContext ctx) {
    return references
        .check(ctx.shared())
        .map(
            p ->
                resolver
                    .sharedInvalid(
                        ctx.shared().getMetadata().getName(), p.reason() + ": " + p.message())
                    .problem());
  }

  private static void recordNames(BranchContext ctx, StagingEnvironmentStatus status) {
    status.slug = ctx.identity().slug();
    status.schema = ctx.identity().schema();
    status.redisNamespace = ctx.identity().redisNamespace();
  }

  /**
   * The datastores must answer before the environment is admitted or anything is claimed: an
   * unreachable server throws (unavailable), and the pass is retried with backoff.
   */
  private void awaitDatastores(BranchContext ctx) {
    if (ctx.policy().database != null) schemas(ctx).maxConnections();
    if (ctx.policy().redis != null) datastores.redis(ctx.policy().redis).ping();
  }

  /**
   * The TTL counts from the last spec change (a new image tag is one); returns when the environment
   * expires, if the policy has a TTL.
   */
  private static Optional<Instant> trackSpecChange(
      StagingEnvironment env, StagingEnvironmentStatus status, BranchPolicy policy, Instant now) {
    if (status.lastSpecChangeAt == null
        || !Objects.equals(status.observedGeneration, env.getMetadata().getGeneration())) {
      status.lastSpecChangeAt = now.toString();
    }
    Optional<Instant> expiresAt =
        Ttl.parse(policy.ttl).map(ttl -> Instant.parse(status.lastSpecChangeAt).plus(ttl));
    status.expiresAt = expiresAt.map(Instant::toString).orElse(null);
    return expiresAt;
  }

  /**
   * TTL passed: take everything down but keep the resource (a GitOps repo still declares it). The
   * next spec change starts the TTL again and brings the environment back. An environment never
   * admitted made nothing, so there is nothing to take down.
   */
  private EnvironmentOutcome expire(BranchContext ctx, StagingEnvironmentStatus status) {
    status.url = null;
    status.services = new ArrayList<>();
    if (status.admittedAt != null) {
      Optional<String> waiting = teardown.run(ctx, BranchClaims.onExpiry(ctx.policy()));
      if (waiting.isPresent()) {
        return new EnvironmentOutcome(
            Phase.Expired,
            "TearingDown",
            "no spec change for " + ctx.policy().ttl + "; tearing down: " + waiting.get(),
            settings.minPoll());
      }
      status.admittedAt = null;
    }
    return new EnvironmentOutcome(
        Phase.Expired,
        "Expired",
        "no spec change for "
            + ctx.policy().ttl
            + " (since "
            + status.lastSpecChangeAt
            + "); services, routing, schema and Redis keys were removed. Change the image tag"
            + " to bring it back.",
        null);
  }

  private EnvironmentOutcome provision(
      BranchContext ctx,
      StagingEnvironmentStatus status,
      Optional<Instant> expiresAt,
      Instant now) {
    BranchRoutes routes = teardown.routes(ctx);
    List<BranchRoutes.Route> open;
    try {
      open = routes == null ? List.of() : routes.open(ctx.services());
    } catch (RoutingExhaustedException e) {
      return refuse(ctx, status, "RoutingExhausted", e.getMessage());
    } catch (RoutingConflictException e) {
      return refuse(ctx, status, "RoutingConflict", e.getMessage());
    }
    EnvironmentPower.Decision power =
        this.power.decide(ctx.env(), EnvironmentPower.effective(ctx.env(), ctx.shared()));
    EnvironmentPower.record(status, power, now);
    RefreshStatus refresh = sharedRefresh(ctx);
    status.refreshRun = refresh == null ? null : refresh.lastSucceededRun;
    Map<String, ServiceRelease> releases = new LinkedHashMap<>();
    for (ServiceTemplate s : ctx.services()) {
      Optional<ReleaseTemplate> template = template(ctx, s);
      if (template.isEmpty()) {
        return EnvironmentOutcome.failed(
            "ReleaseRefNotFound",
            "service "
                + s.name
                + ": ServiceRelease "
                + s.releaseRef.name
                + " (releaseRef) does not exist",
            settings.resync());
      }
      ServiceReleaseSpec spec =
          BranchReleaseRenderer.render(
              ctx.shared().getSpec(),
              ctx.env().getSpec(),
              s.name,
              template.get(),
              ctx.identity(),
              targetGroup(open, s.name));
      String name = ctx.identity().services().releaseName(s.name);
      spec.refreshRun = status.refreshRun;
      releases.put(s.name, children.apply(ctx.env(), name, spec, true, power.asleep()));
    }
    EnvironmentOutcome outcome = report.of(status, releases, open, expiresAt, now);
    return this.power.settle(outcome, power, status.services);
  }

  private static String targetGroup(List<BranchRoutes.Route> open, String service) {
    return open.stream()
        .filter(r -> r.service().equals(service))
        .map(BranchRoutes.Route::targetGroupArn)
        .findFirst()
        .orElse(null);
  }

  private Optional<String> noRoutingRoom(BranchContext ctx) {
    BranchRoutes routes = teardown.routes(ctx);
    return routes == null ? Optional.empty() : routes.noRoom(ctx.services());
  }

  /**
   * No way in is left, or one is taken, or a claim is. An environment that never served gives back
   * what it took (ways in, target groups, claims: each only if provably its own) and its admission,
   * so it is not a partial environment and does not hold a slot.
   */
  private EnvironmentOutcome refuse(
      BranchContext ctx, StagingEnvironmentStatus status, String reason, String message) {
    if (status.url == null && children.list(ctx.env()).isEmpty()) {
      // As on delete: a schema kept by policy (perhaps taken over with its data) is kept again.
      teardown.run(ctx, BranchClaims.onDelete(ctx.policy()));
      status.admittedAt = null;
    }
    return EnvironmentOutcome.failed(reason, message, settings.resync());
  }

  private Optional<ReleaseTemplate> template(BranchContext ctx, ServiceTemplate s) {
    if (s.template != null) return Optional.of(s.template);
    ServiceRelease ref =
        client
            .resources(ServiceRelease.class)
            .inNamespace(ctx.namespace())
            .withName(s.releaseRef.name)
            .get();
    return ref == null || ref.getSpec() == null
        ? Optional.empty()
        : Optional.of(SharedReleaseRenderer.templateOf(ref));
  }

  private SchemaManager schemas(BranchContext ctx) {
    return datastores.schemas(ctx.namespace(), ctx.policy().database);
  }
}
