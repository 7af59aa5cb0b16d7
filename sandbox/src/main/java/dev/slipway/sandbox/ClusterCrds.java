package dev.slipway.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs Slipway's CRDs on an existing cluster that has none, and waits until they are served.
 */
final class ClusterCrds {
  /** The generated CRDs, as the build puts them in the operator's jar. */
  static final List<String> RESOURCES =
      List.of(
          "/META-INF/fabric8/servicereleases.slipway.dev-v1.yml",
          "/META-INF/fabric8/stagingenvironments.slipway.dev-v1.yml",
          "/META-INF/fabric8/scheduledtasks.slipway.dev-v1.yml");

  private static final long ESTABLISHED_SECONDS = 60;

  private ClusterCrds() {}

  /**
   * Creates each CRD the cluster lacks. One that exists is left alone: it may be a newer version a
   * Helm install put there, and replacing it is the cluster owner's call, not the sandbox's.
   */
  static void installMissing(KubernetesClient client) {
    for (String resource : RESOURCES) {
      CustomResourceDefinition crd = read(resource);
      var existing =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName());
      if (existing.get() == null) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
      existing.waitUntilCondition(ClusterCrds::established, ESTABLISHED_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** A CRD just created has a status with no conditions yet: not established. */
  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static CustomResourceDefinition read(String resource) {
    try (InputStream in = ClusterCrds.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + resource + " is not on the classpath");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
