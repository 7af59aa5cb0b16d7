package dev.slipway.stateful;

import dev.slipway.aws.AwsTarget;
import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.sandbox.sim.Inventory;
import dev.slipway.stateful.ReleaseSteps.Bump;
import dev.slipway.stateful.ReleaseSteps.Collide;
import dev.slipway.stateful.ReleaseSteps.Create;
import dev.slipway.stateful.ReleaseSteps.Delete;
import dev.slipway.stateful.ReleaseSteps.Family;
import dev.slipway.stateful.ReleaseSteps.ForeignRegister;
import dev.slipway.stateful.ReleaseSteps.Policy;
import dev.slipway.stateful.ReleaseSteps.Restart;
import dev.slipway.stateful.ReleaseSteps.Step;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * One ServiceRelease sequence's world: its namespace, a fresh simulated account whose cluster
 * already runs a service and task definition revisions another tool made (in the family some
 * releases share), and the operator under the step driver.
 */
final class ReleaseWorld implements SequenceRunner.World<Step> {
  static final String CLUSTER = "core";
  static final String SHARED_FAMILY = "shop";
  static final String FOREIGN_SERVICE = "legacy";

  /** A release the sequence made, and how it was let go. */
  static final class Release {
    final String name;
    String uid;
    Policy deletedWith;
    Set<String> heldAtDeletion = Set.of();

    Release(String name) {
      this.name = name;
    }
  }

  final Api api;
  final SimAccount account;
  final CallLedger ledger = new CallLedger();
  final CrashPlan crashes = new CrashPlan();
  final Lineage lineage;
  private final ApiWrites apiWrites = new ApiWrites();
  private final KubernetesClient operatorClient;
  final StepDriver driver;
  final Map<String, Release> releases = new LinkedHashMap<>();
  final Set<String> foreign = new LinkedHashSet<>();
  final Inventory.ServiceInfo foreignService;
  private final EcsClient ecs;
  private final ReleaseInvariants invariants;

  ReleaseWorld(KubernetesClient client, EmbeddedKubeApi server, String prefix, long seed) {
    this.api = new Api(client, "sr-" + prefix);
    this.account = new SimAccount(seed);
    this.lineage = new Lineage(client);
    this.operatorClient = StatefulSupport.operatorClient(server, apiWrites);
    api.createNamespace();
    account.aws.createCluster(SimAccount.ACCOUNT, SimAccount.REGION, CLUSTER);
    this.ecs = account.aws.ecs(new AwsTarget(SimAccount.ACCOUNT, SimAccount.REGION, null));
    String revision = registerForeign("ecspresso-1");
    registerForeign("ecspresso-2");
    ecs.createService(
        b ->
            b.cluster(CLUSTER)
                .serviceName(FOREIGN_SERVICE)
                .taskDefinition(revision)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .networkConfiguration(
                    n -> n.awsvpcConfiguration(a -> a.subnets("subnet-0a1b2c3d"))));
    foreign.add(ResourceKeys.service(CLUSTER, FOREIGN_SERVICE));
    this.foreignService = foreignService(account.inventory());
    this.driver =
        new StepDriver(
            operatorClient,
            new AwsTap(account.aws, ledger, crashes),
            account.clock,
            StatefulSupport.OPTIONS,
            api.namespace(),
            ledger,
            crashes,
            lineage,
            apiWrites,
            account::inventory,
            StepDriver.Settings.defaults());
    this.invariants = new ReleaseInvariants(this);
    driver.restart();
  }

  /** A revision registered by a tool that is not Slipway (no Slipway tags). */
  private String registerForeign(String tag) {
    String arn =
        ecs.registerTaskDefinition(
                b ->
                    b.family(SHARED_FAMILY)
                        .cpu("256")
                        .memory("512")
                        .networkMode(NetworkMode.AWSVPC)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .containerDefinitions(
                            c ->
                                c.name("app")
                                    .image(image(tag))
                                    .essential(true)
                                    .portMappings(p -> p.containerPort(8080))))
            .taskDefinition()
            .taskDefinitionArn();
    foreign.add(ResourceKeys.taskDefinition(arn));
    return arn;
  }

  static Inventory.ServiceInfo foreignService(Inventory inventory) {
    return inventory.services().stream()
        .filter(s -> s.cluster().equals(CLUSTER) && s.name().equals(FOREIGN_SERVICE))
        .findFirst()
        .orElse(null);
  }

  static String image(String tag) {
    return SimAccount.ACCOUNT + ".dkr.ecr." + SimAccount.REGION + ".amazonaws.com/shop:" + tag;
  }

  @Override
  public void apply(Step step) {
    if (step instanceof Restart r) {
      driver.restartStep(r.via(), r.k(), r.stayDown());
      return;
    }
    perform(step);
    driver.react(false);
  }

  private void perform(Step step) {
    if (step instanceof Create c) {
      String family = c.family() == Family.SHARED ? SHARED_FAMILY : c.name() + "-fam";
      create(c.name(), c.name() + "-svc", family, c.tag(), c.policy());
    } else if (step instanceof Collide c) {
      create(c.name(), FOREIGN_SERVICE, c.name() + "-fam", "v1", c.policy());
    } else if (step instanceof Bump b) {
      api.editSpec(
          Api.RELEASE, b.name(), spec -> containers(spec).get(0).put("image", image(b.tag())));
    } else if (step instanceof Delete d) {
      delete(d);
    } else if (step instanceof ForeignRegister f) {
      registerForeign(f.tag());
    }
  }

  private void create(String name, String service, String family, String tag, Policy policy) {
    Obj created = api.create(manifest(name, service, family, tag, policy));
    Release r = new Release(name);
    r.uid = created.uid();
    releases.put(name, r);
  }

  /** Records what the release holds at this moment: Retain must leave exactly that. */
  private void delete(Delete d) {
    Release r = releases.get(d.name());
    boolean exists =
        api.editSpec(Api.RELEASE, d.name(), spec -> spec.put("deletionPolicy", d.policy().name()));
    if (r == null || !exists) return;
    Set<String> held = ledger.createdBy(a -> a.uid().equals(r.uid));
    held.retainAll(account.resources());
    r.heldAtDeletion = held;
    r.deletedWith = d.policy();
    api.delete(Api.RELEASE, d.name());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> containers(Map<String, Object> spec) {
    Map<String, Object> td = (Map<String, Object>) spec.get("taskDefinition");
    return (List<Map<String, Object>>) td.get("containers");
  }

  static String manifest(String name, String service, String family, String tag, Policy policy) {
    return """
        apiVersion: slipway.dev/v1alpha1
        kind: ServiceRelease
        metadata:
          name: %s
        spec:
          aws: {region: %s, accountId: "%s"}
          cluster: %s
          serviceName: %s
          taskDefinition:
            family: %s
            cpu: "256"
            memory: "512"
            containers:
              - name: app
                image: %s
                portMappings: [{containerPort: 8080}]
          service:
            desiredCount: 2
            networkConfiguration: {subnets: [subnet-0a1b2c3d]}
          deletionPolicy: %s
        """
        .formatted(
            name,
            SimAccount.REGION,
            SimAccount.ACCOUNT,
            CLUSTER,
            service,
            family,
            image(tag),
            policy.name());
  }

  @Override
  public List<Violation> check() {
    return invariants.check(!driver.isDown());
  }

  /** The operator comes back if it was down, every release is deleted, and all must finish. */
  @Override
  public List<Violation> finish() {
    driver.bringUp();
    for (Release r : releases.values()) {
      if (r.deletedWith == null) delete(new Delete(r.name, Policy.Delete));
    }
    driver.settleThroughBackoff();
    return invariants.check(true);
  }

  @Override
  public String dump() {
    StringBuilder out = new StringBuilder();
    api.list(Api.RELEASE).forEach(o -> out.append("  sr ").append(o.summary()).append('\n'));
    return out + driver.dump();
  }

  @Override
  public void close() {
    try {
      api.wipe();
    } finally {
      driver.stop();
      operatorClient.close();
    }
  }
}
