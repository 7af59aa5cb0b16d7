package dev.slipway.environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ReleaseTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure function from a shared environment's service template and one branch to the child
 * ServiceRelease spec: the branch's image, names derived from the branch, the injected variables,
 * the migration as pre-deploy task, the branch's own target group, and deletion with the branch.
 */
public final class BranchReleaseRenderer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BranchReleaseRenderer() {}

  /**
   * @param targetGroupArn the branch's target group for this service, or null when not routed
   */
  public static ServiceReleaseSpec render(
      StagingEnvironmentSpec shared,
      StagingEnvironmentSpec branch,
      String service,
      ReleaseTemplate template,
      BranchIdentity identity,
      String targetGroupArn) {
    BranchPolicy policy = shared.branches == null ? new BranchPolicy() : shared.branches;
    ServiceReleaseSpec spec = new ServiceReleaseSpec();
    spec.aws = shared.aws;
    spec.cluster = shared.cluster;
    spec.environment = "qa";
    spec.serviceName = identity.services().ecsServiceName(service);
    // A deep copy: the shared environment's template must never be changed by a branch.
    spec.taskDefinition =
        JSON.convertValue(template.taskDefinition, template.taskDefinition.getClass());
    spec.taskDefinition.family = identity.services().ecsServiceName(service);
    spec.strategy = template.strategy == null ? spec.strategy : template.strategy;
    spec.service = service(template.service, policy, targetGroupArn, shared, service);
    boolean migrates = policy.migrate != null && isFirst(shared, service);
    spec.preDeploy = policy.migrate == null ? templateSteps(template) : migration(policy, migrates);
    if (policy.migrate != null && !migrates) {
      // One migration per environment: the other services start once the first one (which ran
      // it) is Ready, so nothing runs against an unmigrated schema and no two migrations race.
      ServiceReleaseSpec.DependencyRef first = new ServiceReleaseSpec.DependencyRef();
      first.name = identity.services().releaseName(shared.services.get(0).name);
      spec.dependsOn = new ArrayList<>(List.of(first));
    }
    spec.deletionPolicy = ServiceReleaseSpec.DeletionPolicy.Delete;
    Map<String, String> injected = injectedEnvironment(policy, identity);
    for (ContainerSpec c : spec.taskDefinition.containers) {
      c.image = image(c, branch);
      c.environment = merge(c.environment, policy.env, injected);
    }
    return spec;
  }

  /** The variables every container of a branch environment gets (names are configurable). */
  static Map<String, String> injectedEnvironment(BranchPolicy policy, BranchIdentity identity) {
    BranchPolicy.Variables names =
        policy.variables == null ? new BranchPolicy.Variables() : policy.variables;
    Map<String, String> env = new TreeMap<>();
    env.put(names.branch, identity.branch());
    if (policy.database != null) env.put(names.database, identity.schema());
    if (policy.redis != null) {
      int db = policy.redis.database == null ? 0 : policy.redis.database;
      env.put(names.redisUrl, policy.redis.endpoint + "/" + db);
      env.put(names.redisNamespace, identity.redisNamespace());
    }
    return env;
  }

  /** Template first, then the policy's overrides, then the injected identity (which must win). */
  private static Map<String, String> merge(
      Map<String, String> template, Map<String, String> policy, Map<String, String> injected) {
    Map<String, String> env = new TreeMap<>();
    if (template != null) env.putAll(template);
    if (policy != null) env.putAll(policy);
    env.putAll(injected);
    return env;
  }

  /**
   * The branch's image: an explicit per-container image, else the template image with the branch's
   * tag.
   */
  static String image(ContainerSpec c, StagingEnvironmentSpec branch) {
    if (branch.images != null && branch.images.containsKey(c.name))
      return branch.images.get(c.name);
    if (branch.imageTag == null) return c.image;
    return repository(c.image) + ":" + branch.imageTag;
  }

  /** The image reference without tag or digest (a registry port is not a tag). */
  static String repository(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = withoutDigest.lastIndexOf(':');
    int slash = withoutDigest.lastIndexOf('/');
    return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
  }

  private static ServiceSpec service(
      ServiceSpec template,
      BranchPolicy policy,
      String targetGroupArn,
      StagingEnvironmentSpec shared,
      String service) {
    ServiceSpec s =
        template == null ? new ServiceSpec() : JSON.convertValue(template, ServiceSpec.class);
    // QA environments run a fixed small count; the shared environment's scaler and load
    // balancer belong to the shared environment.
    s.autoscaling = null;
    s.desiredCount = policy.desiredCount == null ? 1 : policy.desiredCount;
    s.loadBalancers = null;
    StagingEnvironmentSpec.RoutedPort route = routeOf(shared, service);
    if (targetGroupArn != null && route != null) {
      ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
      lb.targetGroupArn = targetGroupArn;
      lb.containerName = route.containerName;
      lb.containerPort = route.containerPort;
      s.loadBalancers = new ArrayList<>(List.of(lb));
    }
    return s;
  }

  private static StagingEnvironmentSpec.RoutedPort routeOf(
      StagingEnvironmentSpec shared, String service) {
    return shared.services.stream()
        .filter(t -> t.name.equals(service))
        .findFirst()
        .map(t -> t.route) // an unrouted service (a worker) has none
        .orElse(null);
  }

  private static boolean isFirst(StagingEnvironmentSpec shared, String service) {
    return shared.services.get(0).name.equals(service);
  }

  private static List<PreDeployTaskSpec> templateSteps(ReleaseTemplate template) {
    return template.preDeploy == null ? new ArrayList<>() : new ArrayList<>(template.preDeploy);
  }

  /**
   * With a policy migration, the template's pre-deploy steps give way to it: it migrates the
   * branch's schema, and only the first service runs it.
   */
  private static List<PreDeployTaskSpec> migration(BranchPolicy policy, boolean migrates) {
    if (!migrates) return new ArrayList<>();
    PreDeployTaskSpec migrate = new PreDeployTaskSpec();
    migrate.name = "migrate";
    migrate.container = policy.migrate.container;
    migrate.command = policy.migrate.command;
    migrate.timeoutSeconds = policy.migrate.timeoutSeconds;
    return new ArrayList<>(List.of(migrate));
  }
}
