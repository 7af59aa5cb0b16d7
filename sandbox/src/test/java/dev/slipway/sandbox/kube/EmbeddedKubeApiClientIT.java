package dev.slipway.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exercises the embedded API server through the fabric8 client the operator uses. */
class EmbeddedKubeApiClientIT {
  static EmbeddedKubeApi api;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedKubeApi.start(0);
    try (InputStream crd = getClass0().getResourceAsStream("/kube/widget-crd.yaml")) {
      api.installCrds(crd);
    }
    client = api.client();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void startsWithDefaultNamespaces() {
    assertThat(client.namespaces().list().getItems())
        .extracting(ns -> ns.getMetadata().getName())
        .contains("default", "kube-system");
  }

  @Test
  void statusIsARealSubresource() {
    var widgets = client.resources(Widget.class);
    widgets.resource(Widget.named("gear", "red", 1)).create();

    Widget withStatus = widgets.withName("gear").get();
    withStatus.setStatus(new Widget.Status("Ready", 1));
    withStatus.getSpec().color = "ignored-by-status";
    widgets.resource(withStatus).patchStatus();
    widgets
        .withName("gear")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"size\":9},\"status\":{\"phase\":\"ignored-by-main\"}}");

    Widget stored = widgets.withName("gear").get();
    assertThat(stored.getSpec().color).isEqualTo("red");
    assertThat(stored.getSpec().size).isEqualTo(9);
    assertThat(stored.getStatus().phase).isEqualTo("Ready");
  }

  @Test
  void aStatusWriteFromAnOlderCopyIsRefused() {
    // As kube-apiserver does; the environment reconciler relies on it to drop a pass that read an
    // older status.
    var widgets = client.resources(Widget.class);
    widgets.resource(Widget.named("sprocket", "green", 1)).create();
    Widget first = widgets.withName("sprocket").get();
    String read = first.getMetadata().getResourceVersion();
    first.setStatus(new Widget.Status("Ready", 1));
    widgets.resource(first).updateStatus();

    Widget older = widgets.withName("sprocket").get();
    older.getMetadata().setResourceVersion(read);
    older.setStatus(new Widget.Status("Failed", 1));
    assertThatThrownBy(() -> widgets.resource(older).updateStatus())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    String patch =
        "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"%s\"},"
            + "{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"phase\":\"Failed\"}}]";
    var status = widgets.withName("sprocket").subresource("status");
    assertThatThrownBy(() -> status.patch(PatchContext.of(PatchType.JSON), patch.formatted(read)))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(widgets.withName("sprocket").get().getStatus().phase).isEqualTo("Ready");

    // From the current version, the same patch replaces the whole status.
    String current = widgets.withName("sprocket").get().getMetadata().getResourceVersion();
    status.patch(PatchContext.of(PatchType.JSON), patch.formatted(current));
    Widget stored = widgets.withName("sprocket").get();
    assertThat(stored.getStatus().phase).isEqualTo("Failed");
    assertThat(stored.getStatus().observedSize).isNull();
  }

  @Test
  void mergePatchReplacesArraysAsRfc7386Says() {
    client.resources(Widget.class).resource(Widget.named("cog", "blue", 1)).create();
    var generic =
        client.genericKubernetesResources("test.slipway.dev/v1", "Widget").withName("cog");
    generic.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"tags\":[\"a\",\"b\"]}}");
    generic.patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"tags\":[\"c\"],\"size\":null}}");

    @SuppressWarnings("unchecked")
    var spec = (java.util.Map<String, Object>) generic.get().getAdditionalProperties().get("spec");
    assertThat(spec.get("tags")).isEqualTo(List.of("c"));
    assertThat(spec).doesNotContainKey("size").containsEntry("color", "blue");
  }

  @Test
  void informerSeesAddUpdateDeleteAcrossNamespacesWithLabelSelector() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("other").endMetadata().build())
        .create();
    List<String> events = new CopyOnWriteArrayList<>();
    List<SharedIndexInformer<Widget>> informers =
        List.of(informer("default", events), informer("other", events));
    try {
      for (String ns : List.of("default", "other")) {
        Widget labelled = Widget.named("cog-" + ns, "red", 1);
        labelled.getMetadata().setLabels(java.util.Map.of("team", "slipway"));
        client.resources(Widget.class).inNamespace(ns).resource(labelled).create();
        client
            .resources(Widget.class)
            .inNamespace(ns)
            .resource(Widget.named("unlabelled-" + ns, "red", 1))
            .create();
        client
            .resources(Widget.class)
            .inNamespace(ns)
            .withName("cog-" + ns)
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":2}}");
        client.resources(Widget.class).inNamespace(ns).withName("cog-" + ns).delete();
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(events)
                      .contains(
                          "add cog-default",
                          "update cog-default 2",
                          "delete cog-default",
                          "add cog-other",
                          "update cog-other 2",
                          "delete cog-other"));
      assertThat(events).noneMatch(e -> e.contains("unlabelled"));
    } finally {
      informers.forEach(SharedIndexInformer::close);
    }
  }

  @Test
  void removingTheLastFinalizerReturnsTheFinalObject() {
    var widgets = client.resources(Widget.class);
    Widget guarded = Widget.named("latch", "red", 1);
    guarded.getMetadata().setFinalizers(List.of("test.slipway.dev/cleanup"));
    widgets.resource(guarded).create();
    widgets.withName("latch").delete();
    assertThat(widgets.withName("latch").get().isMarkedForDeletion()).isTrue();

    Widget last =
        widgets
            .withName("latch")
            .edit(
                w -> {
                  w.getMetadata().setFinalizers(List.of());
                  return w;
                });

    assertThat(last).isNotNull();
    assertThat(last.getMetadata().getDeletionTimestamp()).isNotBlank();
    assertThat(widgets.withName("latch").get()).isNull();
  }

  @Test
  void eventsLeasesAndSecretsCanBeWritten() {
    client
        .v1()
        .events()
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("e1")
                .endMetadata()
                .withReason("Tested")
                .withMessage("hello")
                .withType("Normal")
                .withNewInvolvedObject()
                .withKind("Widget")
                .withName("x")
                .withNamespace("default")
                .endInvolvedObject()
                .build())
        .create();
    assertThat(client.v1().events().withName("e1").get().getReason()).isEqualTo("Tested");

    Lease lease =
        client
            .leases()
            .resource(
                new LeaseBuilder()
                    .withNewMetadata()
                    .withName("slipway-leader")
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity("a")
                    .withLeaseDurationSeconds(15)
                    .endSpec()
                    .build())
            .create();
    lease.getSpec().setHolderIdentity("b");
    client.leases().resource(lease).update();
    assertThat(client.leases().withName("slipway-leader").get().getSpec().getHolderIdentity())
        .isEqualTo("b");

    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("creds")
                .endMetadata()
                .addToStringData("token", "s3cret")
                .build())
        .create();
    assertThat(client.secrets().withName("creds").get().getData())
        .containsEntry("token", "czNjcmV0");
  }

  private static SharedIndexInformer<Widget> informer(String namespace, List<String> events) {
    return client
        .resources(Widget.class)
        .inNamespace(namespace)
        .withLabel("team", "slipway")
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Widget w) {
                events.add("add " + w.getMetadata().getName());
              }

              @Override
              public void onUpdate(Widget old, Widget w) {
                events.add("update " + w.getMetadata().getName() + " " + w.getSpec().size);
              }

              @Override
              public void onDelete(Widget w, boolean unknownFinalState) {
                events.add("delete " + w.getMetadata().getName());
              }
            });
  }

  private static Class<?> getClass0() {
    return EmbeddedKubeApiClientIT.class;
  }
}
