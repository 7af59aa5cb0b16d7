package dev.slipway.realapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.datastore.DbCredentials;
import dev.slipway.datastore.MySqlSchemaManager;
import dev.slipway.environment.Environments;
import dev.slipway.environment.LeftoverClaims;
import dev.slipway.release.Releases;
import dev.slipway.sandbox.sim.AwsSimulator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/**
 * What a platform team does with the two kinds on the real API, as the admin user (the operator
 * under test has its own identity), and what each step waits for: the release lifecycle of
 * ServiceReleaseIT and the environment lifecycle of StagingEnvironmentIT, in one namespace.
 */
final class Lifecycles {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String ACCOUNT = RealApiOperator.ACCOUNT;
  private static final String REGION = RealApiOperator.REGION;

  private final KubernetesClient admin;
  private final AwsSimulator aws;
  private final String namespace;
  private final ThrowingRunnable unrefused;

  /**
   * {@code unrefused} fails when the server has refused the operator something: every wait stops
   * there, with the refusal as the reason, instead of running into its timeout.
   */
  Lifecycles(
      KubernetesClient admin, AwsSimulator aws, String namespace, ThrowingRunnable unrefused) {
    this.admin = admin;
    this.aws = aws;
    this.namespace = namespace;
    this.unrefused = unrefused;
  }

  /**
   * Create → Ready on revision 1, image bump → Ready on revision 2, a crashlooping image → rolled
   * back by the circuit breaker, delete with {@code deletionPolicy: Delete} → gone in Kubernetes
   * and in ECS, with Events on the way.
   */
  void releaseLifecycle(String name) {
    ServiceRelease sr = Releases.web(name, "repo/app:v1");
    sr.getMetadata().setNamespace(namespace);
    sr.getSpec().deletionPolicy = DeletionPolicy.Delete;
    admin.resource(sr).create();
    assertThat(awaitRelease(name, "repo/app:v1", ServiceReleaseStatus.Phase.Ready))
        .satisfies(r -> assertThat(r.getStatus().taskDefinitionArn).endsWith(name + ":1"));

    setImage(name, "repo/app:v2");
    assertThat(awaitRelease(name, "repo/app:v2", ServiceReleaseStatus.Phase.Ready))
        .satisfies(r -> assertThat(r.getStatus().taskDefinitionArn).endsWith(name + ":2"));

    setImage(name, "repo/app:v3-crashloop");
    ServiceRelease rolledBack =
        awaitRelease(name, "repo/app:v3-crashloop", ServiceReleaseStatus.Phase.RolledBack);
    assertThat(rolledBack.getStatus().lastGoodTaskDefinitionArn).endsWith(name + ":2");
    assertThat(events(name)).as("Events on %s", name).isNotEmpty();

    release(name).delete();
    waiting().until(() -> release(name).get() == null);
    assertThat(aws.inventory(ACCOUNT, REGION).services()).noneMatch(s -> s.name().equals(name));
  }

  /**
   * A shared environment over the local MariaDB (its admin Secret read by the operator) and Redis,
   * a branch environment from it → Ready with a URL and a schema, a new image tag for the branch →
   * its release Ready on it, then both deleted → gone, the schema dropped and the child releases
   * removed.
   */
  void environmentLifecycle(String shared, String branch) {
    String lb = seedSimulator();
    Secret secret = Environments.adminSecret(Engine.mysql);
    secret.getMetadata().setNamespace(namespace);
    admin.resource(secret).create();
    StagingEnvironment sharedEnv =
        inNamespace(Environments.sharedPort(shared, Engine.mysql, lb, 10500, 10509));
    // The namespace is new but its name repeats between runs, and the local MariaDB and Redis
    // keep what an interrupted run left claimed under it.
    LeftoverClaims.sweep(admin, sharedEnv);
    admin.resource(sharedEnv).create();
    awaitEnvironment(shared, StagingEnvironmentStatus.Phase.Ready);

    admin.resource(inNamespace(Environments.branch(branch, shared, "qa/rbac", "v1"))).create();
    StagingEnvironment ready = awaitEnvironment(branch, StagingEnvironmentStatus.Phase.Ready);
    assertThat(ready.getStatus().url).isNotBlank();
    String schema = ready.getStatus().schema;
    assertThat(schemaExists(schema)).as("schema %s", schema).isTrue();
    assertThat(events(branch)).as("Events on %s", branch).isNotEmpty();
    // A new image for the branch rewrites its child release's spec (an update, not a create).
    String child = ready.getStatus().services.get(0).release;
    environment(branch)
        .edit(
            e -> {
              e.getSpec().imageTag = "v2";
              return e;
            });
    awaitObserved(
        release(child),
        r ->
            r.getStatus() != null
                && r.getStatus().desiredImage != null
                && r.getStatus().desiredImage.endsWith(":v2")
                && r.getStatus().phase == ServiceReleaseStatus.Phase.Ready,
        child + " Ready on the branch's new image");

    environment(branch).delete();
    waiting().until(() -> environment(branch).get() == null);
    assertThat(schemaExists(schema)).as("schema %s after delete", schema).isFalse();
    environment(shared).delete();
    waiting().until(() -> environment(shared).get() == null);
    // The shared environment's own releases go with it.
    waiting().until(() -> releases().isEmpty());
  }

  /**
   * Deletes whatever the lifecycles left (after a failure), so the namespace can go. Best effort:
   * an operator that cannot finalize (refused, stopped) leaves finalizers, which are then dropped,
   * since what they guard lives in a simulator that ends with the test (schemas a later run
   * sweeps).
   */
  void deleteAll() {
    admin.resources(StagingEnvironment.class).inNamespace(namespace).delete();
    admin.resources(ServiceRelease.class).inNamespace(namespace).delete();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> environments().isEmpty() && releases().isEmpty());
    } catch (ConditionTimeoutException e) {
      environments().forEach(this::dropFinalizers);
      releases().forEach(this::dropFinalizers);
    }
  }

  private void dropFinalizers(HasMetadata object) {
    admin
        .resource(object)
        .edit(
            o -> {
              o.getMetadata().setFinalizers(List.of());
              return o;
            });
  }

  /**
   * What {@code Sandbox.seedFor} creates for a shared environment: its cluster and QA load
   * balancer.
   */
  private String seedSimulator() {
    aws.createCluster(ACCOUNT, REGION, "staging");
    return aws.createLoadBalancer(ACCOUNT, REGION, "qa");
  }

  private <T extends HasMetadata> T inNamespace(T object) {
    object.getMetadata().setNamespace(namespace);
    return object;
  }

  private void setImage(String name, String image) {
    release(name)
        .edit(
            r -> {
              r.getSpec().taskDefinition.containers.get(0).image = image;
              return r;
            });
  }

  /** Waits until the release reports {@code phase} for its current generation and {@code image}. */
  private ServiceRelease awaitRelease(String name, String image, ServiceReleaseStatus.Phase phase) {
    return awaitObserved(
        release(name),
        r ->
            r.getStatus() != null
                && r.getMetadata().getGeneration().equals(r.getStatus().observedGeneration)
                && image.equals(r.getStatus().desiredImage)
                && r.getStatus().phase == phase,
        name + " " + phase + " on " + image);
  }

  private StagingEnvironment awaitEnvironment(String name, StagingEnvironmentStatus.Phase phase) {
    return awaitObserved(
        environment(name),
        e -> e.getStatus() != null && e.getStatus().phase == phase,
        name + " " + phase);
  }

  private <T extends HasMetadata> T awaitObserved(
      Resource<T> resource, Predicate<T> done, String what) {
    waiting()
        .untilAsserted(
            () -> {
              T current = resource.get();
              assertThat(current != null && done.test(current))
                  .as("%s; is %s", what, current == null ? "gone" : statusOf(current))
                  .isTrue();
            });
    return resource.get();
  }

  private static String statusOf(HasMetadata object) {
    Object status =
        object instanceof ServiceRelease sr
            ? sr.getStatus()
            : ((StagingEnvironment) object).getStatus();
    return status == null ? "without status" : Serialization.asJson(status);
  }

  private ConditionFactory waiting() {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .failFast("the apiserver refused the operator", unrefused);
  }

  private Resource<ServiceRelease> release(String name) {
    return admin.resources(ServiceRelease.class).inNamespace(namespace).withName(name);
  }

  private Resource<StagingEnvironment> environment(String name) {
    return admin.resources(StagingEnvironment.class).inNamespace(namespace).withName(name);
  }

  private List<ServiceRelease> releases() {
    return admin.resources(ServiceRelease.class).inNamespace(namespace).list().getItems();
  }

  private List<StagingEnvironment> environments() {
    return admin.resources(StagingEnvironment.class).inNamespace(namespace).list().getItems();
  }

  /** The Events recorded on objects of this name. */
  List<Event> events(String name) {
    return admin.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static boolean schemaExists(String schema) {
    try (MySqlSchemaManager mysql =
        new MySqlSchemaManager("127.0.0.1", 3306, new DbCredentials("root", ""))) {
      return mysql.exists(schema);
    }
  }
}
