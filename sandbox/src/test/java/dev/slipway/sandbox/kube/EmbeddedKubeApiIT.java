package dev.slipway.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the embedded API server with the real kubectl binary, as a sandbox user would. */
class EmbeddedKubeApiIT {
  @TempDir static Path dir;
  static EmbeddedKubeApi api;
  static Kubectl kubectl;

  @BeforeAll
  static void start() throws IOException {
    Kubectl.assertInstalled();
    api = EmbeddedKubeApi.start(0);
    try (InputStream crd = EmbeddedKubeApiIT.class.getResourceAsStream("/kube/widget-crd.yaml")) {
      api.installCrds(crd);
    }
    kubectl = new Kubectl(api.writeKubeconfig(dir.resolve("kubeconfig")));
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void applyCreatesThenUpdatesCustomResource() throws IOException {
    assertThat(kubectl.ok("apply", "-f", manifest("applied", "red", 1)).stdout())
        .contains("widget.test.slipway.dev/applied created");
    assertThat(kubectl.ok("apply", "-f", manifest("applied", "red", 2)).stdout())
        .contains("widget.test.slipway.dev/applied configured");

    JsonNode json = CrudShim.parse(kubectl.ok("get", "widget", "applied", "-o", "json").stdout());
    assertThat(json.at("/spec/size").asInt()).isEqualTo(2);
    assertThat(api.client().resources(Widget.class).withName("applied").get().getSpec().size)
        .isEqualTo(2);
  }

  @Test
  void getListsByPluralAndShortNameAndPrintsYaml() throws IOException {
    kubectl.ok("apply", "-f", manifest("listed", "green", 3));

    assertThat(kubectl.ok("get", "widgets").stdout()).contains("NAME").contains("listed");
    assertThat(kubectl.ok("get", "wdg").stdout()).contains("listed");
    assertThat(kubectl.ok("get", "Widget", "listed", "-o", "yaml").stdout())
        .contains("kind: Widget")
        .contains("color: green");
  }

  @Test
  void mergePatchAndDescribe() throws IOException {
    kubectl.ok("apply", "-f", manifest("patched", "red", 1));

    kubectl.ok(
        "patch", "wdg", "patched", "--type", "merge", "-p", "{\"spec\":{\"color\":\"blue\"}}");

    assertThat(api.client().resources(Widget.class).withName("patched").get().getSpec().color)
        .isEqualTo("blue");
    assertThat(kubectl.ok("describe", "widget", "patched").stdout())
        .contains("Name:         patched")
        .contains("Color:  blue");
  }

  @Test
  void deleteWaitsUntilAControllerRemovesTheFinalizer() throws IOException {
    kubectl.ok("apply", "-f", manifest("guarded", "red", 1));
    api.client()
        .resources(Widget.class)
        .withName("guarded")
        .edit(
            w -> {
              w.getMetadata().getFinalizers().add("test.slipway.dev/cleanup");
              return w;
            });
    try (Watch ignored =
        api.client().resources(Widget.class).withName("guarded").watch(new FinalizerRemover())) {
      kubectl.ok("delete", "-f", manifest("guarded", "red", 1));
    }

    assertThat(api.client().resources(Widget.class).withName("guarded").get()).isNull();
    assertThat(kubectl.run("get", "widget", "guarded").stderr()).contains("NotFound");
  }

  @Test
  void patchRemovingTheLastFinalizerOfADeletingObjectSucceeds() throws IOException {
    kubectl.ok("apply", "-f", manifest("stuck", "red", 1));
    kubectl.ok(
        "patch",
        "wdg",
        "stuck",
        "--type",
        "merge",
        "-p",
        "{\"metadata\":{\"finalizers\":[\"test.slipway.dev/cleanup\"]}}");
    kubectl.ok("delete", "wdg", "stuck", "--wait=false");

    kubectl.ok(
        "patch",
        "wdg",
        "stuck",
        "--type",
        "json",
        "-p",
        "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");

    assertThat(api.client().resources(Widget.class).withName("stuck").get()).isNull();
  }

  @Test
  void deleteByKindAndNameWithoutFinalizer() throws IOException {
    kubectl.ok("apply", "-f", manifest("plain", "red", 1));

    assertThat(kubectl.ok("delete", "widget", "plain").stdout()).contains("deleted");

    assertThat(api.client().resources(Widget.class).withName("plain").get()).isNull();
  }

  @Test
  void watchStreamsChangesToKubectl() throws Exception {
    kubectl.ok("apply", "-f", manifest("watched", "red", 1));
    var watch =
        kubectl.start(
            "get",
            "wdg",
            "watched",
            "-w",
            "-o",
            "custom-columns=N:.metadata.name,C:.spec.color",
            "--no-headers");
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.stdout().contains("red"));
      api.client()
          .resources(Widget.class)
          .withName("watched")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"color\":\"teal\"}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.stdout().contains("teal"));
    } finally {
      watch.stop();
    }
  }

  @Test
  void describeShowsTheEventsRecordedOnAnObject() throws IOException {
    kubectl.ok("apply", "-f", manifest("eventful", "red", 1));
    Widget widget = api.client().resources(Widget.class).withName("eventful").get();
    String now = Instant.now().toString();
    api.client()
        .v1()
        .events()
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("eventful.1")
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion(widget.getApiVersion())
                        .withKind(widget.getKind())
                        .withName("eventful")
                        .withNamespace("default")
                        .withUid(widget.getMetadata().getUid())
                        .build())
                .withType("Normal")
                .withReason("Polished")
                .withMessage("all shiny now")
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withNewSource()
                .withComponent("polisher")
                .endSource()
                .build())
        .create();

    String described = kubectl.ok("describe", "widget", "eventful").stdout();

    assertThat(described).containsPattern("Normal +Polished +\\S+ +polisher +all shiny now");
  }

  @Test
  void everyListHasItsKindsListKind() throws IOException {
    kubectl.ok("apply", "-f", manifest("listy", "red", 1));

    assertThat(rawList("/apis/test.slipway.dev/v1/namespaces/default/widgets"))
        .containsExactly("test.slipway.dev/v1", "WidgetList");
    assertThat(rawList("/apis/test.slipway.dev/v1/widgets"))
        .containsExactly("test.slipway.dev/v1", "WidgetList");
    assertThat(rawList("/api/v1/namespaces/default/events")).containsExactly("v1", "EventList");
    assertThat(rawList("/api/v1/namespaces")).containsExactly("v1", "NamespaceList");
    assertThat(rawList("/apis/apiextensions.k8s.io/v1/customresourcedefinitions"))
        .containsExactly("apiextensions.k8s.io/v1", "CustomResourceDefinitionList");
  }

  @Test
  void serverSideApplyIsRefusedWithTheSameMessageOnCreateAndUpdate() throws IOException {
    kubectl.ok("apply", "-f", manifest("existing", "red", 1));

    Kubectl.Result update =
        kubectl.run("apply", "--server-side", "-f", manifest("existing", "red", 2));
    Kubectl.Result create =
        kubectl.run("apply", "--server-side", "-f", manifest("brand-new", "red", 1));

    for (Kubectl.Result result : List.of(update, create)) {
      assertThat(result.exitCode()).as("%s", result).isNotZero();
      assertThat(result.stderr())
          .as("%s", result)
          .contains("Server-side apply not available on the server")
          .contains("does not support server-side apply")
          .contains("without --server-side")
          .doesNotContain("NotFound");
    }
    assertThat(kubectl.run("get", "widget", "brand-new").stderr()).contains("NotFound");
  }

  @Test
  void creatingAnExistingObjectSaysItExistsNotThatItIsInvalid() throws IOException {
    kubectl.ok("create", "-f", manifest("twice", "red", 1));

    Kubectl.Result again = kubectl.run("create", "-f", manifest("twice", "red", 1));

    assertThat(again.exitCode()).as("%s", again).isNotZero();
    assertThat(again.stderr())
        .as("%s", again)
        .contains("Error from server (AlreadyExists)")
        .contains("widgets.test.slipway.dev \"twice\" already exists")
        .doesNotContain("invalid");
  }

  @Test
  void typedCreateCommandsStoreWhatARealServerStores() {
    kubectl.ok(
        "create",
        "secret",
        "generic",
        "db-admin",
        "--from-literal=username=root",
        "--from-literal=password=");
    kubectl.ok("create", "configmap", "settings", "--from-literal=mode=fast");
    kubectl.ok("create", "namespace", "typed");
    kubectl.ok("create", "serviceaccount", "robot");

    JsonNode secret =
        CrudShim.parse(kubectl.ok("get", "secret", "db-admin", "-o", "json").stdout());
    assertThat(secret.at("/data/username").asText()).isEqualTo("cm9vdA==");
    assertThat(secret.at("/data/password").isTextual()).isTrue();
    assertThat(secret.at("/data/password").asText()).isEmpty();
    assertThat(secret.path("type").asText()).isEqualTo("Opaque");
    assertThat(api.client().secrets().withName("db-admin").get().getData())
        .containsEntry("username", "cm9vdA==");
    assertThat(kubectl.ok("get", "configmap", "settings", "-o", "jsonpath={.data.mode}").stdout())
        .isEqualTo("fast");
    assertThat(api.client().namespaces().withName("typed").get()).isNotNull();
    assertThat(api.client().serviceAccounts().withName("robot").get()).isNotNull();
  }

  @Test
  void explainPrintsTheDescriptionsOfTheCrdSchema() {
    String field = kubectl.ok("explain", "widget.spec.color").stdout();
    String kind = kubectl.ok("explain", "wdg").stdout();

    assertThat(field)
        .contains("KIND:       Widget")
        .contains("FIELD: color <string>")
        .contains("Paint colour of the widget, e.g. red.");
    assertThat(kind).contains("spec\t<Object>").contains("metadata\t<ObjectMeta>");
  }

  private static List<String> rawList(String path) {
    JsonNode list = CrudShim.parse(kubectl.ok("get", "--raw", path).stdout());
    return List.of(list.path("apiVersion").asText(), list.path("kind").asText());
  }

  private static String manifest(String name, String color, int size) throws IOException {
    Path file = dir.resolve(name + "-" + color + "-" + size + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: test.slipway.dev/v1
        kind: Widget
        metadata:
          name: %s
        spec:
          color: %s
          size: %d
        """
            .formatted(name, color, size));
    return file.toString();
  }

  /** Plays the controller: drops the finalizer as soon as deletion is requested. */
  private static final class FinalizerRemover implements Watcher<Widget> {
    @Override
    public void eventReceived(Action action, Widget widget) {
      if (action == Action.MODIFIED && widget.isMarkedForDeletion()) {
        api.client()
            .resources(Widget.class)
            .withName(widget.getMetadata().getName())
            .edit(
                w -> {
                  w.getMetadata().getFinalizers().clear();
                  return w;
                });
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
