package dev.slipway.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.sandbox.kube.admission.AdmissionCheck;
import dev.slipway.sandbox.kube.admission.AdmissionCorpus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedded API admits Slipway's custom resources like kube-apiserver: every manifest of the
 * invalid corpus is refused with 422 and the real Status shape through the fabric8 client, status
 * writes are checked against the status schema only, and kubectl sees the same errors and the CRDs'
 * printer columns.
 */
class EmbeddedAdmissionIT {
  private static final String TABLE_ACCEPT =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

  @TempDir static Path dir;
  static EmbeddedKubeApi api;
  static Kubectl kubectl;

  @BeforeAll
  static void start() throws IOException {
    Kubectl.assertInstalled();
    api = EmbeddedKubeApi.start(0);
    for (String crd :
        List.of("servicereleases.slipway.dev-v1.yml", "stagingenvironments.slipway.dev-v1.yml")) {
      try (InputStream in =
          EmbeddedAdmissionIT.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        api.installCrds(in);
      }
    }
    kubectl = new Kubectl(api.writeKubeconfig(dir.resolve("kubeconfig")));
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  static List<AdmissionCorpus> invalid() {
    return AdmissionCorpus.invalid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesEveryInvalidManifestWith422(AdmissionCorpus c) {
    AdmissionCheck.assertRefused(api.client(), "default", c);
  }

  /** The valid corpus manifest with unknown fields, a whole ServiceRelease the tests reuse. */
  private static AdmissionCorpus unknownFields() {
    return AdmissionCorpus.valid().stream()
        .filter(c -> c.name().equals("sr-unknown-fields"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void unknownFieldsArePrunedFromWhatIsStored() {
    AdmissionCorpus c = unknownFields();
    var objects = resources(c.first());
    objects.resource(generic(c.first())).create();
    JsonNode stored =
        Serialization.jsonMapper()
            .valueToTree(objects.withName(c.first().at("/metadata/name").asText()).get());
    assertThat(stored.at("/spec/cluster").asText()).isEqualTo("core");
    assertThat(stored.at("/spec/service/desiredCount").asInt()).isEqualTo(1);
    for (String field : c.pruned()) {
      assertThat(stored.at("/" + field.replace('.', '/')).isMissingNode()).as(field).isTrue();
    }
    objects.withName(c.first().at("/metadata/name").asText()).delete();
  }

  @Test
  void statusWritesAreCheckedAgainstTheStatusSchemaOnly() {
    JsonNode release = unknownFields().first().deepCopy();
    ((ObjectNode) release.get("metadata")).put("name", "status-writes");
    var objects = resources(release);
    objects.resource(generic(release)).create();
    Resource<GenericKubernetesResource> one = objects.withName("status-writes");

    // What JOSDK does: add a finalizer with a JSON patch, then merge-patch the status.
    one.patch(
        PatchContext.of(PatchType.JSON),
        "[{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"slipway.dev/test\"]}]");
    one.subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"phase\":\"Ready\",\"replicas\":\"2/2\"}}");
    assertThat(one.get().getAdditionalProperties().get("status").toString()).contains("Ready");

    KubernetesClientException refused =
        catchRefusal(
            () ->
                one.subresource("status")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"phase\":\"Bogus\"}}"));
    assertThat(refused.getStatus().getMessage())
        .contains("status.phase: Unsupported value: \"Bogus\"");

    KubernetesClientException immutable =
        catchRefusal(
            () ->
                one.patch(
                    PatchContext.of(PatchType.JSON),
                    "[{\"op\":\"replace\",\"path\":\"/spec/cluster\",\"value\":\"elsewhere\"}]"));
    assertThat(immutable.getStatus().getMessage()).contains("cluster is immutable");

    one.patch(
        PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    one.delete();
  }

  @Test
  void turningAdmissionOffStoresWhatItWouldRefuse() {
    AdmissionCorpus c =
        AdmissionCorpus.invalid().stream()
            .filter(x -> x.name().equals("sr-cel-no-essential"))
            .findFirst()
            .orElseThrow();
    var objects = resources(c.first());
    api.setAdmission(false);
    try {
      objects.resource(generic(c.first())).create();
    } finally {
      api.setAdmission(true);
    }
    assertThat(objects.withName(c.name()).get()).isNotNull();
    // Ratcheting: with admission back on, writes that leave the invalid part alone still pass.
    objects
        .withName(c.name())
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"slipway.dev/test\"]}]");
    objects
        .withName(c.name())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Failed\"}}");
    objects
        .withName(c.name())
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    objects.withName(c.name()).delete();
  }

  @Test
  void kubectlApplyPrintsTheApiServersErrorAndStoresNothing() throws IOException {
    Path bad = corpusFile("sr-desiredcount-negative");
    Kubectl.Result result = kubectl.run("apply", "-f", bad.toString());
    assertThat(result.exitCode()).as("%s", result).isNotZero();
    assertThat(result.stderr())
        // kubectl rewords the Status message from its details, exactly as with a real cluster.
        .contains("The ServiceRelease \"sr-desiredcount-negative\" is invalid: ")
        .contains(
            "spec.service.desiredCount: Invalid value: -1: spec.service.desiredCount in body"
                + " should be greater than or equal to 0");
    assertThat(kubectl.run("get", "sr", "sr-desiredcount-negative").stderr()).contains("NotFound");
  }

  @Test
  void kubectlApplyIsStrictAboutUnknownFieldsAsAgainstARealCluster() throws IOException {
    Path manifest = dir.resolve("unknown.yaml");
    Files.writeString(
        manifest,
        Files.readString(
            Path.of(System.getProperty("slipway.root", ".."))
                .resolve("sandbox/src/test/resources/admission/valid/sr-unknown-fields.yaml")));
    Kubectl.Result strict = kubectl.run("apply", "-f", manifest.toString());
    assertThat(strict.exitCode()).as("%s", strict).isNotZero();
    assertThat(strict.stderr())
        .contains("ServiceRelease in version \"v1alpha1\" cannot be handled as a ServiceRelease")
        .contains("strict decoding error: ")
        .contains("unknown field \"spec.colour\"")
        .contains("unknown field \"spec.service.replicas\"");

    Kubectl.Result lenient = kubectl.run("apply", "--validate=false", "-f", manifest.toString());
    assertThat(lenient.exitCode()).as("%s", lenient).isZero();
    kubectl.ok("delete", "sr", "sr-unknown-fields");
  }

  @Test
  void kubectlGetShowsThePrinterColumns() throws Exception {
    JsonNode release = unknownFields().first().deepCopy();
    ((ObjectNode) release.get("metadata")).put("name", "columns");
    var objects = resources(release);
    objects.resource(generic(release)).create();
    objects
        .withName("columns")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"phase\":\"Ready\",\"image\":\"nginx:1.27\",\"replicas\":\"1/1\"}}");

    String table = kubectl.ok("get", "sr").stdout();
    String header = table.lines().findFirst().orElseThrow();
    assertThat(header.split("\\s+"))
        .containsExactly("NAME", "AGE", "IMAGE", "PHASE", "RUNNING", "SERVICE");
    String row = table.lines().filter(l -> l.startsWith("columns ")).findFirst().orElseThrow();
    // The Service column has no value yet: kubectl leaves the cell blank, as with a real cluster.
    assertThat(row.split("\\s+")).hasSize(5);
    assertThat(row.split("\\s+")[1]).matches("\\d+s");
    assertThat(row).contains("nginx:1.27").contains("Ready").contains("1/1");

    JsonNode stage =
        CrudShim.parse(
            "{\"apiVersion\":\"slipway.dev/v1alpha1\",\"kind\":\"StagingEnvironment\","
                + "\"metadata\":{\"name\":\"qa-foo\",\"namespace\":\"default\"},"
                + "\"spec\":{\"from\":\"shared\",\"branch\":\"qa/foo\",\"imageTag\":\"v1\"}}");
    resources(stage).resource(generic(stage)).create();
    String stages = kubectl.ok("get", "stage").stdout();
    assertThat(stages.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "AGE", "BRANCH", "PHASE", "URL");
    assertThat(stages).contains("qa/foo");
    resources(stage).withName("qa-foo").delete();
    assertThat(kubectl.ok("get", "sr", "columns", "-o", "wide").stdout()).contains("Ready");

    JsonNode raw =
        getAsTable("/apis/slipway.dev/v1alpha1/namespaces/default/servicereleases/columns");
    assertThat(raw.get("kind").asText()).isEqualTo("Table");
    assertThat(raw.at("/columnDefinitions/0/name").asText()).isEqualTo("Name");
    assertThat(raw.at("/columnDefinitions/1/type").asText()).isEqualTo("date");
    assertThat(raw.at("/rows/0/cells/0").asText()).isEqualTo("columns");
    // Name, Age, Desired (priority 1, in the Table for -o wide), Image, Phase, Running, Service.
    assertThat(raw.at("/columnDefinitions/2/name").asText()).isEqualTo("Desired");
    assertThat(raw.at("/rows/0/cells/6").isNull()).as("absent value").isTrue();
    assertThat(raw.at("/rows/0/object/kind").asText()).isEqualTo("PartialObjectMetadata");
    objects.withName("columns").delete();
  }

  @Test
  void kubectlGetWatchPrintsEventsInTheSameColumns() throws Exception {
    Kubectl.Background watch = kubectl.start("get", "sr", "-w");
    try {
      JsonNode release = unknownFields().first().deepCopy();
      ((ObjectNode) release.get("metadata")).put("name", "watched");
      var objects = resources(release);
      Thread.sleep(1000);
      objects.resource(generic(release)).create();
      objects
          .withName("watched")
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Ready\"}}");
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> watch.stdout().lines().anyMatch(l -> l.matches("watched +\\d+s +Ready *")));
      assertThat(watch.stdout()).contains("IMAGE").contains("PHASE").doesNotContain("error");
      objects.withName("watched").delete();
    } finally {
      watch.stop();
    }
  }

  private static JsonNode getAsTable(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api.url() + path))
                    .header("Accept", TABLE_ACCEPT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return CrudShim.parse(response.body());
  }

  private static Path corpusFile(String name) {
    return Path.of(System.getProperty("slipway.root", ".."))
        .resolve("sandbox/src/test/resources/admission/invalid/" + name + ".yaml");
  }

  private static KubernetesClientException catchRefusal(Runnable write) {
    return AdmissionCheck.catchRefusal(write);
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(JsonNode object) {
    return AdmissionCheck.resources(api.client(), object, "default");
  }

  private static GenericKubernetesResource generic(JsonNode object) {
    return AdmissionCheck.generic(object);
  }
}
