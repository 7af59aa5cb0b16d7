package dev.slipway.realapi;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import dev.slipway.runtime.OperatorOptions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Helm release of {@code charts/slipway} installed into the control plane with helm-java, as a
 * user installs it. Its Deployment never runs (there is no kubelet); what it is for is the
 * ServiceAccount, the RBAC bound to it, and the arguments the Deployment would start the operator
 * with, which the tests start it with in-process instead.
 */
final class ChartRelease implements AutoCloseable {
  static final Path CHART =
      Path.of(System.getProperty("slipway.root", ".."))
          .toAbsolutePath()
          .normalize()
          .resolve("charts/slipway");
  private static final long TOKEN_SECONDS = 3600;

  static {
    // helm-java unpacks its native library through JNA; keep it under target/, not a shared /tmp
    // (failsafe sets the same property; this covers runs from an IDE).
    if (System.getProperty("jna.tmpdir") == null) {
      System.setProperty("jna.tmpdir", createDirectories(Path.of("target", "jna")).toString());
    }
  }

  private final ControlPlane plane;
  final String name;
  final String namespace;
  private final Deployment deployment;

  private ChartRelease(ControlPlane plane, String name, String namespace, Deployment deployment) {
    this.plane = plane;
    this.name = name;
    this.namespace = namespace;
    this.deployment = deployment;
  }

  /** {@code helm install NAME charts/slipway -n NAMESPACE --create-namespace -f values}. */
  static ChartRelease install(
      ControlPlane plane, String name, String namespace, Map<String, ?> values) {
    Path file = writeValues(values);
    try {
      new Helm(CHART)
          .install()
          .withName(name)
          .withNamespace(namespace)
          .createNamespace()
          .withKubeConfig(plane.kubeconfig())
          .withValuesFile(file)
          .call();
    } finally {
      deleteQuietly(file);
    }
    Deployment deployment =
        plane.admin().apps().deployments().inNamespace(namespace).list().getItems().stream()
            .filter(d -> name.equals(d.getMetadata().getLabels().get("app.kubernetes.io/instance")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("helm release " + name + " has no Deployment"));
    return new ChartRelease(plane, name, namespace, deployment);
  }

  /** The ServiceAccount the chart's pods run as. */
  String serviceAccount() {
    return deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  /** The user name kube-apiserver authenticates that ServiceAccount's tokens as. */
  String user() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount();
  }

  /** The chart's Deployment itself (for checks that the operator cannot change it). */
  Deployment deployment() {
    return deployment;
  }

  /**
   * What the chart's Deployment tells {@code slipway run} (watched namespaces, label selector,
   * leader election and its Lease) on top of {@code base}, with this replica's Lease identity. A
   * lost Lease does not exit the test JVM.
   */
  OperatorOptions options(OperatorOptions base, String identity) {
    String watched = arg("--namespaces");
    Set<String> namespaces =
        watched == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(watched.split(",")));
    OperatorOptions.LeaderElection election =
        new OperatorOptions.LeaderElection(
            args().contains("--leader-election"),
            arg("--lease-name"),
            arg("--lease-namespace"),
            identity,
            false);
    return base.withWatch(namespaces, arg("--label-selector")).withLeaderElection(election);
  }

  /**
   * A client that authenticates with nothing but a fresh token of the chart's ServiceAccount (from
   * the TokenRequest API, as the kubelet would mount it): the server URL and CA come from the admin
   * kubeconfig, its client certificate does not, and nothing is read from the environment.
   */
  KubernetesClient tokenClient() {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(TOKEN_SECONDS)
            .endSpec()
            .build();
    String token =
        plane
            .admin()
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount())
            .tokenRequest(request)
            .getStatus()
            .getToken();
    Config admin = plane.admin().getConfiguration();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(admin.getMasterUrl())
            .withCaCertData(admin.getCaCertData())
            .withOauthToken(token)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** {@code helm uninstall}; the CRDs stay, as Helm leaves them. */
  @Override
  public void close() {
    Helm.uninstall(name)
        .withNamespace(namespace)
        .withKubeConfig(plane.kubeconfig())
        .ignoreNotFound()
        .call();
  }

  private List<String> args() {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }

  /** The value of {@code flag=value} in the Deployment's arguments, or null. */
  private String arg(String flag) {
    return args().stream()
        .filter(a -> a.startsWith(flag + "="))
        .map(a -> a.substring(flag.length() + 1))
        .findFirst()
        .orElse(null);
  }

  private static Path writeValues(Map<String, ?> values) {
    try {
      Path dir = createDirectories(Path.of("target"));
      Path file = Files.createTempFile(dir, "chart-values", ".yaml");
      new YAMLMapper().writeValue(file.toFile(), values);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover values file under target/ harms nothing.
    }
  }
}
