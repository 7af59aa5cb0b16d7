package dev.slipway.realapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.aws.AwsTarget;
import dev.slipway.environment.Environments;
import dev.slipway.release.Releases;
import dev.slipway.release.SandboxReleases;
import dev.slipway.sandbox.kube.Kubectl;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway's operator against the real kube-apiserver with the garbage collector and namespace
 * controller running: what kubectl shows, how deletion waits on the finalizer, owner references,
 * field ownership next to a server-side applier such as Argo CD, and watches that survive an API
 * server restart in the middle of a rollout.
 */
class RealApiLifecycleIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final AwsTarget TARGET =
      new AwsTarget(RealApiOperator.ACCOUNT, RealApiOperator.REGION, null);

  @TempDir static Path dir;
  static ControlPlane plane;
  static KubernetesClient client;
  static Kubectl kubectl;
  static RealApiOperator operator;

  @BeforeAll
  static void start() {
    Kubectl.assertInstalled();
    plane = ControlPlane.shared();
    kubectl = new Kubectl(plane.kubeconfig());
    Crds.install(plane, kubectl);
    client = plane.admin();
    operator = RealApiOperator.start(client, RealApiOperator.fastOptions());
    operator.aws.createCluster(RealApiOperator.ACCOUNT, RealApiOperator.REGION, "staging");
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    // A figure for docs/benchmarks.md: what the control plane holds after the busiest class.
    System.out.println("control plane after RealApiLifecycleIT:\n" + plane.status().indent(2));
  }

  @Test
  void kubectlShowsTheLifecycleAndDeleteWaitsForTheFinalizer() throws Exception {
    String ns = plane.newNamespace("kubectl");
    Kubectl.Background watch = kubectl.start("get", "sr", "-n", ns, "-w");
    try {
      Path manifest = write(release(ns, "web", "repo/app:v1"));
      kubectl.ok("apply", "-f", manifest.toString());
      kubectl.ok(
          "wait", "-n", ns, "sr/web", "--for=jsonpath={.status.phase}=Ready", "--timeout=60s");

      String table = kubectl.ok("get", "sr,stage", "-n", ns).stdout();
      assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
          .containsExactly("NAME", "AGE", "IMAGE", "PHASE", "RUNNING", "SERVICE");
      assertThat(table).contains("repo/app:v1").contains("Ready").contains("2/2");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  watch
                      .stdout()
                      .lines()
                      .anyMatch(l -> l.matches("web +\\S+ +repo/app:v1 +Ready.*")));
      assertThat(watch.stdout())
          .as("the watch streamed the rollout")
          .containsPattern("web .*Progressing");

      String described = kubectl.ok("describe", "sr", "web", "-n", ns).stdout();
      assertThat(described)
          .contains("Events:")
          .contains("TaskDefinitionRegistered")
          .contains("Ready");

      // kubectl waits for the finalizer by default: when it returns, ECS is already cleaned up.
      kubectl.ok("delete", "sr", "web", "-n", ns, "--timeout=60s");
      assertThat(kubectl.run("get", "sr", "web", "-n", ns).stderr()).contains("NotFound");
      assertThat(activeServices()).noneMatch(name -> name.equals("web-" + ns));
    } finally {
      watch.stop();
    }
  }

  /**
   * The evidence for keeping server-side apply off in the operator: Argo CD applies the spec
   * server-side as its own field manager; the operator's finalizer (JSON patch) and status (merge
   * patch on the subresource) never claim a spec field, so a later apply of a changed spec by the
   * same manager meets no conflict and nothing of the operator's is lost.
   */
  @Test
  void aServerSideApplierOwnsTheSpecAndTheOperatorOnlyFinalizerAndStatus() throws Exception {
    String ns = plane.newNamespace("ssa");
    Path v1 = write(release(ns, "ssa", "repo/app:v1"));
    kubectl.ok("apply", "--server-side", "--field-manager=argocd-controller", "-f", v1.toString());
    kubectl.ok("wait", "-n", ns, "sr/ssa", "--for=jsonpath={.status.phase}=Ready", "--timeout=60s");

    Path v2 = write(release(ns, "ssa", "repo/app:v2"));
    Kubectl.Result applied =
        kubectl.run(
            "apply", "--server-side", "--field-manager=argocd-controller", "-f", v2.toString());
    assertThat(applied.exitCode()).as("no conflict: %s", applied).isZero();
    kubectl.ok(
        "wait", "-n", ns, "sr/ssa", "--for=jsonpath={.status.image}=repo/app:v2", "--timeout=60s");

    JsonNode stored =
        JSON.readTree(
            kubectl
                .ok("get", "sr", "ssa", "-n", ns, "-o", "json", "--show-managed-fields")
                .stdout());
    assertThat(stored.at("/metadata/finalizers").toString()).contains("slipway.dev/finalizer");
    for (JsonNode entry : stored.at("/metadata/managedFields")) {
      String manager = entry.path("manager").asText();
      JsonNode fields = entry.path("fieldsV1");
      if (manager.equals("argocd-controller")) {
        assertThat(fields.has("f:spec")).isTrue();
        assertThat(fields.has("f:status")).isFalse();
      } else {
        assertThat(fields.has("f:spec")).as("%s owns no spec field: %s", manager, fields).isFalse();
      }
    }
    kubectl.ok("delete", "sr", "ssa", "-n", ns, "--timeout=60s");
  }

  @Test
  void deletingASharedEnvironmentLeavesNoChildObjects() {
    String ns = plane.newNamespace("owners");
    List<ServiceRelease> children = readySharedEnvironment(ns);
    assertThat(children).isNotEmpty();

    kubectl.ok("delete", "stage", ns, "-n", ns, "--timeout=90s");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(client.resources(ServiceRelease.class).inNamespace(ns).list().getItems())
                    .as("children deleted")
                    .isEmpty());
  }

  /**
   * Only the garbage collector can delete the children here: the operator is stopped and the
   * environment's finalizer is removed by hand, so the owner references alone must do it.
   */
  @Test
  void theGarbageCollectorDeletesTheChildrenOfAnEnvironmentRemovedByHand() {
    String ns = plane.newNamespace("orphans");
    List<ServiceRelease> children = readySharedEnvironment(ns);
    assertThat(children).isNotEmpty();

    operator.stopOperator();
    try {
      kubectl.ok("delete", "stage", ns, "-n", ns, "--wait=false");
      kubectl.ok(
          "patch",
          "stage",
          ns,
          "-n",
          ns,
          "--type=merge",
          "-p",
          "{\"metadata\":{\"finalizers\":null}}");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          client.resources(ServiceRelease.class).inNamespace(ns).list().getItems())
                      .as("the collector marked every child for deletion")
                      .allSatisfy(
                          c -> assertThat(c.getMetadata().getDeletionTimestamp()).isNotNull()));
    } finally {
      operator.startOperator();
    }
    // The children's own finalizers run once the operator is back (deletionPolicy Retain).
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.resources(ServiceRelease.class).inNamespace(ns).list().getItems().isEmpty());
  }

  /**
   * A Ready shared environment named after the namespace (its ECS services are named after it, and
   * Retain keeps them in the one simulated account); returns its child releases.
   */
  private static List<ServiceRelease> readySharedEnvironment(String ns) {
    String lb =
        "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/qa-"
            + ns
            + "/0123456789abcdef";
    operator.aws.seedLoadBalancer(RealApiOperator.ACCOUNT, RealApiOperator.REGION, lb);
    Secret secret = Environments.adminSecret(BranchPolicy.Database.Engine.mysql);
    secret.getMetadata().setNamespace(ns);
    client.resource(secret).create();
    StagingEnvironment shared =
        Environments.sharedPort(
            "gc_" + ns.replace('-', '_'), BranchPolicy.Database.Engine.mysql, lb, 12000, 12010);
    shared.getMetadata().setName(ns);
    shared.getMetadata().setNamespace(ns);
    client.resource(shared).create();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> phase(ns, ns) == StagingEnvironmentStatus.Phase.Ready);
    String uid =
        client
            .resources(StagingEnvironment.class)
            .inNamespace(ns)
            .withName(ns)
            .get()
            .getMetadata()
            .getUid();
    List<ServiceRelease> children =
        client.resources(ServiceRelease.class).inNamespace(ns).list().getItems();
    assertThat(children)
        .allSatisfy(
            c ->
                assertThat(c.getMetadata().getOwnerReferences())
                    .anyMatch(
                        o -> o.getUid().equals(uid) && Boolean.TRUE.equals(o.getController())));
    return children;
  }

  @Test
  void deletingANamespaceFinishesWithTheOperatorsFinalizers() {
    String ns = plane.newNamespace("doomed");
    ServiceRelease sr = release(ns, "doomed", "repo/app:v1");
    client.resource(sr).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> phaseOf(ns, "doomed") == Phase.Ready);
    kubectl.ok("delete", "namespace", ns, "--timeout=120s");
    assertThat(client.namespaces().withName(ns).get()).isNull();
    assertThat(activeServices()).noneMatch(name -> name.equals("doomed-" + ns));
  }

  /**
   * kube-apiserver stops while a migration runs and the rollout goes on in AWS; when it is back
   * (etcd kept everything) the operator's watches resume and the release converges without a second
   * task definition revision or a second migration task.
   */
  @Test
  void anApiServerRestartMidRolloutConvergesWithoutDuplicates() {
    String ns = plane.newNamespace("restart");
    ServiceRelease sr = Releases.withMigration(release(ns, "restart", "repo/app:v1"), "migrate");
    // The simulator runs 60 times faster than real time, so the ~15 s the API server is away
    // are a quarter of an hour in AWS: more than the default progress deadline.
    sr.getSpec().strategy.progressDeadlineSeconds = 3 * 3600;
    client.resource(sr).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> !migrationTasks("restart-" + ns).isEmpty());

    plane.stopApiServer();
    sleep(Duration.ofSeconds(5));
    plane.startApiServer();

    await().atMost(Duration.ofSeconds(90)).until(() -> phaseOf(ns, "restart") == Phase.Ready);
    ServiceRelease ready =
        client.resources(ServiceRelease.class).inNamespace(ns).withName("restart").get();
    assertThat(ready.getStatus().taskDefinitionArn).endsWith(":1");
    assertThat(revisions("restart-" + ns)).as("one registration").hasSize(1);
    assertThat(migrationTasks("restart-" + ns)).as("one migration").hasSize(1);

    // The watch is live again: a change made after the restart is acted on.
    client
        .resources(ServiceRelease.class)
        .inNamespace(ns)
        .withName("restart")
        .edit(
            r -> {
              r.getSpec().taskDefinition.containers.get(0).image = "repo/app:v2";
              return r;
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              ServiceRelease r =
                  client.resources(ServiceRelease.class).inNamespace(ns).withName("restart").get();
              return "repo/app:v2".equals(r.getStatus().image)
                  && r.getStatus().phase == Phase.Ready;
            });
  }

  /** A release named after its namespace in ECS (family and service), deleted with its CR. */
  private static ServiceRelease release(String ns, String name, String image) {
    ServiceRelease sr = Releases.web(name, image);
    sr.getMetadata().setNamespace(ns);
    sr.getSpec().serviceName = name + "-" + ns;
    sr.getSpec().taskDefinition.family = name + "-" + ns;
    sr.getSpec().deletionPolicy = DeletionPolicy.Delete;
    return sr;
  }

  private static Path write(ServiceRelease sr) throws Exception {
    Path file = Files.createTempFile(dir, sr.getMetadata().getName(), ".yaml");
    Files.writeString(file, Serialization.asYaml(sr));
    return file;
  }

  private static Phase phaseOf(String ns, String name) {
    ServiceRelease sr = client.resources(ServiceRelease.class).inNamespace(ns).withName(name).get();
    return sr == null || sr.getStatus() == null ? null : sr.getStatus().phase;
  }

  private static StagingEnvironmentStatus.Phase phase(String ns, String name) {
    StagingEnvironment env =
        client.resources(StagingEnvironment.class).inNamespace(ns).withName(name).get();
    return env == null || env.getStatus() == null ? null : env.getStatus().phase;
  }

  private static List<String> activeServices() {
    return operator
        .aws
        .inventory(RealApiOperator.ACCOUNT, RealApiOperator.REGION)
        .services()
        .stream()
        .filter(s -> "ACTIVE".equals(s.status()))
        .map(s -> s.name())
        .toList();
  }

  private static List<String> revisions(String family) {
    return operator
        .aws
        .ecs(TARGET)
        .listTaskDefinitions(b -> b.familyPrefix(family))
        .taskDefinitionArns();
  }

  /** Tasks Slipway started (migrations) for a task definition family, running or stopped. */
  private static List<String> migrationTasks(String family) {
    return SandboxReleases.slipwayTasks(operator.aws, TARGET, "core").stream()
        .filter(t -> t.taskDefinitionArn().contains("/" + family + ":"))
        .map(t -> t.taskArn())
        .toList();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
