package dev.slipway.aws.routing;

import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * Allocates numbered slots to owners, with AWS as the only record: the ports of a load balancer's
 * listeners, or the priorities of a listener's rules. AWS keeps a number unique within its scope
 * (load balancer or listener), so the resource that holds a number is the claim on it; the owner
 * tags ({@link OwnerTags}) written by the creating call say whose claim it is. Every call re-reads
 * the scope and the tags, so a restarted operator and racing replicas agree without any memory.
 *
 * <p>The contract, for every caller (branch environments' listeners and host rules, a release's
 * preview and header rules on a production listener, …):
 *
 * <ul>
 *   <li><b>Ownership is proven by tags, nothing else.</b> A slot is the owner's when its tags carry
 *       the owner's key and uid ({@link OwnerTags#ownedBy}); not a status field, a number or a
 *       name. A number held by anyone else (another owner, an earlier object of the same key,
 *       something Slipway did not create) is never taken, changed or deleted, only skipped.
 *   <li><b>Claims are idempotent and survive crashes.</b> An owner that already holds {@code count}
 *       slots gets them back with no write. The tags are written by the call that creates the
 *       resource, so no crash leaves one of ours untagged: whatever a crashed claim created
 *       (answered or not, one of several or all), the next claim finds by its tags and creates only
 *       what is missing. A {@link Creator} must keep this: tag in the creating call, never after.
 *   <li><b>Races converge.</b> Claimers of different owners that pick the same number: one wins,
 *       the others see the conflict and try another free number, spread among the lowest so they do
 *       not collide in lockstep. Claimers of the same owner may both create: the owner keeps its
 *       lowest {@code count} slots and whoever looks next deletes the rest.
 *   <li><b>Failure is typed.</b> {@link SlotsExhaustedException} when the range has fewer free
 *       numbers than the owner lacks ({@code RANGE_FULL}, checked before creating) or AWS refuses
 *       more resources in the scope ({@code SCOPE_LIMIT}); {@link SlotContentionException} after
 *       {@link #MAX_ATTEMPTS} lost races. Either way the look that threw created nothing and what
 *       the owner held stays held: {@link #release} it if the owner gives up.
 * </ul>
 *
 * <p>With {@code count > 1} the owner's slots are interchangeable to the allocator and come back
 * lowest first; the caller gives them meaning by position (the lowest priority is evaluated first)
 * and keeps each resource's content right itself. A caller that wants each slot to keep its
 * identity claims one slot per owner key instead ({@code <namespace>/<name>/<role>}, same uid).
 * Slots held outside the range (a range narrowed since) still count as held: nothing is moved.
 */
public final class OwnedSlots {
  /** Attempts before giving up on a contended range; the reconcile retries later. */
  public static final int MAX_ATTEMPTS = 50;

  /** Every priority AWS accepts for a listener rule. */
  public static final SlotRange ALL_RULE_PRIORITIES = new SlotRange(1, 50_000);

  /** Creates the resource that will hold one slot. */
  @FunctionalInterface
  public interface Creator {
    /**
     * Creates the resource at {@code number}, writing {@code ownerTags} in the same call. Its
     * answer is not needed (the allocator re-reads the scope), and its AWS errors are the
     * allocator's to judge: a conflict means the number was lost, a limit that the scope is full.
     */
    void create(int number, List<Tag> ownerTags);
  }

  private final SlotKind kind;
  private final ElbPort elb;
  private final AwsTarget target;
  private final Supplier<RandomGenerator> random;

  private OwnedSlots(
      SlotKind kind, ElbPort elb, AwsTarget target, Supplier<RandomGenerator> random) {
    this.kind = kind;
    this.elb = elb;
    this.target = target;
    this.random = random;
  }

  /** Listener ports; the scope is a load balancer ARN. */
  public static OwnedSlots listenerPorts(ElbPort elb, AwsTarget target) {
    return new OwnedSlots(SlotKind.LISTENER_PORTS, elb, target, ThreadLocalRandom::current);
  }

  /** Listener-rule priorities; the scope is a listener ARN. */
  public static OwnedSlots rulePriorities(ElbPort elb, AwsTarget target) {
    return new OwnedSlots(SlotKind.RULE_PRIORITIES, elb, target, ThreadLocalRandom::current);
  }

  /** The same allocator drawing its spread after lost races from {@code random}: seeded tests. */
  OwnedSlots withRandom(RandomGenerator random) {
    return new OwnedSlots(kind, elb, target, () -> random);
  }

  /**
   * The owner's {@code count} slots in the scope, lowest first: the ones it holds, plus new ones
   * created by {@code create} on the lowest free numbers of {@code range}; surplus slots of the
   * owner (left by racing claims) are deleted.
   *
   * @throws SlotsExhaustedException when the range or the scope has no room for what is missing
   * @throws SlotContentionException when other claimers kept taking the free numbers
   */
  public List<Slot> claim(
      String scope, SlotRange range, AwsOwner owner, int count, Creator create) {
    if (count < 1) throw new IllegalArgumentException("a claim is for 1 or more slots: " + count);
    int conflicts = 0;
    int held = 0;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<Slot> all = kind.list(elb, target, scope);
      SlotPlan.Holding holding = SlotPlan.holding(all, owned(owner, all), count);
      // A conflict that turns out to be our own create (its answer was lost) was no lost race.
      if (holding.kept().size() > held) conflicts = 0;
      held = holding.kept().size();
      int missing = holding.missing(count);
      if (missing == 0) {
        holding.surplus().forEach(s -> kind.delete(elb, target, s.arn()));
        return holding.kept();
      }
      if (SlotPlan.freeCount(all, range) < missing) throw rangeFull(scope, range, all, missing);
      List<Integer> free = SlotPlan.lowestFree(all, range, SlotPlan.CANDIDATES);
      int number = Candidates.pick(free, conflicts, random.get());
      conflicts = tryCreate(number, owner, create, conflicts, () -> scopeFull(scope, range, all));
    }
    throw contended(scope, range);
  }

  /**
   * One create, and how many races the claim has lost after it. Its answer is not trusted either
   * way: the next look (a racing claimer of the same owner may have created one too, a lost answer
   * may hide our own) is what settles it.
   */
  private int tryCreate(
      int number,
      AwsOwner owner,
      Creator create,
      int conflicts,
      Supplier<SlotsExhaustedException> scopeFull) {
    try {
      create.create(number, OwnerTags.of(owner));
      return 0;
    } catch (RuntimeException e) {
      return switch (SlotPlan.afterFailure(kind, e)) {
        case LOST_RACE -> conflicts + 1;
        case LOOK_AGAIN -> conflicts;
        case SCOPE_FULL -> {
          SlotsExhaustedException full = scopeFull.get();
          full.initCause(e);
          throw full;
        }
        case FAIL -> throw e;
      };
    }
  }

  /** The owner's slots in the scope, lowest first (more than one only if it claimed more). */
  public List<Slot> find(String scope, AwsOwner owner) {
    List<Slot> all = kind.list(elb, target, scope);
    return SlotPlan.holding(all, owned(owner, all), Integer.MAX_VALUE).kept();
  }

  /** Deletes every slot the owner holds in the scope; none there is fine. Idempotent. */
  public void release(String scope, AwsOwner owner) {
    List<Slot> all = kind.list(elb, target, scope);
    owned(owner, all).forEach(arn -> kind.delete(elb, target, arn));
  }

  /**
   * Whether every owner can hold {@code count} slots: the range has enough free numbers for what
   * they lack together. A read, so a full range can refuse before anything is created.
   */
  public boolean hasRoom(String scope, SlotRange range, List<AwsOwner> owners, int count) {
    List<Slot> all = kind.list(elb, target, scope);
    Map<String, Map<String, String>> tags = elb.tags(target, arns(all));
    int missing = 0;
    for (AwsOwner owner : owners) {
      Set<String> owned = OwnerTags.ownedIn(tags, owner);
      missing += Math.max(0, SlotPlan.holding(all, owned, count).missing(count));
    }
    return missing == 0 || SlotPlan.freeCount(all, range) >= missing;
  }

  private Set<String> owned(AwsOwner owner, List<Slot> all) {
    return OwnerTags.ownedAmong(elb, target, owner, arns(all));
  }

  private SlotsExhaustedException rangeFull(
      String scope, SlotRange range, List<Slot> all, int missing) {
    int used = SlotPlan.usedInRange(all, range);
    return new SlotsExhaustedException(
        SlotsExhaustedException.Reason.RANGE_FULL,
        "no room for "
            + missing
            + " more "
            + (missing == 1 ? kind.noun : kind.plural)
            + " in range "
            + range
            + " on "
            + scope
            + ": "
            + used
            + " of "
            + range.size()
            + " are used",
        scope,
        range,
        all.size(),
        used);
  }

  private SlotsExhaustedException scopeFull(String scope, SlotRange range, List<Slot> all) {
    return new SlotsExhaustedException(
        SlotsExhaustedException.Reason.SCOPE_LIMIT,
        scope + " refuses more (" + kind.limitCode + ": it has " + all.size() + ")",
        scope,
        range,
        all.size(),
        SlotPlan.usedInRange(all, range));
  }

  private SlotContentionException contended(String scope, SlotRange range) {
    return new SlotContentionException(
        "could not allocate a "
            + kind.noun
            + " in "
            + range
            + " on "
            + scope
            + " after "
            + MAX_ATTEMPTS
            + " attempts; other allocators keep taking the free "
            + kind.plural);
  }

  private static List<String> arns(List<Slot> all) {
    return all.stream().map(Slot::arn).toList();
  }
}
