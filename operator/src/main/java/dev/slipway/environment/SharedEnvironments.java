package dev.slipway.environment;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ServiceTemplate;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.ServiceState;
import dev.slipway.environment.refresh.NightDeletion;
import dev.slipway.environment.refresh.Refreshes;
import dev.slipway.environment.schedule.Schedule;
import dev.slipway.environment.schedule.Schedules;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.status.Conditions;
import dev.slipway.status.DeletionFrame;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One pass over a shared environment: its spec and what its branch policy references (admin Secret,
 * account, load balancer or listener) are checked, then its own ServiceRelease per templated
 * service (a referenced release is only reported), and how many branch environments it has. On
 * delete, its branch environments go first (they need its policy to tear down), then its own
 * releases.
 */
final class SharedEnvironments {
  private final KubernetesClient client;
  private final ChildReleases children;
  private final SharedReferences references;
  private final ReleaseSettings settings;
  private final EnvironmentPower power;
  private final Refreshes refreshes;

  SharedEnvironments(
      KubernetesClient client,
      ChildReleases children,
      SharedReferences references,
      EnvironmentPower power,
      Refreshes refreshes,
      ReleaseSettings settings) {
    this.power = power;
    this.refreshes = refreshes;
    this.client = client;
    this.children = children;
    this.references = references;
    this.settings = settings;
  }

  EnvironmentOutcome reconcile(StagingEnvironment env, StagingEnvironmentStatus status) {
    List<String> problems = EnvironmentValidator.validate(env.getSpec());
    if (!problems.isEmpty()) {
      return EnvironmentOutcome.invalid("invalid spec: " + String.join("; ", problems));
    }
    // What the branch policy names must exist before this environment calls itself Ready; the
    // check runs again on later passes, so a Secret or load balancer that appears is picked up.
    Optional<SharedReferences.Problem> missing = references.check(env);
    if (missing.isPresent()) {
      status.environments = branches(env).size();
      return EnvironmentOutcome.failed(
          missing.get().reason(), missing.get().message(), settings.resync());
    }
    String name = env.getMetadata().getName();
    EnvironmentPower.Decision scheduled = this.power.decide(env, env.getSpec().schedule);
    Refreshes.State refresh = refresh(env, status, night(env, scheduled, status));
    EnvironmentPower.Decision power = EnvironmentPower.holding(scheduled, refresh);
    EnvironmentPower.record(status, power, this.power.now());
    String refreshRun = status.refresh == null ? null : status.refresh.lastSucceededRun;
    List<ServiceState> states = new ArrayList<>();
    Set<String> referenced = new HashSet<>();
    for (ServiceTemplate s : env.getSpec().services) {
      ServiceRelease sr;
      if (s.template != null) {
        sr =
            children.apply(
                env,
                SharedReleaseRenderer.childName(name, s.name),
                withRefreshRun(
                    SharedReleaseRenderer.render(name, env.getSpec(), s.name, s.template),
                    refreshRun),
                power.asleep());
      } else {
        referenced.add(s.releaseRef.name);
        sr = children.sleepReferenced(env, referenced(env, s.releaseRef.name), power.asleep());
      }
      states.add(state(s.name, sr, s.releaseRef == null ? null : s.releaseRef.name));
    }
    children.wakeUnreferenced(env, referenced);
    status.services = states;
    status.environments = branches(env).size();
    EnvironmentOutcome settled = this.power.settle(outcome(states, status), power, states);
    if (refresh.running() && !refresh.deleting()) return refreshing(refresh);
    return withNight(withLastRefresh(settled, status.refresh), refresh, status.refresh);
  }

  /**
   * What refresh.deleteWhenAsleep needs to know from the schedule. Tonight's deletion waits until
   * every service of this environment was asleep at the last look and every branch environment
   * sleeps too: their schemas live in the databases it deletes.
   */
  private Refreshes.Night night(
      StagingEnvironment env,
      EnvironmentPower.Decision scheduled,
      StagingEnvironmentStatus status) {
    if (!scheduled.asleep()) return Refreshes.Night.AWAKE;
    Instant wake = scheduled.state().nextTransition();
    String until = wake == null ? "indefinite" : wake.toString();
    return new Refreshes.Night(true, until, holdBack(env, status));
  }

  private String holdBack(StagingEnvironment env, StagingEnvironmentStatus status) {
    if (env.getSpec().refresh == null
        || !Boolean.TRUE.equals(env.getSpec().refresh.deleteWhenAsleep)) {
      return null;
    }
    List<ServiceState> services = status.services == null ? List.of() : status.services;
    long awake = services.stream().filter(s -> !"Sleeping".equals(s.phase)).count();
    if (services.size() != env.getSpec().services.size() || awake > 0) {
      return awake + " of " + env.getSpec().services.size() + " services are not asleep yet";
    }
    List<String> awakeBranches =
        branches(env).stream()
            .filter(b -> b.getStatus() == null || b.getStatus().phase != Phase.Sleeping)
            .map(
                b ->
                    b.getMetadata().getName()
                        + " ("
                        + (b.getStatus() == null ? "new" : b.getStatus().phase)
                        + ")")
            .toList();
    return awakeBranches.isEmpty()
        ? null
        : "branch environments are awake: " + String.join(", ", awakeBranches);
  }

  /**
   * The night's deletion in the message, and a quick look again while it runs or waits for the
   * services to sleep (the environment's own recheck while Sleeping is long).
   */
  private EnvironmentOutcome withNight(
      EnvironmentOutcome o, Refreshes.State refresh, RefreshStatus status) {
    String note = null;
    Duration again = null;
    if (refresh.running()) {
      note = "deleting datastores for the night: " + refresh.message();
      again = refresh.lookAgain();
    } else if (status != null && status.night != null && status.night.heldBack != null) {
      note = "datastores kept for now (" + status.night.heldBack + ")";
      again = settings.minPoll().multipliedBy(2);
    }
    if (note == null) return o;
    Duration recheck =
        again == null || (o.recheck() != null && o.recheck().compareTo(again) < 0)
            ? o.recheck()
            : again;
    return new EnvironmentOutcome(o.phase(), o.reason(), o.message() + "; " + note, recheck);
  }

  /**
   * A failed last refresh stays in the message until a run succeeds: staging runs on old data, or
   * on none when the night deleted it. A failed night's deletion is said too.
   */
  private static EnvironmentOutcome withLastRefresh(EnvironmentOutcome o, RefreshStatus refresh) {
    if (refresh == null || refresh.history.isEmpty()) return o;
    RefreshStatus.Run last = refresh.history.get(0);
    if (!"Failed".equals(last.result)) return o;
    boolean deleted = refresh.night != null && Boolean.TRUE.equals(refresh.night.datastoresDeleted);
    String what =
        NightDeletion.SLEEP.equals(last.trigger)
            ? "; the night's deletion (" + last.runId + ") failed: "
            : "; the last refresh ("
                + last.runId
                + ") failed"
                + (deleted ? " and the datastores deleted at night are not back" : "")
                + ": ";
    return new EnvironmentOutcome(
        o.phase(), o.reason(), o.message() + what + last.message, o.recheck());
  }

  /** Starts or advances the datastore refresh; the environment sleeps while one runs. */
  private Refreshes.State refresh(
      StagingEnvironment env, StagingEnvironmentStatus status, Refreshes.Night night) {
    if (env.getSpec().refresh == null) {
      status.refresh = null;
      return Refreshes.State.IDLE;
    }
    if (status.refresh == null) status.refresh = new RefreshStatus();
    Schedule schedule = Schedules.parse(env.getSpec().schedule, "schedule").schedule();
    String name = env.getMetadata().getName();
    return refreshes.reconcile(
        env,
        status.refresh,
        schedule,
        night,
        service ->
            client
                .resources(ServiceRelease.class)
                .inNamespace(env.getMetadata().getNamespace())
                .withName(SharedReleaseRenderer.childName(name, service))
                .get());
  }

  private EnvironmentOutcome refreshing(Refreshes.State refresh) {
    Duration after =
        refresh.lookAgain() == null || refresh.lookAgain().compareTo(settings.resync()) > 0
            ? settings.resync()
            : refresh.lookAgain();
    return EnvironmentOutcome.provisioning(
        "Refreshing", "refreshing datastores: " + refresh.message(), after);
  }

  /** Releases run their pre-deploy tasks again when the data they prepared was replaced. */
  static ServiceReleaseSpec withRefreshRun(ServiceReleaseSpec spec, String refreshRun) {
    spec.refreshRun = refreshRun;
    return spec;
  }

  private EnvironmentOutcome outcome(List<ServiceState> states, StagingEnvironmentStatus status) {
    Optional<ServiceState> failed =
        states.stream()
            .filter(s -> "Failed".equals(s.phase) || "RolledBack".equals(s.phase))
            .findFirst();
    if (failed.isPresent()) {
      return EnvironmentOutcome.failed(
          "ServiceFailed",
          "service "
              + failed.get().name
              + " is "
              + failed.get().phase
              + " (ServiceRelease "
              + failed.get().release
              + ")",
          settings.resync());
    }
    if (states.stream().allMatch(s -> "Ready".equals(s.phase))) {
      return new EnvironmentOutcome(
          Phase.Ready,
          "Ready",
          "all "
              + states.size()
              + " services are Ready; "
              + status.environments
              + " branch environments",
          settings.resync());
    }
    return EnvironmentOutcome.provisioning(
        "Provisioning", "waiting for services to be Ready", settings.minPoll().multipliedBy(2));
  }

  /** One deletion pass; empty when done. Branch environments first, then this one's releases. */
  Optional<String> delete(StagingEnvironment env) {
    List<StagingEnvironment> branches = branches(env);
    if (!branches.isEmpty()) {
      for (StagingEnvironment b : branches) {
        if (!b.isMarkedForDeletion()) client.resource(b).delete();
      }
      String waiting =
          "delete "
              + branches.size()
              + " branch environments ("
              + String.join(", ", branches.stream().map(SharedEnvironments::describe).toList())
              + ")";
      // A branch whose teardown is blocked blocks this one too, with its reason.
      if (branches.stream().anyMatch(SharedEnvironments::blocked)) {
        throw new DeletionFrame.TeardownBlockedException(waiting);
      }
      return Optional.of("waiting to " + waiting);
    }
    children.wakeUnreferenced(env, Set.of());
    return children.removeAll(env);
  }

  /** What releasing the finalizer now leaves: its branch environments and its own releases. */
  List<String> leftBehind(StagingEnvironment env) {
    List<String> left = new ArrayList<>();
    branches(env).forEach(b -> left.add("branch environment " + b.getMetadata().getName()));
    children.list(env).forEach(r -> left.add("ServiceRelease " + r.getMetadata().getName()));
    return left;
  }

  /** Abandons its releases and its branch environments with it (each lists what it leaves). */
  void abandon(StagingEnvironment env) {
    children.wakeUnreferenced(env, Set.of());
    for (StagingEnvironment b : branches(env)) {
      DeletionFrame.requestAbandon(client, b);
      if (!b.isMarkedForDeletion()) client.resource(b).delete();
    }
    children.abandonAll(children.list(env));
  }

  private static boolean blocked(StagingEnvironment b) {
    return b.getStatus() != null
        && Conditions.find(b.getStatus().conditions, Conditions.READY)
            .map(c -> "TeardownBlocked".equals(c.getReason()))
            .orElse(false);
  }

  /** "qa-foo" or "qa-foo: <what its teardown waits for>". */
  private static String describe(StagingEnvironment b) {
    String name = b.getMetadata().getName();
    return b.getStatus() != null && b.getStatus().message != null && b.isMarkedForDeletion()
        ? name + ": " + b.getStatus().message
        : name;
  }

  private List<StagingEnvironment> branches(StagingEnvironment shared) {
    return client
        .resources(StagingEnvironment.class)
        .inNamespace(shared.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(e -> e.getSpec() != null && shared.getMetadata().getName().equals(e.getSpec().from))
        .toList();
  }

  private ServiceRelease referenced(StagingEnvironment env, String name) {
    return client
        .resources(ServiceRelease.class)
        .inNamespace(env.getMetadata().getNamespace())
        .withName(name)
        .get();
  }

  private static ServiceState state(String service, ServiceRelease sr, String refName) {
    ServiceState state = new ServiceState();
    state.name = service;
    state.release = sr == null ? refName : sr.getMetadata().getName();
    if (sr == null) {
      state.phase = "NotFound";
    } else if (sr.getStatus() == null
        || sr.getStatus().phase == null
        || !Objects.equals(sr.getStatus().observedGeneration, sr.getMetadata().getGeneration())) {
      state.phase = ServiceReleaseStatus.Phase.Pending.name();
    } else {
      state.phase = sr.getStatus().phase.name();
    }
    return state;
  }
}
