package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
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
