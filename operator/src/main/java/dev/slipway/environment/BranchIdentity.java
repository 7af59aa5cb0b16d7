package dev.slipway.environment;

/**
 * The names one branch environment uses everywhere, already derived and validated for each target
 * (see the branch naming rules); the renderer only places them.
 */
public record BranchIdentity(
    String branch, String slug, String schema, String redisNamespace, ServiceNames services) {

  /** Per-service names: the child ServiceRelease (Kubernetes) and the ECS service. */
  public interface ServiceNames {
    String releaseName(String service);

    String ecsServiceName(String service);
  }
}
