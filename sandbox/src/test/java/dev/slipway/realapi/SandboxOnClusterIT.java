package dev.slipway.realapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.SandboxSession;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway sandbox --kubeconfig}: the sandbox on an existing cluster installs the CRDs the
 * cluster lacks and takes an example to Ready there.
 */
class SandboxOnClusterIT {
  static final Path ROOT = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath();

  @Test
  void installsMissingCrdsAndSettlesAnExample() throws Exception {
    ControlPlane plane = ControlPlane.shared();
    KubernetesClient admin = plane.admin();
    for (String name : Crds.NAMES) {
      admin.apiextensions().v1().customResourceDefinitions().withName(name).delete();
      admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(crd -> crd == null, 60, TimeUnit.SECONDS);
    }

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Sandbox sandbox = Sandbox.onCluster(ControlPlane.clientFor(plane.kubeconfig()), 30)) {
      assertThat(sandbox.onExistingCluster()).isTrue();
      for (String name : Crds.NAMES) {
        assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(name).get())
            .as(name + " installed")
            .isNotNull();
      }
      SandboxSession session =
          new SandboxSession(sandbox, new PrintStream(printed, true, StandardCharsets.UTF_8));
      session.apply(List.of(ROOT.resolve("examples/servicerelease-minimal.yaml")));
      int exit = session.watch(SandboxSession.ProgressViewMode.LINES, true, Duration.ofMinutes(2));
      assertThat(exit).as(printed.toString(StandardCharsets.UTF_8)).isZero();
    }
    ServiceRelease hello =
        admin.resources(ServiceRelease.class).inNamespace("default").withName("hello").get();
    assertThat(hello.getStatus().phase.name()).isEqualTo("Ready");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("default/hello Ready");
    // Leave nothing for the other real-API classes: the release goes, its finalizer with it.
    hello.getMetadata().setFinalizers(List.of());
    admin.resource(hello).update();
    admin.resource(hello).delete();
  }
}
