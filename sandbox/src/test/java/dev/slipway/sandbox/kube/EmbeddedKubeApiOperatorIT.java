package dev.slipway.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A minimal JOSDK operator runs against the embedded API server, driven by kubectl. */
class EmbeddedKubeApiOperatorIT {
  @TempDir Path dir;
  EmbeddedKubeApi api;
  Operator operator;
  final WidgetReconciler reconciler = new WidgetReconciler();

  @BeforeEach
  void start() throws Exception {
    Kubectl.assertInstalled();
    api = EmbeddedKubeApi.start(0);
    try (InputStream crd = getClass().getResourceAsStream("/kube/widget-crd.yaml")) {
      api.installCrds(crd);
    }
    // The CRUD mock has no server-side apply, so JOSDK must patch the classic way.
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(api.client())
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false));
    operator.register(reconciler);
    operator.start();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void reconcilerWritesStatusAndCleanerRunsOnKubectlDelete() throws Exception {
    Kubectl kubectl = new Kubectl(api.writeKubeconfig(dir.resolve("kubeconfig")));
    Path manifest = dir.resolve("widget.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: test.slipway.dev/v1
        kind: Widget
        metadata:
          name: flywheel
        spec:
          color: red
          size: 4
        """);

    kubectl.ok("apply", "-f", manifest.toString());

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Widget widget = api.client().resources(Widget.class).withName("flywheel").get();
              assertThat(widget.getStatus()).isNotNull();
              assertThat(widget.getStatus().phase).isEqualTo("Ready");
              assertThat(widget.getStatus().observedSize).isEqualTo(4);
              assertThat(widget.getMetadata().getFinalizers()).isNotEmpty();
            });

    kubectl.ok("delete", "-f", manifest.toString());

    assertThat(reconciler.cleaned).containsExactly("flywheel");
    assertThat(api.client().resources(Widget.class).withName("flywheel").get()).isNull();
  }

  /** Marks widgets Ready with their observed size and records cleanups. */
  @ControllerConfiguration(name = "widget")
  static final class WidgetReconciler implements Reconciler<Widget>, Cleaner<Widget> {
    final List<String> cleaned = new CopyOnWriteArrayList<>();

    @Override
    public UpdateControl<Widget> reconcile(Widget widget, Context<Widget> context) {
      Widget patch = new Widget();
      patch.getMetadata().setName(widget.getMetadata().getName());
      patch.getMetadata().setNamespace(widget.getMetadata().getNamespace());
      patch.setStatus(new Widget.Status("Ready", widget.getSpec().size));
      return UpdateControl.patchStatus(patch);
    }

    @Override
    public DeleteControl cleanup(Widget widget, Context<Widget> context) {
      cleaned.add(widget.getMetadata().getName());
      return DeleteControl.defaultDelete();
    }
  }
}
