package dev.slipway.sandbox.kube;

import io.fabric8.kubernetes.client.utils.Utils;
import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the uids the embedded API hands out unique across runs. fabric8's mock server numbers them
 * from a counter that starts afresh in every process, so a sandbox started again would give new
 * objects the uids of earlier ones; Slipway records uids as proof of ownership (ledgers, tags), and
 * a repeated uid would make a new object look like the owner of an old one's leftovers. Starting
 * the counter at a random 62-bit value keeps uids unique, as a real API server's are.
 */
final class UniqueUids {
  private static volatile boolean done;

  private UniqueUids() {}

  static synchronized void ensure() {
    if (done) return;
    try {
      Field field = Utils.class.getDeclaredField("leastSigBits");
      field.setAccessible(true);
      AtomicLong counter = (AtomicLong) field.get(null);
      long start = new SecureRandom().nextLong() >>> 2;
      counter.accumulateAndGet(start, Math::max);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot make the embedded API's uids unique across runs (fabric8 "
              + "Utils.leastSigBits): "
              + e,
          e);
    }
    done = true;
  }
}
