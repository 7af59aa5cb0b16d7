package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTask;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The AWS-side names of one ScheduledTask, derived so that a restarted operator finds again what it
 * created: the schedule's name, the task group its runs carry, and a run's startedBy per slot.
 */
final class BatchNames {
  /** What the schedule's description starts with; the resource's uid follows as proof. */
  static final String DESCRIPTION_PREFIX = "Managed by Slipway for ScheduledTask ";

  private BatchNames() {}

  /** The EventBridge schedule name: at most 64 of [0-9a-zA-Z-_.], readable, unique per resource. */
  static String schedule(ScheduledTask st) {
    String readable = "slipway-" + safe(namespace(st)) + "." + safe(st.getMetadata().getName());
    return truncate(readable, 64 - 9)
        + "-"
        + hash(namespace(st) + "/" + st.getMetadata().getName(), 8);
  }

  /**
   * The ECS task group of every run, whoever starts it: how runs the scheduler started are told
   * apart from the family's other tasks.
   */
  static String group(ScheduledTask st) {
    String id = namespace(st) + "/" + st.getMetadata().getName();
    return "slipway-batch:" + truncate(safe(st.getMetadata().getName()), 200) + "." + hash(id, 8);
  }

  /**
   * The startedBy of the run for {@code slot} (engine Operator): the same slot always gives the
   * same value, so a restarted operator finds the task it started; at most 36 characters as ECS
   * allows.
   */
  static String startedBy(ScheduledTask st, Instant slot) {
    return "st-" + hash(st.getMetadata().getUid() + "@" + slot, 32);
  }

  /** The startedBy of the run a slipway.dev/run-now value asks for: one run per value. */
  static String runNowStartedBy(ScheduledTask st, String token) {
    return "st-" + hash(st.getMetadata().getUid() + "#run-now:" + token, 32);
  }

  /** The schedule's description: who owns it, with the uid as proof of ownership. */
  static String description(ScheduledTask st) {
    return DESCRIPTION_PREFIX
        + namespace(st)
        + "/"
        + st.getMetadata().getName()
        + " (uid "
        + st.getMetadata().getUid()
        + "); edits are overwritten.";
  }

  /** Whether a schedule's description proves it is this resource's. */
  static boolean owns(ScheduledTask st, String description) {
    return description != null
        && description.startsWith(DESCRIPTION_PREFIX)
        && description.contains("(uid " + st.getMetadata().getUid() + ")");
  }

  private static String namespace(ScheduledTask st) {
    String ns = st.getMetadata().getNamespace();
    return ns == null ? "default" : ns;
  }

  private static String safe(String s) {
    return s.replaceAll("[^0-9A-Za-z_.-]", "-");
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static String hash(String s, int hexChars) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
