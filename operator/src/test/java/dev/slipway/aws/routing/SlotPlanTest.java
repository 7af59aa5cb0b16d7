package dev.slipway.aws.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.aws.routing.SlotPlan.AfterFailure;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure half of the slot allocator: what one look at a scope says about a claim. */
class SlotPlanTest {
  private static final SlotRange RANGE = new SlotRange(10, 14);
  private static final List<Integer> RANGE_NUMBERS = List.of(10, 11, 12, 13, 14);

  private static Slot slot(String arn, int number) {
    return new Slot(arn, number);
  }

  @Test
  void theOwnerKeepsItsLowestSlotsAndTheRestIsSurplusWhoeverMadeThem() {
    List<Slot> all = List.of(slot("a", 13), slot("x", 10), slot("b", 11), slot("c", 12));
    SlotPlan.Holding one = SlotPlan.holding(all, Set.of("a", "b", "c"), 1);
    assertThat(one.kept()).containsExactly(slot("b", 11));
    assertThat(one.surplus()).containsExactly(slot("c", 12), slot("a", 13));
    assertThat(one.missing(1)).isZero();

    SlotPlan.Holding two = SlotPlan.holding(all, Set.of("a", "b", "c"), 2);
    assertThat(two.kept()).containsExactly(slot("b", 11), slot("c", 12));
    assertThat(two.surplus()).containsExactly(slot("a", 13));
  }

  @Test
  void anOwnerShortOfItsCountHasNoSurplusAndSaysWhatItLacks() {
    List<Slot> all = List.of(slot("x", 10), slot("a", 40));
    SlotPlan.Holding h = SlotPlan.holding(all, Set.of("a"), 3);
    // A slot outside the range (the range was narrowed since) still counts as held.
    assertThat(h.kept()).containsExactly(slot("a", 40));
    assertThat(h.surplus()).isEmpty();
    assertThat(h.missing(3)).isEqualTo(2);
    assertThat(SlotPlan.holding(all, Set.of(), 1).missing(1)).isEqualTo(1);
  }

  @Test
  void freeNumbersAreTheLowestOfTheRangeNobodyHolds() {
    List<Slot> all = List.of(slot("x", 10), slot("y", 12), slot("z", 99));
    assertThat(SlotPlan.lowestFree(all, RANGE, 64)).containsExactly(11, 13, 14);
    assertThat(SlotPlan.lowestFree(all, RANGE, 2)).containsExactly(11, 13);
    assertThat(SlotPlan.freeCount(all, RANGE)).isEqualTo(3);
    assertThat(SlotPlan.usedInRange(all, RANGE)).isEqualTo(2);
  }

  @Test
  void aFullRangeHasNoFreeNumber() {
    List<Slot> all = RANGE_NUMBERS.stream().map(n -> slot("r" + n, n)).toList();
    assertThat(SlotPlan.lowestFree(all, RANGE, 64)).isEmpty();
    assertThat(SlotPlan.freeCount(all, RANGE)).isZero();
  }

  @Test
  void theWidestRangeIsCheapToSearch() {
    List<Slot> all = List.of(slot("a", 1), slot("b", 2));
    assertThat(SlotPlan.lowestFree(all, OwnedSlots.ALL_RULE_PRIORITIES, SlotPlan.CANDIDATES))
        .hasSize(SlotPlan.CANDIDATES)
        .startsWith(3, 4, 5);
    assertThat(SlotPlan.CANDIDATES).isGreaterThan(OwnedSlots.MAX_ATTEMPTS);
  }

  @Test
  void aFirstTryTakesTheLowestAndLostRacesSpreadOverTheLowestFew() {
    List<Integer> free = List.of(3, 5, 8, 13, 21);
    Random random = new Random(7);
    assertThat(Candidates.pick(free, 0, random)).isEqualTo(3);
    for (int i = 0; i < 50; i++) assertThat(Candidates.pick(free, 2, random)).isIn(3, 5, 8);
    assertThat(Candidates.pick(List.of(4), 9, random)).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    "RULE_PRIORITIES, 400, PriorityInUse, LOST_RACE",
    "RULE_PRIORITIES, 400, TooManyRules, SCOPE_FULL",
    "RULE_PRIORITIES, 400, DuplicateListener, FAIL",
    "LISTENER_PORTS, 400, DuplicateListener, LOST_RACE",
    "LISTENER_PORTS, 400, TooManyListeners, SCOPE_FULL",
    "LISTENER_PORTS, 400, PriorityInUse, FAIL",
    "LISTENER_PORTS, 500, InternalFailure, LOOK_AGAIN",
    "RULE_PRIORITIES, 503, ServiceUnavailable, LOOK_AGAIN",
    "RULE_PRIORITIES, 400, Throttling, LOOK_AGAIN",
    "RULE_PRIORITIES, 400, ValidationError, FAIL",
  })
  void aFailedCreateIsJudgedByItsErrorCode(
      SlotKind kind, int status, String code, AfterFailure expected) {
    assertThat(SlotPlan.afterFailure(kind, ElbFaults.aws(status, code))).isEqualTo(expected);
  }

  @Test
  void anythingButAnAwsAnswerIsNotTheAllocatorsToHandle() {
    assertThat(SlotPlan.afterFailure(SlotKind.RULE_PRIORITIES, new IllegalStateException("bug")))
        .isEqualTo(AfterFailure.FAIL);
  }

  @Test
  void rangesAreInclusiveAndStartAtOne() {
    assertThat(new SlotRange(3, 3).size()).isEqualTo(1);
    assertThat(new SlotRange(3, 5)).hasToString("3-5");
    assertThatThrownBy(() -> new SlotRange(0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SlotRange(6, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
