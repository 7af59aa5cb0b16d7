package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;

/**
 * The names one branch environment uses everywhere, already derived and validated for each target
 * (see the branch naming rules); the renderer only places them.
 */
public record BranchIdentity(
    String branch, String slug, String schema, String redisNamespace, ServiceNames services) {

  /**
   * Per-service names: the child ServiceRelease (Kubernetes), the ECS service, the target group.
   */
  public interface ServiceNames {
    String releaseName(String service);

    String ecsServiceName(String service);

    String targetGroupName(String service);
  }

  /**
   * The identity of {@code branch} in the environment created from shared environment {@code
   * namespace/sharedName}, with the policy's schema and Redis patterns.
   */
  public static BranchIdentity of(
      String kubernetesNamespace, String sharedName, String branch, BranchPolicy policy) {
    String scope = kubernetesNamespace + "/" + sharedName;
    BranchNames names = BranchNames.of(branch);
    String schema = null;
    if (policy.database != null) {
      String pattern =
          policy.database.schemaName == null ? "qa_{branch}" : policy.database.schemaName;
      schema =
          policy.database.engine == BranchPolicy.Database.Engine.postgresql
              ? names.postgresSchema(pattern)
              : names.mysqlDatabase(pattern);
    }
    String namespace =
        policy.redis == null
            ? null
            : names.redisNamespace(
                policy.redis.namespace == null ? "{branch}" : policy.redis.namespace);
    ServiceNames services =
        new ServiceNames() {
          @Override
          public String releaseName(String service) {
            return names.kubernetesName(sharedName + "-" + service);
          }

          @Override
          public String ecsServiceName(String service) {
            return names.ecsServiceName(scope, service);
          }

          @Override
          public String targetGroupName(String service) {
            return names.targetGroupName(scope, service);
          }
        };
    return new BranchIdentity(branch, names.slug(), schema, namespace, services);
  }
}
