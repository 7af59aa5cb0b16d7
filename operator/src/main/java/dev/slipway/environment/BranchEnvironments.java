package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ReleaseTemplate;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ServiceTemplate;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.ServiceState;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsTarget;
import dev.slipway.datastore.SchemaManager;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.status.Conditions;
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
 * One pass over a branch environment, as a checklist: validate, resolve the shared environment and
 * check the branch against its glob, count the TTL, admit (limits and connection budget), then
 * ensure the ways in, the schema and the child ServiceReleases, and report what they report.
 */
final class BranchEnvironments {
  private final KubernetesClient client;
  private final AccountGuard guard;
  private final ChildReleases children;
  private final BranchDatastores datastores;
  private final Admission admission;
  private final BranchTeardown teardown;
  private final Clock clock;
  private final ReleaseSettings settings;

  BranchEnvironments(
      KubernetesClient client,
      AccountGuard guard,
      ChildReleases children,
      BranchDatastores datastores,
      BranchTeardown teardown,
      Clock clock,
      ReleaseSettings settings) {
    this.client = client;
    this.guard = guard;
    this.children = children;
    this.datastores = datastores;
    this.admission = new Admission(client);
    this.teardown = teardown;
    this.clock = clock;
    this.settings = settings;
  }

  EnvironmentOutcome reconcile(StagingEnvironment env, StagingEnvironmentStatus status) {
    List<String> problems = EnvironmentValidator.validate(env.getSpec());
    if (!problems.isEmpty()) {
      return EnvironmentOutcome.invalid("invalid spec: " + String.join("; ", problems));
    }
    Resolution resolved = resolve(env);
    if (resolved.problem() != null) return resolved.problem();
    BranchContext ctx = resolved.ctx();
    status.slug = ctx.identity().slug();
    status.schema = ctx.identity().schema();
    status.redisNamespace = ctx.identity().redisNamespace();
    Instant now = clock.instant();
    Optional<Instant> expiresAt = trackSpecChange(env, status, ctx.policy(), now);
    if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) return expire(ctx, status);
    Admission.Decision admitted =
        admission.admit(env, status, ctx.shared(), () -> schemas(ctx), now);
    if (!admitted.admitted()) {
      return EnvironmentOutcome.failed(admitted.reason(), admitted.message(), settings.resync());
    }
    AccountCheck check = guard.verify(ctx.target());
    if (!check.matches()) {
      return EnvironmentOutcome.failed("WrongAccount", check.message(), Duration.ofMinutes(5));
    }
    return provision(ctx, status, expiresAt, now);
  }

  /** What the pass needs, or the outcome that stops it (missing or unsuitable shared env). */
  record Resolution(BranchContext ctx, EnvironmentOutcome problem) {}

  Resolution resolve(StagingEnvironment env) {
    String namespace = env.getMetadata().getNamespace();
    String from = env.getSpec().from;
    StagingEnvironment shared =
        client.resources(StagingEnvironment.class).inNamespace(namespace).withName(from).get();
    if (shared == null) {
      return new Resolution(
          null,
          EnvironmentOutcome.failed(
              "SharedEnvironmentNotFound",
              "shared environment " + namespace + "/" + from + " (spec.from) does not exist",
              settings.resync()));
    }
    if (shared.isBranch()) {
      return problem(
          "from: " + from + " is itself a branch environment; name the shared environment");
    }
    List<String> sharedProblems = EnvironmentValidator.validate(shared.getSpec());
    if (!sharedProblems.isEmpty()) {
      return new Resolution(
          null,
          EnvironmentOutcome.failed(
              "SharedEnvironmentInvalid",
              "shared environment " + from + " is invalid: " + String.join("; ", sharedProblems),
              settings.resync()));
    }
    BranchPolicy policy = shared.getSpec().branches;
    if (policy == null) {
      return problem(
          "shared environment " + from + " has no branches policy, so it takes no branches");
    }
    String branch = env.getSpec().branch;
    if (!GlobMatcher.of(policy.match).matches(branch)) {
      return problem(
          "branch "
              + branch
              + " does not match branches.match "
              + policy.match
              + " of shared environment "
              + from);
    }
    BranchIdentity identity = BranchIdentity.of(from, branch, policy);
    AwsTarget target =
        new AwsTarget(
            shared.getSpec().aws.accountId,
            shared.getSpec().aws.region,
            shared.getSpec().aws.roleArn);
    return new Resolution(
        new BranchContext(env, shared, policy, BranchNames.of(branch), identity, target), null);
  }

  /**
   * Invalid against the shared environment, which may change (a wider glob, a policy added), so
   * unlike an invalid spec of its own this is looked at again.
   */
  private Resolution problem(String message) {
    return new Resolution(
        null,
        new EnvironmentOutcome(
            StagingEnvironmentStatus.Phase.Failed, "Invalid", message, settings.resync()));
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
   * next spec change starts the TTL again and brings the environment back.
   */
  private EnvironmentOutcome expire(BranchContext ctx, StagingEnvironmentStatus status) {
    status.url = null;
    status.services = new ArrayList<>();
    Optional<String> waiting = teardown.run(ctx, dropSchemaOnDelete(ctx.policy()));
    if (waiting.isPresent()) {
      return new EnvironmentOutcome(
          Phase.Expired,
          "TearingDown",
          "no spec change for " + ctx.policy().ttl + "; tearing down: " + waiting.get(),
          settings.minPoll());
    }
    status.admittedAt = null;
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
      return refuseRouting(ctx, status, routes, e);
    }
    if (ctx.policy().database != null) schemas(ctx).ensure(ctx.identity().schema());
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
      String tg =
          open.stream()
              .filter(r -> r.service().equals(s.name))
              .map(BranchRoutes.Route::targetGroupArn)
              .findFirst()
              .orElse(null);
      ServiceReleaseSpec spec =
          BranchReleaseRenderer.render(
              ctx.shared().getSpec(),
              ctx.env().getSpec(),
              s.name,
              template.get(),
              ctx.identity(),
              tg);
      String name = ctx.identity().services().releaseName(s.name);
      releases.put(s.name, children.apply(ctx.env(), name, spec));
    }
    return report(status, releases, open, expiresAt, now);
  }

  /**
   * No way in is left. An environment that never served gives back what it took (target groups,
   * ways in) and its admission, so it is not a partial environment and does not hold a slot.
   */
  private EnvironmentOutcome refuseRouting(
      BranchContext ctx,
      StagingEnvironmentStatus status,
      BranchRoutes routes,
      RoutingExhaustedException e) {
    if (status.url == null) {
      routes.close(ctx.services());
      routes.releaseTargetGroups(ctx.services());
      status.admittedAt = null;
    }
    return EnvironmentOutcome.failed("RoutingExhausted", e.getMessage(), settings.resync());
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

  /** The environment's phase from its releases': all Ready → Ready; one failed → Failed. */
  private EnvironmentOutcome report(
      StagingEnvironmentStatus status,
      Map<String, ServiceRelease> releases,
      List<BranchRoutes.Route> routes,
      Optional<Instant> expiresAt,
      Instant now) {
    List<ServiceState> states = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    boolean allReady = true;
    for (Map.Entry<String, ServiceRelease> e : releases.entrySet()) {
      ServiceRelease sr = e.getValue();
      ServiceState state = new ServiceState();
      state.name = e.getKey();
      state.release = sr.getMetadata().getName();
      ServiceReleaseStatus.Phase phase = current(sr);
      state.phase = phase == null ? "Pending" : phase.name();
      routes.stream()
          .filter(r -> r.service().equals(e.getKey()))
          .findFirst()
          .ifPresent(
              r -> {
                state.targetGroupArn = r.targetGroupArn();
                state.port = r.port();
                state.priority = r.priority();
                state.host = r.host();
                state.url = r.url();
              });
      states.add(state);
      if (phase != ServiceReleaseStatus.Phase.Ready) allReady = false;
      if (failure.isEmpty() && failed(phase)) {
        failure = Optional.of("service " + e.getKey() + ": " + sr.getStatus().message);
      }
    }
    status.services = states;
    if (failure.isPresent()) {
      status.url = null;
      return EnvironmentOutcome.failed("ServiceFailed", failure.get(), settings.resync());
    }
    if (!allReady) {
      status.url = null;
      long waiting = states.stream().filter(s -> !"Ready".equals(s.phase)).count();
      return EnvironmentOutcome.provisioning(
          "Provisioning",
          "waiting for "
              + waiting
              + " of "
              + states.size()
              + " services to be Ready"
              + troubles(releases),
          settings.minPoll().multipliedBy(2));
    }
    status.url = routes.isEmpty() ? null : routes.get(0).url();
    Duration recheck = settings.resync();
    if (expiresAt.isPresent()) {
      Duration left = Duration.between(now, expiresAt.get());
      if (left.compareTo(recheck) < 0) recheck = left.isNegative() ? Duration.ZERO : left;
    }
    return new EnvironmentOutcome(
        Phase.Ready,
        "Ready",
        status.url == null
            ? "all " + states.size() + " services are Ready"
            : "all " + states.size() + " services are Ready at " + status.url,
        recheck.plusMillis(100));
  }

  /**
   * What the releases being waited for report as trouble (a ReconcileError being retried), so the
   * environment does not just say "waiting" while a child cannot make progress.
   */
  private static String troubles(Map<String, ServiceRelease> releases) {
    List<String> troubles = new ArrayList<>();
    releases.forEach(
        (service, sr) -> {
          if (sr.getStatus() != null
              && Conditions.isTrue(sr.getStatus().conditions, Conditions.DEGRADED)) {
            troubles.add(service + ": " + sr.getStatus().message);
          }
        });
    return troubles.isEmpty() ? "" : " (" + String.join("; ", troubles) + ")";
  }

  /** The child's phase, if it has observed its current spec; null while it has not. */
  private static ServiceReleaseStatus.Phase current(ServiceRelease sr) {
    if (sr.getStatus() == null) return null;
    if (!Objects.equals(sr.getStatus().observedGeneration, sr.getMetadata().getGeneration())) {
      return null;
    }
    return sr.getStatus().phase;
  }

  private static boolean failed(ServiceReleaseStatus.Phase phase) {
    return phase == ServiceReleaseStatus.Phase.Failed
        || phase == ServiceReleaseStatus.Phase.RolledBack;
  }

  private SchemaManager schemas(BranchContext ctx) {
    return datastores.schemas(ctx.namespace(), ctx.policy().database);
  }

  static boolean dropSchemaOnDelete(BranchPolicy policy) {
    return policy.database == null || !Boolean.FALSE.equals(policy.database.dropSchemaOnDelete);
  }
}
