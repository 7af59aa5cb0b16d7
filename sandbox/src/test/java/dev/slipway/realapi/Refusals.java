package dev.slipway.realapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.environment.Environments;
import dev.slipway.release.Releases;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Requests a chart's identity must not be allowed, made with its token: each must come back 403
 * from the server. Counted, so a test can then find exactly that many refusals in the audit log.
 */
final class Refusals {
  private final KubernetesClient token;
  private final KubernetesClient admin;
  private int count;

  Refusals(KubernetesClient token, KubernetesClient admin) {
    this.token = token;
    this.admin = admin;
  }

  /** How many requests were refused so far. */
  int count() {
    return count;
  }

  Refusals listSecretsEverywhere() {
    return refused("list Secrets in all namespaces", () -> token.secrets().inAnyNamespace().list());
  }

  Refusals listSecretsIn(String namespace) {
    return refused(
        "list Secrets in " + namespace, () -> token.secrets().inNamespace(namespace).list());
  }

  Refusals readSecretIn(String namespace) {
    return refused(
        "get a Secret in " + namespace,
        () -> token.secrets().inNamespace(namespace).withName("anything").get());
  }

  Refusals createDeploymentIn(String namespace) {
    return refused(
        "create a Deployment in " + namespace, () -> token.resource(intruder(namespace)).create());
  }

  /** A PUT of an object as it is (the chart's own Deployment, say). */
  Refusals update(HasMetadata object) {
    return refused(
        "update " + object.getKind() + " " + object.getMetadata().getName(),
        () -> token.resource(object).update());
  }

  /** Renewing a Lease in {@code namespace} that is not the chart's (made by the admin first). */
  Refusals updateForeignLease(String namespace) {
    Lease foreign =
        admin
            .resource(
                new LeaseBuilder()
                    .withNewMetadata()
                    .withName("not-slipways")
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity("someone-else")
                    .endSpec()
                    .build())
            .createOr(existing -> existing.update());
    return refused(
        "update a Lease that is not the chart's", () -> token.resource(foreign).update());
  }

  Refusals listReleasesEverywhere() {
    return refused(
        "list ServiceReleases in all namespaces",
        () -> token.resources(ServiceRelease.class).inAnyNamespace().list());
  }

  Refusals createReleaseIn(String namespace) {
    ServiceRelease sr = Releases.web("elsewhere", "repo/app:v1");
    sr.getMetadata().setNamespace(namespace);
    return refused("create a ServiceRelease in " + namespace, () -> token.resource(sr).create());
  }

  /** Nothing in Slipway creates StagingEnvironments; people do. */
  Refusals createEnvironmentIn(String namespace) {
    StagingEnvironment env = Environments.branch("made-up", "shared", "qa/x", "v1");
    env.getMetadata().setNamespace(namespace);
    return refused(
        "create a StagingEnvironment in " + namespace, () -> token.resource(env).create());
  }

  private Refusals refused(String what, ThrowingCallable call) {
    assertThatThrownBy(call)
        .as(what)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getCode()).as("%s: %s", what, e.getMessage()).isEqualTo(403));
    count++;
    return this;
  }

  private static Deployment intruder(String namespace) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("intruder")
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", "intruder")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "intruder")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
