package dev.slipway.notifications;

import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationRecord;
import dev.slipway.api.v1alpha1.NotificationSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.status.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bookkeeping of announced events in a release's status (pure): finding an event already
 * announced for a release attempt, adding one within the bound, and the NotificationsDegraded
 * condition, which follows each configured notifier's latest finished delivery.
 */
public final class NotificationLedger {
  /**
   * Records kept: two attempts' worth of every event, and only the current one is ever looked up.
   */
  public static final int LIMIT = 12;

  public static final String CONDITION = "NotificationsDegraded";

  static final String PENDING = "Pending";
  static final String DELIVERED = "Delivered";
  static final String FAILED = "Failed";
  static final String EXPIRED = "Expired";

  private NotificationLedger() {}

  /** The record of {@code event} for the attempt (spec hash, retry token), if announced. */
  public static Optional<NotificationRecord> find(
      ServiceReleaseStatus status, DeployEvent event, String specHash, String retry) {
    return status.notifications.stream()
        .filter(
            r ->
                r.event == event
                    && Objects.equals(r.specHash, specHash)
                    && Objects.equals(r.retry, retry))
        .findFirst();
  }

  /**
   * Folds records of the same event into the first, keeping each notifier's most advanced state.
   * Status is written as a JSON patch against the copy a pass read; a pass that read an older copy
   * can insert a record that is already there (see {@link NotifierSettings}), and the next pass
   * undoes it here.
   */
  static void collapseDuplicates(ServiceReleaseStatus status) {
    List<NotificationRecord> kept = new ArrayList<>();
    for (NotificationRecord r : status.notifications) {
      Optional<NotificationRecord> first =
          kept.stream()
              .filter(
                  k ->
                      k.event == r.event
                          && Objects.equals(k.specHash, r.specHash)
                          && Objects.equals(k.retry, r.retry))
              .findFirst();
      if (first.isPresent()) absorb(first.get(), r);
      else kept.add(r);
    }
    if (kept.size() < status.notifications.size()) {
      status.notifications.clear();
      status.notifications.addAll(kept);
    }
  }

  /** A delivery still Pending in {@code into} takes the finished state {@code from} has. */
  private static void absorb(NotificationRecord into, NotificationRecord from) {
    for (NotificationRecord.Delivery d : from.deliveries) {
      if (PENDING.equals(d.state)) continue;
      into.deliveries.stream()
          .filter(k -> k.notifier.equals(d.notifier) && PENDING.equals(k.state))
          .forEach(
              k -> {
                k.state = d.state;
                k.attempts = d.attempts;
                k.error = d.error;
                k.finishedAt = d.finishedAt;
              });
    }
  }

  /** Adds {@code record} as the newest and drops the oldest beyond {@link #LIMIT}. */
  static void add(ServiceReleaseStatus status, NotificationRecord record) {
    status.notifications.add(0, record);
    while (status.notifications.size() > LIMIT) {
      status.notifications.remove(status.notifications.size() - 1);
    }
  }

  /**
   * Sets NotificationsDegraded: True naming each configured notifier whose latest finished delivery
   * failed, and its error; False otherwise; removed when no notifier is configured. A notifier that
   * delivers again clears its failure.
   */
  static void setCondition(
      ServiceReleaseStatus status, List<NotificationSpec> notifiers, Long generation, Instant now) {
    if (notifiers == null || notifiers.isEmpty()) {
      status.conditions.removeIf(c -> CONDITION.equals(c.getType()));
      return;
    }
    List<String> failures = failures(status, notifiers);
    Conditions.set(
        status.conditions,
        CONDITION,
        !failures.isEmpty(),
        failures.isEmpty() ? "AsExpected" : "NotificationFailed",
        String.join("; ", failures),
        generation,
        now);
  }

  /** "name (type): Event not delivered after N attempts: error" per failing notifier. */
  static List<String> failures(ServiceReleaseStatus status, List<NotificationSpec> notifiers) {
    List<String> failures = new ArrayList<>();
    for (NotificationSpec n : notifiers) {
      latestFinished(status, n.name)
          .filter(f -> FAILED.equals(f.delivery().state))
          .ifPresent(
              f ->
                  failures.add(
                      n.name
                          + " ("
                          + f.delivery().type
                          + "): "
                          + f.record().event
                          + " not delivered after "
                          + f.delivery().attempts
                          + " attempt(s): "
                          + f.delivery().error));
    }
    return failures;
  }

  /** A delivery and the event it belongs to. */
  private record Found(NotificationRecord record, NotificationRecord.Delivery delivery) {}

  private static Optional<Found> latestFinished(ServiceReleaseStatus status, String notifier) {
    Found latest = null;
    for (NotificationRecord r : status.notifications) {
      for (NotificationRecord.Delivery d : r.deliveries) {
        if (!notifier.equals(d.notifier) || d.finishedAt == null) continue;
        if (!DELIVERED.equals(d.state) && !FAILED.equals(d.state)) continue;
        // Parsed: Instant.toString leaves out zero fractions, so the texts do not sort by time.
        if (latest == null
            || Instant.parse(d.finishedAt).isAfter(Instant.parse(latest.delivery().finishedAt))) {
          latest = new Found(r, d);
        }
      }
    }
    return Optional.ofNullable(latest);
  }
}
