package dev.slipway.realapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.sandbox.kube.Kubectl;
import java.nio.file.Path;
import java.util.List;

/** Installs the committed CRDs from {@code crds/} the way the README tells users to. */
final class Crds {
  static final List<String> NAMES =
      List.of(
          "servicereleases.slipway.dev",
          "stagingenvironments.slipway.dev",
          "scheduledtasks.slipway.dev");

  private Crds() {}

  /** {@code kubectl apply -f crds/}, then waits until each is served. Idempotent. */
  static void install(ControlPlane plane, Kubectl kubectl) {
    Path crds = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().resolve("crds");
    Kubectl.Result applied = kubectl.run("apply", "-f", crds.toString());
    assertThat(applied.exitCode()).as("%s", applied).isZero();
    for (String name : NAMES) {
      kubectl.ok("wait", "--for=condition=Established", "--timeout=60s", "crd/" + name);
    }
  }
}
