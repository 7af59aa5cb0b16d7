package dev.slipway.environment;

import static dev.slipway.environment.Environments.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.Inventory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator in-process on the embedded Kubernetes API and the AWS simulator, with a QA load
 * balancer and a shared HTTPS listener seeded and the local databases' admin Secrets applied: what
 * the staging environment ITs share, with the waits and looks they use.
 */
final class EnvironmentFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  final Sandbox sandbox;
  final String lb;
  final String hostListener;
  private final SimpleMeterRegistry meters;

  private EnvironmentFixture(
      Sandbox sandbox, String lb, String hostListener, SimpleMeterRegistry meters) {
    this.sandbox = sandbox;
    this.lb = lb;
    this.hostListener = hostListener;
    this.meters = meters;
  }

  static EnvironmentFixture start() {
    return start(Duration.ofSeconds(2));
  }

  /**
   * As above with the given resync. A refresh step waiting on AWS asks to be looked at again after
   * simulated seconds, which the environment reconciler caps at the resync (real time): the refresh
   * ITs pass half a second so each wait of a run costs that rather than two seconds.
   */
  static EnvironmentFixture start(Duration resync) {
    ReleaseSettings settings =
        new ReleaseSettings(Duration.ofMillis(300), Duration.ofSeconds(2), resync, 10);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Sandbox sandbox = Sandbox.start(0, 60, settings, meters);
    String lb = sandbox.aws().createLoadBalancer(Sandbox.ACCOUNT, Sandbox.REGION, "qa");
    String fallback =
        sandbox.aws().createTargetGroup(Sandbox.ACCOUNT, Sandbox.REGION, "qa-404", 80);
    String hostListener =
        sandbox.aws().createListener(Sandbox.ACCOUNT, Sandbox.REGION, lb, 443, fallback);
    for (Engine engine : Engine.values()) {
      sandbox.client().resource(Environments.adminSecret(engine)).createOr(c -> c.update());
    }
    return new EnvironmentFixture(sandbox, lb, hostListener, meters);
  }

  /** Passes the environment controller has run so far. */
  double environmentPasses() {
    var counter =
        meters.find("slipway.reconciles").tag("controller", "stagingenvironment").counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * Creates or updates {@code env}. A shared environment first has its servers swept of what
   * environments of an earlier, interrupted run left claimed (this API starts empty every run).
   */
  StagingEnvironment apply(StagingEnvironment env) {
    if (!env.isBranch() && env.getMetadata().getNamespace() != null) {
      try {
        LeftoverClaims.sweep(sandbox.client(), env);
      } catch (RuntimeException e) {
        // No Secret or server to sweep (tests of exactly that): nothing can have been claimed.
      }
    }
    StagingEnvironment existing = get(env.getMetadata().getName());
    if (existing == null) return sandbox.client().resource(env).create();
    existing.setSpec(env.getSpec());
    return sandbox.client().resource(existing).update();
  }

  /**
   * Sets one annotation with a merge patch of the annotations only, as kubectl annotate does: no
   * resourceVersion, so the operator's status writes in between cannot make it conflict.
   */
  void annotate(String name, String key, String value) {
    String patch =
        sandbox
            .client()
            .getKubernetesSerialization()
            .asJson(Map.of("metadata", Map.of("annotations", Map.of(key, value))));
    sandbox
        .client()
        .resources(StagingEnvironment.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  StagingEnvironment get(String name) {
    return Environments.get(sandbox, name);
  }

  void delete(String name) {
    sandbox
        .client()
        .resources(StagingEnvironment.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .delete();
  }

  void awaitGone(String name) {
    await().atMost(WAIT).until(() -> get(name) == null);
  }

  StagingEnvironment awaitPhase(String name, Phase phase) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              StagingEnvironment env = get(name);
              assertThat(env).isNotNull();
              assertThat(env.getStatus()).isNotNull();
              assertThat(env.getStatus().phase)
                  .as("%s: %s", name, env.getStatus().message)
                  .isEqualTo(phase);
            });
    return get(name);
  }

  /** Waits for the Ready condition's reason (a phase can hold several steps, e.g. Expired). */
  StagingEnvironment awaitReason(String name, String reason) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              StagingEnvironment env = get(name);
              assertThat(env).isNotNull();
              assertThat(env.getStatus()).isNotNull();
              assertThat(env.getStatus().conditions)
                  .as("%s: %s", name, env.getStatus().message)
                  .filteredOn(c -> c.getType().equals("Ready"))
                  .singleElement()
                  .satisfies(c -> assertThat(c.getReason()).isEqualTo(reason));
            });
    return get(name);
  }

  List<ServiceRelease> childrenOf(StagingEnvironment env) {
    return sandbox
        .client()
        .resources(ServiceRelease.class)
        .inNamespace(NAMESPACE)
        .withLabel(ChildReleases.OWNER_UID_LABEL, env.getMetadata().getUid())
        .list()
        .getItems();
  }

  /** The Events recorded on an object of this name, oldest first. */
  List<Event> events(String name) {
    return sandbox.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  Inventory inventory() {
    return sandbox.aws().inventory(Sandbox.ACCOUNT, Sandbox.REGION);
  }

  Inventory.ServiceInfo service(String releaseName) {
    return inventory().services().stream()
        .filter(s -> s.name().equals(releaseServiceName(releaseName)))
        .findFirst()
        .orElse(null);
  }

  String releaseServiceName(String releaseName) {
    return sandbox
        .client()
        .resources(ServiceRelease.class)
        .inNamespace(NAMESPACE)
        .withName(releaseName)
        .get()
        .getSpec()
        .serviceName;
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
