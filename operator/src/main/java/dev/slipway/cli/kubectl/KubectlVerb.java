package dev.slipway.cli.kubectl;

import dev.slipway.cli.KubectlCommand;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code kubectl slipway} verb shares: arguments checked before the cluster is asked
 * (usage errors exit 2), one connection, and every failure turned into a one-line message and its
 * exit code.
 */
abstract class KubectlVerb implements Callable<Integer> {
  @ParentCommand KubectlCommand group;
  @Spec CommandSpec spec;

  /** The object the arguments name; a usage error when they do not make sense. */
  abstract ObjectRef target();

  /** Does the verb's work; throws {@link KubectlFailure} to refuse. */
  abstract int run(ObjectRef ref, Cluster cluster);

  @Override
  public final Integer call() {
    ObjectRef ref;
    try {
      ref = target();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Cluster cluster;
    try {
      cluster = Cluster.connect(group.clusterOptions());
    } catch (KubectlFailure f) {
      return fail(f);
    }
    try (cluster) {
      return run(ref, cluster);
    } catch (KubectlFailure f) {
      return fail(f);
    } catch (KubernetesClientException e) {
      return fail(KubectlFailure.of(e, cluster.server()));
    }
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private int fail(KubectlFailure f) {
    err().println("error: " + f.getMessage());
    err().flush();
    return f.exitCode();
  }
}
