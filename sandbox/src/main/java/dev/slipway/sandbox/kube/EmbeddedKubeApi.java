package dev.slipway.sandbox.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * An in-process Kubernetes API server for the sandbox and tests: the fabric8 CRUD mock behind a
 * shim that makes it acceptable to JOSDK, the fabric8 client and real kubectl.
 */
public final class EmbeddedKubeApi implements AutoCloseable {
  private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final Vertx vertx;
  private final KubernetesCrudDispatcher crud;
  private final KubeHttpFront front;
  private final AdmissionControl admission;
  private final KubernetesClient client;

  private EmbeddedKubeApi(int port) {
    // Two event loops are plenty for a single-user API server and keep the thread count small.
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
    this.crud = new KubernetesCrudDispatcher();
    Tombstones tombstones = new Tombstones();
    ApiDiscovery discovery = new ApiDiscovery(this::installedCrds, this::hostAndPort);
    CustomResources resources = new CustomResources(this::installedCrds);
    this.admission = new AdmissionControl(resources);
    ServerTables tables = new ServerTables(Clock.systemUTC());
    this.front =
        KubeHttpFront.listen(
            vertx,
            port,
            new CrudShim(crud, tombstones, resources, admission, tables, new ListKinds(discovery)),
            new WatchBridge(crud, vertx, tombstones, resources, tables),
            discovery);
    this.client = newClient(url());
  }

  /** Starts a server on 127.0.0.1:{@code port} (0 picks a free port) with default namespaces. */
  public static EmbeddedKubeApi start(int port) {
    UniqueUids.ensure();
    EmbeddedKubeApi api = new EmbeddedKubeApi(port);
    try {
      api.createNamespace("default");
      api.createNamespace("kube-system");
      return api;
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
  }

  public String url() {
    return "http://" + hostAndPort();
  }

  /** A fabric8 client for this server (JDK HTTP client, namespace {@code default}). */
  public KubernetesClient client() {
    return client;
  }

  /** Writes a kubeconfig with context {@code slipway-sandbox} selected; returns {@code file}. */
  public Path writeKubeconfig(Path file) {
    return KubeconfigWriter.write(file, url());
  }

  /**
   * Answers GET {@code path} (outside the Kubernetes API's own paths, e.g. /sandbox/...) with the
   * JSON {@code document} returns at the time of the request; {@code kubectl get --raw} reads it.
   */
  public void serveJson(String path, Supplier<String> document) {
    if (path.startsWith("/api")) throw new IllegalArgumentException("reserved path: " + path);
    front.serveJson(path, document);
  }

  /** Answers POST requests under {@code prefix} (a /sandbox/... path) with the handler's JSON. */
  public void servePost(String prefix, SandboxPosts.Handler handler) {
    front.posts.register(prefix, handler);
  }

  /**
   * Turns CRD validation of custom resource writes (schema, CEL rules, defaulting, pruning) on or
   * off; it is on from the start. Off stands for objects stored before their CRD was tightened,
   * which is how tests reach the operator's own validation behind the API server's.
   */
  public void setAdmission(boolean enabled) {
    admission.setEnabled(enabled);
  }

  /** Creates or replaces a CRD; discovery and the CRUD store pick it up immediately. */
  public void installCrd(CustomResourceDefinition crd) {
    client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
  }

  /** Installs every CustomResourceDefinition in a (multi-document) YAML or JSON stream. */
  public void installCrds(InputStream yaml) {
    List<HasMetadata> documents = client.load(yaml).items();
    for (HasMetadata document : documents) {
      if (!(document instanceof CustomResourceDefinition crd)) {
        throw new IllegalArgumentException(
            "not a v1 CustomResourceDefinition: " + document.getKind());
      }
      installCrd(crd);
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    try {
      front.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private String hostAndPort() {
    return "127.0.0.1:" + front.port();
  }

  private List<CustomResourceDefinition> installedCrds() {
    MockResponse response = crud.dispatch(ApiRequest.get(CRD_PATH).toRecorded());
    if (response.code() != 200) {
      return List.of();
    }
    String body = CrudShim.bodyOf(response);
    return Serialization.unmarshal(body, CustomResourceDefinitionList.class).getItems();
  }

  private void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static KubernetesClient newClient(String url) {
    // Config.empty() keeps the user's ~/.kube/config and environment out of the picture.
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withNamespace("default")
            .withRequestRetryBackoffLimit(3)
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }
}
