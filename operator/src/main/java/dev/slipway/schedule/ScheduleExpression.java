package dev.slipway.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An EventBridge Scheduler schedule expression: {@code cron(...)}, {@code rate(...)} or {@code
 * at(...)}, parsed once and asked when it fires. Evaluation is a pure function of the expression,
 * the instant and the time zone, so the operator, the simulator and a restarted process agree on
 * every slot.
 */
public sealed interface ScheduleExpression permits CronExpression, RateExpression, AtExpression {
  /** AWS's limit on ScheduleExpression. */
  int MAX_LENGTH = 256;

  /** Parses an expression as AWS documents it, or says what is wrong with it. */
  static ScheduleExpression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidScheduleException(
          "schedule expression is required: cron(...), rate(...) or at(...)");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidScheduleException(
          "schedule expression is longer than " + MAX_LENGTH + " characters");
    }
    if (text.startsWith("cron(")) return CronParser.parse(text);
    if (text.startsWith("rate(")) return RateExpression.parse(text);
    if (text.startsWith("at(")) return AtExpression.parse(text);
    throw new InvalidScheduleException(
        "schedule expression must be cron(...), rate(...) or at(...), got \"" + text + "\"");
  }

  /** The expression as written. */
  String text();

  /**
   * The first invocation strictly after {@code after} when evaluated in {@code zone}, or empty when
   * the expression never fires again.
   */
  Optional<Instant> next(Instant after, ZoneId zone);

  /** Every invocation in ({@code after}, {@code until}], in order. */
  default List<Instant> slotsBetween(Instant after, Instant until, ZoneId zone) {
    List<Instant> slots = new ArrayList<>();
    Optional<Instant> slot = next(after, zone);
    while (slot.isPresent() && !slot.get().isAfter(until)) {
      slots.add(slot.get());
      slot = next(slot.get(), zone);
    }
    return slots;
  }
}
