package dev.slipway.release;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Edits that tests make while the operator writes the same object's status: the API answers 409 to
 * a write from an older copy, as kube-apiserver does, and the edit is made again on a fresh one.
 */
public final class StaleCopies {
  private static final int ATTEMPTS = 10;

  private StaleCopies() {}

  /** The result of {@code edit}, run again while the API refuses it as based on a stale copy. */
  public static <T> T retrying(Supplier<T> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return edit.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) throw e;
      }
    }
  }
}
