package dev.slipway.cli.kubectl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cluster and namespace a verb works in, chosen as kubectl chooses them: {@code --kubeconfig}
 * or {@code $KUBECONFIG} or {@code ~/.kube/config}, {@code --context} or the current one, {@code
 * -n} or the context's namespace or {@code default}.
 */
public record Cluster(KubernetesClient client, String namespace, String server)
    implements AutoCloseable {

  /** What the command line says; null means "as the kubeconfig says". */
  public record Options(Path kubeconfig, String context, String namespace) {}

  public static Cluster connect(Options options) {
    Config config = config(options);
    String namespace =
        options.namespace() != null
            ? options.namespace()
            : config.getNamespace() != null ? config.getNamespace() : "default";
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return new Cluster(client, namespace, config.getMasterUrl());
  }

  static Config config(Options options) {
    Config config;
    try {
      if (options.kubeconfig() != null && !Files.isReadable(options.kubeconfig())) {
        throw KubectlFailure.unreachable("cannot read kubeconfig " + options.kubeconfig(), null);
      }
      config =
          options.kubeconfig() == null
              ? Config.autoConfigure(options.context())
              : Config.fromKubeconfig(options.context(), options.kubeconfig().toFile());
    } catch (KubernetesClientException | IllegalArgumentException e) {
      // An unknown context or a kubeconfig that does not parse: nothing to ask yet.
      throw KubectlFailure.unreachable("cannot use the kubeconfig: " + e.getMessage(), e);
    }
    if (options.context() != null
        && (config.getCurrentContext() == null
            || !options.context().equals(config.getCurrentContext().getName()))) {
      // The client falls back to the current context silently: that could be another cluster.
      throw KubectlFailure.unreachable(
          "context \"" + options.context() + "\" not found in the kubeconfig", null);
    }
    // A person at a terminal wants "cannot reach" in seconds, not after the client's ten retries.
    config.setRequestRetryBackoffLimit(0);
    config.setConnectionTimeout(5_000);
    return config;
  }

  @Override
  public void close() {
    client.close();
  }
}
