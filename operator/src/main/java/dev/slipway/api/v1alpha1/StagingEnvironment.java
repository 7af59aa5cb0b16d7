package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A staging environment: either a shared one (service templates and the policy for branch
 * environments) or one branch's environment created from a shared one with {@code from}.
 */
@Group("slipway.dev")
@Version("v1alpha1")
@SchemaCustomizer(
    value = SchemaDescriptions.class,
    input =
        """
        description: >-
          A staging environment. A shared one (no spec.from) holds service templates, from which
          Slipway creates and owns one ServiceRelease per service, and the policy for branch
          environments. A branch one (spec.from and spec.branch) gets its own copy of every
          service with the branch's image, its own way in, database schema and Redis namespace,
          and is torn down when it is deleted or its TTL passes.
        spec: >-
          Either a shared environment (aws, cluster, services, branches) or a branch environment
          (from, branch, imageTag or images); the two sets of fields do not mix.
        status: >-
          What Slipway last observed and did, written only by the operator: phase, conditions,
          the URL and derived names of a branch environment, and each service's ServiceRelease.
        """)
@ShortNames("stage")
@AdditionalPrinterColumn(name = "Branch", jsonPath = ".spec.branch")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class StagingEnvironment
    extends CustomResource<StagingEnvironmentSpec, StagingEnvironmentStatus> implements Namespaced {

  /** True for a branch environment (it points at a shared one); not a field of the resource. */
  @JsonIgnore
  public boolean isBranch() {
    return getSpec() != null && getSpec().from != null;
  }
}
