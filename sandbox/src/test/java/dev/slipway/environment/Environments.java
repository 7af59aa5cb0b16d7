package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;

/**
 * Staging environments for tests against the sandbox: a shared environment over the local MariaDB
 * or PostgreSQL and Redis, and branch environments from it.
 */
public final class Environments {
  public static final String NAMESPACE = "default";
  public static final String VPC = "vpc-0a0a";

  private Environments() {}

  /**
   * A shared environment whose branches get a port on {@code lbArn} from {@code from..to}, a
   * database on the local server of {@code engine}, and a Redis namespace in DB 5.
   */
  public static StagingEnvironment sharedPort(
      String name, BranchPolicy.Database.Engine engine, String lbArn, int from, int to) {
    StagingEnvironment env = shared(name, engine);
    BranchPolicy.Routing routing = new BranchPolicy.Routing();
    routing.mode = BranchPolicy.Routing.Mode.Port;
    routing.loadBalancerArn = lbArn;
    routing.portRange = new BranchPolicy.PortRange();
    routing.portRange.from = from;
    routing.portRange.to = to;
    routing.vpcId = VPC;
    env.getSpec().branches.routing = routing;
    return env;
  }

  /** As {@link #sharedPort}, with a host-header rule per branch on a shared listener. */
  public static StagingEnvironment sharedHost(
      String name, BranchPolicy.Database.Engine engine, String listenerArn) {
    StagingEnvironment env = shared(name, engine);
    BranchPolicy.Routing routing = new BranchPolicy.Routing();
    routing.mode = BranchPolicy.Routing.Mode.HostHeader;
    routing.listenerArn = listenerArn;
    routing.hostPattern = "{branch}.qa.example.com";
    routing.vpcId = VPC;
    env.getSpec().branches.routing = routing;
    return env;
  }

  private static StagingEnvironment shared(String name, BranchPolicy.Database.Engine engine) {
    StagingEnvironmentSpec spec = BranchReleaseRendererTest.shared();
    // The renderer test's template is the staging one; the cluster must exist in the sandbox.
    spec.services.get(0).template.service.loadBalancers = null;
    spec.services.get(0).template.service.autoscaling = null;
    spec.services.get(0).template.service.desiredCount = 1;
    spec.services.get(0).template.taskDefinition.cpu = "256";
    spec.services.get(0).template.taskDefinition.memory = "512";
    BranchPolicy policy = spec.branches;
    policy.ttl = "24h";
    policy.database.engine = engine;
    policy.database.schemaName = name + "_{branch}";
    policy.database.adminSecretRef = new BranchPolicy.SecretRef();
    policy.database.adminSecretRef.name = secretName(engine);
    if (engine == BranchPolicy.Database.Engine.postgresql) {
      policy.database.endpoint = "127.0.0.1:5432";
      policy.database.database = "test";
    } else {
      policy.database.endpoint = "127.0.0.1:3306";
    }
    policy.redis.endpoint = "redis://127.0.0.1:6379";
    policy.redis.database = 5;
    policy.redis.namespace = name + ":{branch}";
    return resource(name, spec);
  }

  /** A branch environment of {@code shared} for {@code branch} at {@code tag}. */
  public static StagingEnvironment branch(String name, String shared, String branch, String tag) {
    StagingEnvironmentSpec spec = new StagingEnvironmentSpec();
    spec.from = shared;
    spec.branch = branch;
    spec.imageTag = tag;
    return resource(name, spec);
  }

  /** The admin Secret the shared environments reference (local servers, no real password). */
  public static Secret adminSecret(BranchPolicy.Database.Engine engine) {
    return new SecretBuilder()
        .withMetadata(
            new ObjectMetaBuilder().withName(secretName(engine)).withNamespace(NAMESPACE).build())
        .withStringData(Map.of("username", "root", "password", ""))
        .build();
  }

  public static StagingEnvironment get(Sandbox sandbox, String name) {
    return sandbox
        .client()
        .resources(StagingEnvironment.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  public static StagingEnvironmentStatus.Phase phase(Sandbox sandbox, String name) {
    StagingEnvironment env = get(sandbox, name);
    return env == null || env.getStatus() == null ? null : env.getStatus().phase;
  }

  public static List<StagingEnvironment> all(Sandbox sandbox) {
    return sandbox
        .client()
        .resources(StagingEnvironment.class)
        .inNamespace(NAMESPACE)
        .list()
        .getItems();
  }

  private static String secretName(BranchPolicy.Database.Engine engine) {
    return "staging-db-admin-" + engine.name();
  }

  private static StagingEnvironment resource(String name, StagingEnvironmentSpec spec) {
    StagingEnvironment env = new StagingEnvironment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    env.setSpec(spec);
    return env;
  }
}
