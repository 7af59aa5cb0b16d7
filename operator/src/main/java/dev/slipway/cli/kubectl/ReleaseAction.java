package dev.slipway.cli.kubectl;

import dev.slipway.release.ReleaseAnnotations;
import dev.slipway.release.ServiceReleaseReconciler;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What promote, abort and retry set, and when each makes sense. The phases are compared by name, so
 * phases a newer operator adds (AwaitingPromotion, Baking) need no change here. The check is for
 * the person at the terminal; the operator still decides what an annotation does.
 */
public enum ReleaseAction {
  PROMOTE(
      ReleaseAnnotations.PROMOTE_ANNOTATION,
      List.of("AwaitingPromotion"),
      "is not awaiting promotion"),
  ABORT(
      ReleaseAnnotations.ABORT_ANNOTATION,
      List.of("Progressing", "AwaitingPromotion", "Baking"),
      "has no rollout in progress to abort"),
  RETRY(
      ServiceReleaseReconciler.RETRY_ANNOTATION,
      List.of("Failed", "RolledBack"),
      "has no failed release to retry");

  /** Tokens sort and read as times: RFC 3339, UTC, with milliseconds. */
  private static final DateTimeFormatter TOKEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private final String annotation;
  private final List<String> phases;
  private final String notApplicable;

  ReleaseAction(String annotation, List<String> phases, String notApplicable) {
    this.annotation = annotation;
    this.phases = phases;
    this.notApplicable = notApplicable;
  }

  public String annotation() {
    return annotation;
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
            + name().toLowerCase(java.util.Locale.ROOT)
            + " applies in phase "
            + either(phases)
            + ". --force sets "
            + annotation
            + " anyway.");
  }

  /** {@code a}, {@code a or b}, {@code a, b or c}. */
  private static String either(List<String> words) {
    if (words.size() == 1) return words.get(0);
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or "
        + words.get(words.size() - 1);
  }
}
