package dev.slipway.aws.routing;

import dev.slipway.aws.AwsErrors;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The pure half of {@link OwnedSlots}: what one look at a scope says about an owner's claim. */
final class SlotPlan {
  /**
   * How many of the lowest free numbers a claim chooses among at most. {@link Candidates} spreads
   * over one more than the lost races, which stay below {@link OwnedSlots#MAX_ATTEMPTS}.
   */
  static final int CANDIDATES = 64;

  private SlotPlan() {}

  /** The owner's slots: the lowest {@code count} it keeps, and the surplus racing claims left. */
  record Holding(List<Slot> kept, List<Slot> surplus) {
    /** How many more slots the owner needs to hold {@code count}. */
    int missing(int count) {
      return count - kept.size();
    }
  }

  /**
   * Splits the owner's slots (those whose ARN is in {@code owned}) into the lowest {@code count}
   * and the rest. Lowest-wins is what lets racing replicas converge: each of them sees the same
   * order and deletes the same surplus, whichever of them created it.
   */
  static Holding holding(List<Slot> all, Set<String> owned, int count) {
    List<Slot> mine =
        all.stream()
            .filter(s -> owned.contains(s.arn()))
            .sorted(Comparator.comparingInt(Slot::number))
            .toList();
    int keep = Math.min(count, mine.size());
    return new Holding(mine.subList(0, keep), mine.subList(keep, mine.size()));
  }

  /** The lowest numbers of the range no resource holds, at most {@code limit}, ascending. */
  static List<Integer> lowestFree(List<Slot> all, SlotRange range, int limit) {
    Set<Integer> used = used(all);
    return IntStream.rangeClosed(range.from(), range.to())
        .filter(n -> !used.contains(n))
        .limit(limit)
        .boxed()
        .toList();
  }

  /** How many numbers of the range no resource holds. */
  static int freeCount(List<Slot> all, SlotRange range) {
    return range.size() - usedInRange(all, range);
  }

  /** How many numbers of the range some resource (anyone's) holds. */
  static int usedInRange(List<Slot> all, SlotRange range) {
    return (int) used(all).stream().filter(range::contains).count();
  }

  /** What a create that threw means for the claim. */
  enum AfterFailure {
    /** Someone (maybe our own lost earlier attempt) holds the number: look again, spread wider. */
    LOST_RACE,
    /** AWS did not say (a 5xx after retries): the create may have happened, so look again. */
    LOOK_AGAIN,
    /** AWS refuses more resources in the scope: no number of attempts helps. */
    SCOPE_FULL,
    /** Anything else is not the allocator's to handle. */
    FAIL
  }

  /**
   * Classifies a failed create. CreateRule and CreateListener are not idempotent: a retry after a
   * lost response meets our own resource and gets the conflict code, so a conflict, like an
   * unanswered 5xx, only means "look again" and the owner lookup then tells which it was.
   */
  static AfterFailure afterFailure(SlotKind kind, RuntimeException e) {
    String code = AwsErrors.errorCode(e);
    if (kind.limitCode.equals(code)) return AfterFailure.SCOPE_FULL;
    if (kind.conflictCode.equals(code)) return AfterFailure.LOST_RACE;
    return AwsErrors.isRetryable(e) ? AfterFailure.LOOK_AGAIN : AfterFailure.FAIL;
  }

  private static Set<Integer> used(List<Slot> all) {
    return all.stream().map(Slot::number).collect(Collectors.toSet());
  }
}
