package dev.slipway.aws.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.aws.ElbPort;
import dev.slipway.sandbox.sim.FaultRule;
import dev.slipway.sandbox.sim.Inventory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slot allocator as a release's preview and header rules on a production listener will use it:
 * several priorities per owner, in a narrow range, among rules it does not own.
 */
class OwnedSlotsTest {
  private static final SlotRange RANGE = new SlotRange(10, 20);
  private static final AwsOwner PREVIEW = new AwsOwner("prod/web/preview", "uid-web");
  private static final AwsOwner OTHER = new AwsOwner("prod/api/preview", "uid-api");

  private final SlotsWorld w = new SlotsWorld();
  private final ElbPort elb = w.elb(w.sim);
  private final OwnedSlots slots = w.rules(elb);

  private List<Slot> claim(AwsOwner owner, int count) {
    return slots.claim(w.listener, RANGE, owner, count, w.previewRule(elb, "web.example.com"));
  }

  private static List<Integer> numbers(List<Slot> slots) {
    return slots.stream().map(Slot::number).toList();
  }

  private List<Integer> priorities() {
    return w.rules().stream().map(Inventory.RuleInfo::priority).sorted().toList();
  }

  @Test
  void aClaimTakesTheLowestFreePrioritiesOfTheRangeAroundEveryoneElsesRules() {
    w.foreignRule(10, List.of());
    w.foreignRule(12, OwnerTags.of(OTHER));
    w.foreignRule(5, List.of());

    List<Slot> got = claim(PREVIEW, 3);

    assertThat(numbers(got)).containsExactly(11, 13, 14);
    assertThat(got)
        .allSatisfy(
            s ->
                assertThat(w.tagsOf(s.arn()))
                    .containsEntry(OwnerTags.OWNER, PREVIEW.key())
                    .containsEntry(OwnerTags.OWNER_UID, PREVIEW.uid())
                    .containsEntry(OwnerTags.MANAGED_BY, "slipway"));
    assertThat(slots.find(w.listener, PREVIEW)).isEqualTo(got);
  }

  @Test
  void claimingAgainReturnsTheSameSlotsAndWritesNothing() {
    List<Slot> first = claim(PREVIEW, 2);
    long creates = w.calls("CreateRule");
    long deletes = w.calls("DeleteRule");

    OwnedSlots restarted = w.rules(w.elb(w.sim));
    List<Slot> again =
        restarted.claim(w.listener, RANGE, PREVIEW, 2, w.previewRule(elb, "web.example.com"));

    assertThat(again).isEqualTo(first);
    assertThat(w.calls("CreateRule")).isEqualTo(creates);
    assertThat(w.calls("DeleteRule")).isEqualTo(deletes);
  }

  @Test
  void aClaimGrowsByCreatingOnlyWhatIsMissingAndShrinksFromTheHighest() {
    List<Slot> one = claim(PREVIEW, 1);
    List<Slot> three = claim(PREVIEW, 3);
    assertThat(three).startsWith(one.get(0)).hasSize(3);

    List<Slot> two = claim(PREVIEW, 2);
    assertThat(two).isEqualTo(three.subList(0, 2));
    assertThat(priorities()).containsExactly(10, 11);
  }

  @Test
  void aClaimThatCrashedAfterItsFirstCreateIsFinishedNotRepeated() {
    OwnedSlots.Creator rule = w.previewRule(elb, "web.example.com");
    OwnedSlots.Creator diesAfterOne =
        (priority, tags) -> {
          rule.create(priority, tags);
          throw new ProcessDied();
        };
    assertThatThrownBy(() -> slots.claim(w.listener, RANGE, PREVIEW, 3, diesAfterOne))
        .isInstanceOf(ProcessDied.class);
    assertThat(priorities()).containsExactly(10);

    assertThat(numbers(claim(PREVIEW, 3))).containsExactly(10, 11, 12);
    assertThat(w.rules()).hasSize(3);
  }

  @Test
  void createsWhoseAnswersAreLostAreFoundByTagNotMadeTwice() {
    // Every CreateRule takes effect and then answers 500; the SDK-level retry meets our own rule.
    w.sim.faults().set("CreateRule", FaultRule.lostResponses(1.0));
    List<Slot> got = claim(PREVIEW, 2);
    w.sim.faults().clear();
    assertThat(numbers(got)).containsExactly(10, 11);
    assertThat(w.rules()).hasSize(2);
  }

  @Test
  void twoRulesLeftByRacingClaimsOfOneOwnerSettleOnTheLowest() {
    w.foreignRule(15, OwnerTags.of(PREVIEW));
    w.foreignRule(12, OwnerTags.of(PREVIEW));
    assertThat(numbers(claim(PREVIEW, 1))).containsExactly(12);
    assertThat(priorities()).containsExactly(12);
  }

  @Test
  void aFullRangeRefusesBeforeCreatingAndKeepsWhatTheOwnerHeld() {
    SlotRange three = new SlotRange(10, 12);
    w.foreignRule(10, List.of());
    OwnedSlots.Creator rule = w.previewRule(elb, "web.example.com");
    assertThat(numbers(slots.claim(w.listener, three, PREVIEW, 1, rule))).containsExactly(11);
    long creates = w.calls("CreateRule");

    assertThatThrownBy(() -> slots.claim(w.listener, three, PREVIEW, 3, rule))
        .isInstanceOfSatisfying(
            SlotsExhaustedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SlotsExhaustedException.Reason.RANGE_FULL);
              assertThat(e.usedInRange()).isEqualTo(2);
              assertThat(e.range()).isEqualTo(three);
            })
        .hasMessageContaining("no room for 2 more rule priorities in range 10-12");
    assertThat(w.calls("CreateRule")).isEqualTo(creates);
    assertThat(priorities()).containsExactly(10, 11);
    assertThat(slots.hasRoom(w.listener, three, List.of(PREVIEW), 2)).isTrue();
    assertThat(slots.hasRoom(w.listener, three, List.of(PREVIEW, OTHER), 1)).isTrue();
    assertThat(slots.hasRoom(w.listener, three, List.of(PREVIEW, OTHER), 2)).isFalse();
  }

  @Test
  void aListenerAtAwssRuleLimitIsATypedErrorAndKeepsWhatWasMade() {
    for (int p = 100; p < 199; p++) w.foreignRule(p, List.of());
    assertThatThrownBy(() -> claim(PREVIEW, 2))
        .isInstanceOfSatisfying(
            SlotsExhaustedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SlotsExhaustedException.Reason.SCOPE_LIMIT);
              assertThat(e.resources()).isEqualTo(100);
            })
        .hasMessageContaining("TooManyRules");
    assertThat(slots.find(w.listener, PREVIEW)).extracting(Slot::number).containsExactly(10);
  }

  @Test
  void claimersThatKeepLosingTheRaceGiveUpWithoutTakingAnything() {
    OwnedSlots.Creator alwaysTaken =
        (priority, tags) -> {
          throw ElbFaults.aws(400, "PriorityInUse");
        };
    assertThatThrownBy(() -> slots.claim(w.listener, RANGE, PREVIEW, 1, alwaysTaken))
        .isInstanceOf(SlotContentionException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after " + OwnedSlots.MAX_ATTEMPTS + " attempts");
    assertThat(w.rules()).isEmpty();
  }

  @Test
  void releaseAndFindTouchOnlyWhatTheTagsProveTheOwnersOwn() {
    AwsOwner reborn = new AwsOwner(PREVIEW.key(), "uid-new");
    String other = w.foreignRule(10, OwnerTags.of(OTHER));
    String unmanaged = w.foreignRule(11, List.of());
    List<Slot> mine = claim(PREVIEW, 2);

    assertThat(slots.find(w.listener, reborn)).isEmpty();
    slots.release(w.listener, reborn);
    assertThat(w.rules()).hasSize(4);

    slots.release(w.listener, PREVIEW);
    slots.release(w.listener, PREVIEW);
    assertThat(w.rules()).extracting(Inventory.RuleInfo::arn).containsExactly(other, unmanaged);
    assertThat(slots.find(w.listener, PREVIEW)).isEmpty();
    assertThat(mine).hasSize(2);
  }

  @Test
  void aClaimIsForAtLeastOneSlot() {
    assertThatThrownBy(() -> claim(PREVIEW, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listenerPortsAreAllocatedTheSameWay() {
    OwnedSlots ports = OwnedSlots.listenerPorts(elb, w.target);
    SlotRange range = new SlotRange(8000, 8009);
    OwnedSlots.Creator listener =
        (port, tags) -> elb.createListener(w.target, w.lb, port, w.green, tags);
    List<Slot> got = ports.claim(w.lb, range, PREVIEW, 2, listener);
    assertThat(numbers(got)).containsExactly(8000, 8001);
    assertThat(ports.claim(w.lb, range, PREVIEW, 2, listener)).isEqualTo(got);
    ports.release(w.lb, PREVIEW);
    assertThat(w.sim.inventory(SlotsWorld.ACCOUNT, SlotsWorld.REGION).listeners())
        .extracting(Inventory.ListenerInfo::port)
        .containsExactly(443);
  }

  /** The operator process dying in the middle of a claim. */
  private static final class ProcessDied extends RuntimeException {}
}
