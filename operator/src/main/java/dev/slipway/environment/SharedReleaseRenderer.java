package dev.slipway.environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ReleaseTemplate;
import java.util.ArrayList;

/**
 * Pure functions from a shared environment's service template to its own child ServiceRelease, and
 * from a referenced ServiceRelease to the template branch environments copy.
 */
final class SharedReleaseRenderer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SharedReleaseRenderer() {}

  /** The child's Kubernetes name and ECS service name: {@code <environment>-<service>}. */
  static String childName(String environment, String service) {
    return environment.replace('.', '-') + "-" + service;
  }

  /** The shared environment's own release of one service (its template, its aws and cluster). */
  static ServiceReleaseSpec render(
      String environment, StagingEnvironmentSpec shared, String service, ReleaseTemplate t) {
    ServiceReleaseSpec spec = new ServiceReleaseSpec();
    spec.aws = shared.aws;
    spec.cluster = shared.cluster;
    spec.environment = "staging";
    spec.serviceName = childName(environment, service);
    spec.taskDefinition = JSON.convertValue(t.taskDefinition, t.taskDefinition.getClass());
    if (spec.taskDefinition.family == null) spec.taskDefinition.family = spec.serviceName;
    if (t.service != null) spec.service = JSON.convertValue(t.service, t.service.getClass());
    if (t.strategy != null) spec.strategy = JSON.convertValue(t.strategy, t.strategy.getClass());
    if (t.preDeploy != null) spec.preDeploy = new ArrayList<>(t.preDeploy);
    return spec;
  }

  /** A referenced ServiceRelease as a template: what a branch environment copies from it. */
  static ReleaseTemplate templateOf(ServiceRelease sr) {
    ReleaseTemplate t = new ReleaseTemplate();
    t.taskDefinition = sr.getSpec().taskDefinition;
    t.service = sr.getSpec().service;
    t.strategy = sr.getSpec().strategy;
    t.preDeploy = sr.getSpec().preDeploy;
    return t;
  }
}
