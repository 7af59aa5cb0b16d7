package dev.slipway.api.v1alpha1;

import dev.slipway.release.DependencyCycles;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One ECS service in one environment, released from Git: the GitOps unit CI bumps images in. */
@Group("slipway.dev")
@Version("v1alpha1")
@SchemaCustomizer(
    value = SchemaDescriptions.class,
    input =
        """
        description: >-
          One ECS service in one AWS account and Region, released from Git: Slipway registers a
          task definition revision from spec.taskDefinition, runs the pre-deploy tasks, updates
          the ECS service and follows the rollout until the new tasks are healthy, or rolls back
          to the last good revision. CI usually changes only a container image.
        spec: >-
          What the ECS service should be: the account it lives in, its task definition, its
          service settings and how a change is rolled out.
        status: >-
          What Slipway last observed and did, written only by the operator: phase, conditions,
          the task definition revisions, the ECS deployment it follows and recent releases.
        """)
@ShortNames("sr")
@AdditionalPrinterColumn(name = "Service", jsonPath = ".status.serviceName")
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.image")
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".status.desiredImage", priority = 1)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Running", jsonPath = ".status.replicas")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = DependencyCycles.CEL_SELF_RULE,
    fieldPath = ".spec.dependsOn",
    message = DependencyCycles.SELF_MESSAGE,
    messageExpression = DependencyCycles.CEL_SELF_MESSAGE)
public class ServiceRelease extends CustomResource<ServiceReleaseSpec, ServiceReleaseStatus>
    implements Namespaced {
  /**
   * "true" puts the release to sleep (zero tasks, autoscaling suspended) until it is removed; a
   * StagingEnvironment's schedule sets it on its releases.
   */
  public static final String SLEEP_ANNOTATION = "slipway.dev/sleep";

  /** The ECS service name: {@code spec.serviceName}, defaulting to the resource name. */
  public String serviceName() {
    String name = getSpec() == null ? null : getSpec().serviceName;
    return name == null || name.isBlank() ? getMetadata().getName() : name;
  }
}
