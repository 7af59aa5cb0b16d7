package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ServiceTemplate;
import dev.slipway.aws.AwsTarget;
import dev.slipway.datastore.Owner;
import java.util.List;

/** A branch environment with its shared environment resolved: what every step of a pass needs. */
record BranchContext(
    StagingEnvironment env,
    StagingEnvironment shared,
    BranchPolicy policy,
    BranchNames names,
    BranchIdentity identity,
    AwsTarget target) {

  String namespace() {
    return env.getMetadata().getNamespace();
  }

  /** Owner key prefix of the environment's AWS resources: {@code <namespace>/<name>}. */
  String owner() {
    return namespace() + "/" + env.getMetadata().getName();
  }

  String uid() {
    return env.getMetadata().getUid();
  }

  /**
   * The environment as the datastores' ownership ledgers record it; its scope is the shared
   * environment, whose later branch environments may take over a schema kept on delete.
   */
  Owner datastoreOwner() {
    return new Owner(uid(), owner(), namespace() + "/" + shared.getMetadata().getName());
  }

  List<ServiceTemplate> services() {
    return shared.getSpec().services;
  }
}
