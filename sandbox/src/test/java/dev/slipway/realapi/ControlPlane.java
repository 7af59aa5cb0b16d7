package dev.slipway.realapi;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The real control plane (etcd, kube-apiserver, kube-controller-manager built from source by {@code
 * scripts/control-plane.sh}), one per test JVM: started by the first test that asks and stopped
 * when the JVM exits. Each test takes a namespace of its own.
 */
public final class ControlPlane {
  private static final long SCRIPT_TIMEOUT_MINUTES = 60; // a cold build on two busy cores
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static ControlPlane shared;

  private final Path root;
  private final Path dir;
  private final KubernetesClient admin;

  /** The JVM's control plane, started on first use. */
  public static synchronized ControlPlane shared() {
    if (shared == null) {
      Path root = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().normalize();
      Path dir =
          Path.of(System.getProperty("java.io.tmpdir"))
              .resolve("slipway-control-plane-" + ProcessHandle.current().pid());
      ControlPlane started = new ControlPlane(root, dir);
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "control-plane-stop"));
      shared = started;
    }
    return shared;
  }

  private ControlPlane(Path root, Path dir) {
    this.root = root;
    this.dir = dir;
    // The script's own lines (build skipped or done, seconds to /readyz) are figures worth a log.
    System.out.println(script("start").strip().indent(2));
    this.admin = clientFor(kubeconfig());
  }

  /** The admin (system:masters) kubeconfig the script wrote. */
  public Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }

  /** Where the control plane's logs, PKI and etcd data are. */
  public Path dir() {
    return dir;
  }

  /** A client with the admin identity. */
  public KubernetesClient admin() {
    return admin;
  }

  /** The API server's URL, such as {@code https://127.0.0.1:31234}. */
  public String server() {
    return admin.getConfiguration().getMasterUrl();
  }

  /** A new namespace for one test, named after it. */
  public String newNamespace(String prefix) {
    String name =
        (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                + "-"
                + NAMESPACES.incrementAndGet())
            .replaceAll("^-+", "");
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /** Stops kube-apiserver alone; etcd and its data stay. */
  public void stopApiServer() {
    script("stop-apiserver");
  }

  /** Starts kube-apiserver again on the same port and waits for {@code /readyz}. */
  public void startApiServer() {
    script("start-apiserver");
  }

  /** A fabric8 client for a kubeconfig file. */
  public static KubernetesClient clientFor(Path kubeconfig) {
    try {
      String content = Files.readString(kubeconfig, StandardCharsets.UTF_8);
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(content)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each process of the control plane and its resident memory now, as the script prints it. */
  public String status() {
    return script("status").strip();
  }

  /**
   * Stops the processes and removes their folder: etcd preallocates about 64 MB of log, which would
   * pile up in /tmp over many test runs on one machine.
   */
  private void stop() {
    admin.close();
    script("stop");
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }

  /** Runs one verb of the script for this control plane's folder and returns what it printed. */
  private String script(String verb) {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(root.resolve("scripts/control-plane.sh").toString());
    command.add(verb);
    command.add("--dir");
    command.add(dir.toString());
    Path log = dir.resolve("script-" + verb + ".log");
    try {
      Files.createDirectories(dir);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("control-plane.sh " + verb + " timed out; see " + log);
      }
      String printed = Files.readString(log);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("control-plane.sh " + verb + " failed:\n" + printed);
      }
      return printed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
