package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code slipway sandbox} does after start-up: apply the manifests, show progress, and with
 * {@code --exit-when-settled} stop once every applied resource is Ready, Failed or RolledBack.
 */
public final class SandboxSession {
  /**
   * Apply this image first and the manifest's own once Ready: the crashloop example uses it to have
   * a good revision to roll back to.
   */
  public static final String FIRST_IMAGE = "sandbox.slipway.dev/first-image";

  private final Sandbox sandbox;
  private final PrintStream out;
  private final Set<String> applied = new LinkedHashSet<>();
  private final Map<String, ServiceRelease> staged = new HashMap<>();

  public SandboxSession(Sandbox sandbox, PrintStream out) {
    this.sandbox = sandbox;
    this.out = out;
  }

  public void apply(List<Path> paths) throws IOException {
    for (Manifests.Loaded loaded : Manifests.load(paths)) {
      HasMetadata r = loaded.resource();
      if (!(r instanceof ServiceRelease sr)) {
        out.println(
            "skipping "
                + r.getKind()
                + " "
                + r.getMetadata().getName()
                + " from "
                + loaded.source()
                + " (not handled by the sandbox)");
        continue;
      }
      if (sr.getMetadata().getNamespace() == null) sr.getMetadata().setNamespace("default");
      sandbox.ensureNamespace(sr.getMetadata().getNamespace());
      sandbox.seedFor(sr);
      String key = ProgressView.key(sr);
      String first =
          sr.getMetadata().getAnnotations() == null
              ? null
              : sr.getMetadata().getAnnotations().get(FIRST_IMAGE);
      if (first != null
          && sr.getSpec() != null
          && !sr.getSpec().taskDefinition.containers.isEmpty()) {
        staged.put(key, sr);
        upsert(withFirstImage(sr, first));
      } else {
        upsert(sr);
      }
      applied.add(key);
    }
  }

  private static ServiceRelease withFirstImage(ServiceRelease sr, String image) {
    ServiceRelease copy = sandboxCopy(sr);
    ContainerSpec c = copy.getSpec().taskDefinition.containers.get(0);
    c.image = image;
    return copy;
  }

  private static ServiceRelease sandboxCopy(ServiceRelease sr) {
    return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(sr, ServiceRelease.class);
  }

  private void upsert(ServiceRelease sr) {
    KubernetesClient client = sandbox.client();
    var resource =
        client
            .resources(ServiceRelease.class)
            .inNamespace(sr.getMetadata().getNamespace())
            .withName(sr.getMetadata().getName());
    if (resource.get() == null) {
      client
          .resources(ServiceRelease.class)
          .inNamespace(sr.getMetadata().getNamespace())
          .resource(sr)
          .create();
    } else {
      resource.edit(
          existing -> {
            existing.setSpec(sr.getSpec());
            existing.getMetadata().setLabels(sr.getMetadata().getLabels());
            existing.getMetadata().setAnnotations(sr.getMetadata().getAnnotations());
            return existing;
          });
    }
  }

  /**
   * Shows progress until interrupted, or until settled when {@code exitWhenSettled}; returns the
   * exit code.
   */
  public int watch(ProgressViewMode mode, boolean exitWhenSettled, Duration timeout)
      throws InterruptedException {
    ProgressView view = new ProgressView(out, mode == ProgressViewMode.REDRAW);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ServiceRelease> all =
          sandbox.client().resources(ServiceRelease.class).inAnyNamespace().list().getItems();
      promoteStaged(all);
      view.show(all);
      if (exitWhenSettled) {
        List<ServiceRelease> mine =
            all.stream().filter(sr -> applied.contains(ProgressView.key(sr))).toList();
        boolean settled =
            mine.size() == applied.size()
                && staged.isEmpty()
                && mine.stream().allMatch(Sandbox::isSettled);
        if (settled || System.nanoTime() > deadline) {
          out.println();
          mine.stream()
              .map(sr -> ProgressView.key(sr) + " " + sr.getStatus().phase)
              .sorted()
              .forEach(out::println);
          if (!settled)
            out.println("sandbox: resources did not settle within " + timeout.toSeconds() + "s");
          return settled ? 0 : 2;
        }
      }
      Thread.sleep(500);
    }
  }

  /** Applies the real spec of a staged resource once its first image is Ready. */
  private void promoteStaged(List<ServiceRelease> all) {
    for (ServiceRelease sr : new ArrayList<>(all)) {
      ServiceRelease real = staged.get(ProgressView.key(sr));
      if (real == null || !Sandbox.isSettled(sr)) continue;
      staged.remove(ProgressView.key(sr));
      // A first image that did not become Ready is reported as it is.
      if (sr.getStatus().phase == Phase.Ready) upsert(real);
    }
  }

  /** How progress is drawn. */
  public enum ProgressViewMode {
    REDRAW,
    LINES
  }
}
