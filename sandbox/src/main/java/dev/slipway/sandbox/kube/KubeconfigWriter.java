package dev.slipway.sandbox.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a kubeconfig that points kubectl at the embedded API server over plain HTTP. */
final class KubeconfigWriter {
  static final String CONTEXT = "slipway-sandbox";

  private KubeconfigWriter() {}

  static Path write(Path file, String serverUrl) {
    // Plain HTTP and no credentials: the server only listens on loopback.
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        preferences: {}
        """
            .formatted(CONTEXT, serverUrl);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // Whole or not at all: a script polling for the file must not read half of it.
      Path partial = Files.createTempFile(parent, ".kubeconfig", ".tmp");
      Files.writeString(partial, yaml);
      return Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }
}
