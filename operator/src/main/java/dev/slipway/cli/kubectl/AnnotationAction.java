package dev.slipway.cli.kubectl;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.release.ReleaseAnnotations;
import dev.slipway.release.ServiceReleaseReconciler;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What promote, abort, retry and run set, on which kind, and when each makes sense. The phases are
 * compared by name, so phases a newer operator adds (AwaitingPromotion, Baking) need no change
 * here. The check is for the person at the terminal; the operator still decides what an annotation
 * does.
 */
public enum AnnotationAction {
  PROMOTE(
      "promote",
      ObjectKind.SERVICE_RELEASE,
      ReleaseAnnotations.PROMOTE_ANNOTATION,
      "/progressive/promoteAcknowledged",
      List.of("AwaitingPromotion"),
      "is not awaiting promotion"),
  ABORT(
      "abort",
      ObjectKind.SERVICE_RELEASE,
      ReleaseAnnotations.ABORT_ANNOTATION,
      "/progressive/abortAcknowledged",
      List.of("Progressing", "AwaitingPromotion", "Baking"),
      "has no rollout in progress to abort"),
  RETRY(
      "retry",
      ObjectKind.SERVICE_RELEASE,
      ServiceReleaseReconciler.RETRY_ANNOTATION,
      "/retryAcknowledged",
      List.of("Failed", "RolledBack"),
      "has no failed release to retry"),
  /**
   * The phases in which the operator reaches its run-now step; in the others (Pending, Invalid,
   * Failed) the value would wait unacknowledged and start a run whenever the batch is fixed.
   */
  RUN_NOW(
      "run",
      ObjectKind.SCHEDULED_TASK,
      ScheduledTask.RUN_NOW_ANNOTATION,
      "/runNowAcknowledged",
      List.of("Scheduled", "Suspended", "Sleeping"),
      "cannot start a run now");

  /** Tokens sort and read as times: RFC 3339, UTC, with milliseconds. */
  private static final DateTimeFormatter TOKEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private final String verb;
  private final ObjectKind kind;
  private final String annotation;
  private final String acknowledged;
  private final List<String> phases;
  private final String notApplicable;

  AnnotationAction(
      String verb,
      ObjectKind kind,
      String annotation,
      String acknowledged,
      List<String> phases,
      String notApplicable) {
    this.verb = verb;
    this.kind = kind;
    this.annotation = annotation;
    this.acknowledged = acknowledged;
    this.phases = phases;
    this.notApplicable = notApplicable;
  }

  /** The verb that sets it, e.g. {@code run}. */
  public String verb() {
    return verb;
  }

  /** The kind the annotation is meant for. */
  public ObjectKind kind() {
    return kind;
  }

  public String annotation() {
    return annotation;
  }

  /** Where in status (a JSON pointer) the operator keeps the last value it acted on. */
  public String acknowledged() {
    return acknowledged;
  }

  /** The phases in which the operator acts on this annotation. */
  public List<String> phases() {
    return phases;
  }

  /** A fresh value: the current time, which differs from any the operator already acted on. */
  public static String token(Clock clock) {
    return TOKEN.format(clock.instant());
  }

  /**
   * Why setting {@code token} on {@code ref} would do nothing, or empty when it should be set.
   * {@code force} overrides the phase, never a repeated value: the operator ignores a value it has
   * seen.
   */
  public Optional<String> refusal(
      ObjectRef ref, String phase, String current, String token, boolean force) {
    if (Objects.equals(current, token)) {
      return Optional.of(
          ref
              + " already has "
              + annotation
              + "="
              + token
              + "; the operator acts only on a new value (leave out --token for a fresh one)");
    }
    if (force || (phase != null && phases.contains(phase))) return Optional.empty();
    String now = phase == null ? "no phase yet: the operator has not reported on it" : phase;
    return Optional.of(
        ref
            + " "
            + notApplicable
            + " ("
            + now
            + "); "
            + verb
            + " applies in phase "
            + either(phases)
            + ". --force sets "
            + annotation
            + " anyway.");
  }

  /** {@code a}, {@code a or b}, {@code a, b or c}. */
  static String either(List<String> words) {
    if (words.size() == 1) return words.get(0);
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or "
        + words.get(words.size() - 1);
  }
}
