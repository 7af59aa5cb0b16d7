package dev.slipway.aws.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.AwsUnavailableException;
import dev.slipway.aws.ElbPort;
import dev.slipway.sandbox.sim.Inventory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Random sequences of what happens around one production listener's rule priorities: owners
 * claiming one to three slots and changing their minds, releasing, the operator dying at the k-th
 * ELBv2 call (before it reaches AWS, or after AWS did it but before the answer), every create's
 * answer lost, AWS failing with 5xx, another replica claiming in the gap between a look and a
 * create, rules of others appearing and going in and around the range. The allocator's promises are
 * checked after every step; at the end the trouble stops, every owner's object passes once more,
 * and nothing may be left that nobody owns.
 *
 * <p>Sequence {@code i} uses seed {@code base + i} ({@code -Dslipway.stateful.seed}, default 1) and
 * a seed replays the same steps and interleavings: everything runs on one thread, and the
 * allocator's spread after a lost race is drawn from the sequence's own random.
 */
class OwnedSlotsStatefulTest {
  static final int SEQUENCES = Integer.getInteger("slipway.stateful.tries", 150);
  static final long BASE = Long.getLong("slipway.stateful.seed", 1);
  static final SlotRange RANGE = new SlotRange(10, 19);

  static final List<AwsOwner> OWNERS =
      List.of(
          new AwsOwner("prod/web/preview", "uid-web"),
          new AwsOwner("prod/web/header", "uid-web"),
          new AwsOwner("prod/api/preview", "uid-api"),
          // The key of the first, from an object re-created under the same name.
          new AwsOwner("prod/web/preview", "uid-web-2"));

  /** An owner no step acts for: its rules count as someone else's. */
  static final AwsOwner STRANGER = new AwsOwner("prod/other/preview", "uid-other");

  @Test
  void randomSequencesKeepTheAllocatorsPromises() {
    List<String> failures = new ArrayList<>();
    Map<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < SEQUENCES; i++) {
      Sequence s = new Sequence(BASE + i, seen);
      s.run();
      if (!s.violations.isEmpty()) failures.add(s.report());
    }
    assertThat(failures).as("broken promises, by seed").isEmpty();
    if (SEQUENCES >= 100) {
      // Guards the promises against holding because the sequences never met the hard cases.
      assertThat(seen)
          .as("what the sequences met")
          .containsKeys("claimed", "refused", "interrupted", "surplus deleted", "lost race");
    }
  }

  /** One seeded sequence; its seed and steps are in every failure. */
  static final class Sequence {
    final long seed;
    final Random random;
    final SlotsWorld w = new SlotsWorld();

    /** Owners whose object exists, with the count it wants; the others are being deleted. */
    final Map<AwsOwner, Integer> wanted = new LinkedHashMap<>();

    /** Owners whose last claim returned: they hold exactly what they want until they act again. */
    final Set<AwsOwner> holding = new HashSet<>();

    /** Rules of others on the listener, by ARN, with their priorities. */
    final Map<String, Integer> foreign = new LinkedHashMap<>();

    final List<String> trace = new ArrayList<>();
    final List<String> violations = new ArrayList<>();

    /** How often each outcome came up, across sequences. */
    final Map<String, Integer> seen;

    Sequence(long seed, Map<String, Integer> seen) {
      this.seed = seed;
      this.random = new Random(seed);
      this.seen = seen;
    }

    void run() {
      int steps = 5 + random.nextInt(16);
      for (int i = 0; i < steps; i++) {
        step();
        checkEveryStep();
      }
      settle();
    }

    private void step() {
      AwsOwner owner = OWNERS.get(random.nextInt(OWNERS.size()));
      int count = count();
      int roll = random.nextInt(100);
      if (roll < 25) claim(owner, count, new Tap(owner), "claim");
      else if (roll < 40) claimRacing(owner, count);
      else if (roll < 55) claim(owner, count, crashing(owner), "claim, crash");
      else if (roll < 63)
        claim(owner, count, new Tap(owner).losingCreates(), "claim, lost answers");
      else if (roll < 71) claim(owner, count, new Tap(owner).flaky(0.15), "claim, 5xx");
      else if (roll < 79) release(owner, new Tap(owner), "release");
      else if (roll < 85) release(owner, crashing(owner), "release, crash");
      else if (roll < 95) foreignAppears();
      else foreignGoes();
    }

    private int count() {
      int roll = random.nextInt(10);
      return roll < 5 ? 1 : roll < 8 ? 2 : 3;
    }

    private Tap crashing(AwsOwner owner) {
      return new Tap(owner).crashAt(1 + random.nextInt(8), random.nextBoolean());
    }

    /** Another replica claims in the gap between this claim's look and its first create. */
    private void claimRacing(AwsOwner owner, int count) {
      AwsOwner rival = random.nextBoolean() ? owner : OWNERS.get(random.nextInt(OWNERS.size()));
      int rivalCount = random.nextBoolean() ? count : count();
      Tap tap = new Tap(owner);
      tap.beforeFirstCreate = () -> claim(rival, rivalCount, new Tap(rival), "  racer");
      claim(owner, count, tap, "claim, raced by " + name(rival) + " x" + rivalCount);
    }

    /** One pass of the owner's object: claim {@code count} slots through {@code tap}. */
    private void claim(AwsOwner owner, int count, Tap tap, String what) {
      trace.add(what + " " + name(owner) + " x" + count);
      wanted.put(owner, count);
      holding.remove(owner);
      boolean held = false;
      long deletes = w.calls("DeleteRule");
      try {
        List<Slot> got = replica(tap).claim(owner, count);
        if (w.calls("DeleteRule") > deletes) seen.merge("surplus deleted", 1, Integer::sum);
        seen.merge("claimed", 1, Integer::sum);
        checkClaimed(owner, count, got);
        checkIdempotent(owner, count, got);
        held = true;
      } catch (SlotsExhaustedException e) {
        checkExhausted(owner, count, e);
      } catch (SlotContentionException e) {
        violations.add(
            "OS-6 a claim with at most one racer ran out of attempts: " + e.getMessage());
      } catch (Crash | AwsUnavailableException e) {
        trace.add("  interrupted: " + e.getClass().getSimpleName());
        seen.merge("interrupted", 1, Integer::sum);
      } catch (ElasticLoadBalancingV2Exception e) {
        // AWS failing past the retries interrupts a pass; an answer it gave is the claim's to take.
        if (AwsErrors.isRetryable(e)) trace.add("  interrupted: " + e.getMessage());
        else violations.add("OS-6 a claim failed with " + AwsErrors.errorCode(e));
      }
      // A racer of the same owner may have passed in between; this pass, which ends last, decides.
      wanted.put(owner, count);
      if (held) holding.add(owner);
      else holding.remove(owner);
    }

    /** The owner's object is deleted: its teardown releases what it holds. */
    private void release(AwsOwner owner, Tap tap, String what) {
      trace.add(what + " " + name(owner));
      wanted.remove(owner);
      holding.remove(owner);
      try {
        replica(tap).slots.release(w.listener, owner);
        if (!owned(owner).isEmpty()) violations.add("OS-4 a release left " + owned(owner));
      } catch (Crash e) {
        trace.add("  interrupted: crash");
      }
    }

    private void foreignAppears() {
      List<Integer> free = new ArrayList<>();
      for (int p = RANGE.from() - 2; p <= RANGE.to() + 2; p++) {
        if (!priorities().contains(p)) free.add(p);
      }
      if (free.isEmpty()) return;
      int p = free.get(random.nextInt(free.size()));
      boolean tagged = random.nextBoolean();
      trace.add("foreign rule at " + p + (tagged ? " of " + name(STRANGER) : ", untagged"));
      foreign.put(w.foreignRule(p, tagged ? OwnerTags.of(STRANGER) : List.of()), p);
    }

    private void foreignGoes() {
      if (foreign.isEmpty()) return;
      String arn = new ArrayList<>(foreign.keySet()).get(random.nextInt(foreign.size()));
      trace.add("foreign rule at " + foreign.remove(arn) + " deleted by its owner");
      w.sim.elb(w.target).deleteRule(b -> b.ruleArn(arn));
    }

    /** The trouble stops; every object passes once more; then nothing is left owned by nobody. */
    private void settle() {
      trace.add("settle");
      // Releases first: a claim refused for a full range is judged against what stays.
      for (AwsOwner owner : OWNERS) {
        if (!wanted.containsKey(owner)) release(owner, new Tap(owner), "  release");
      }
      for (AwsOwner owner : OWNERS) {
        if (wanted.containsKey(owner)) claim(owner, wanted.get(owner), new Tap(owner), "  claim");
      }
      // Owners that shrank freed numbers after an earlier one was refused: it passes again. Now
      // owners only grow, so a refusal from here on stays true to the end.
      for (AwsOwner owner : OWNERS) {
        if (wanted.containsKey(owner) && !holding.contains(owner)) {
          claim(owner, wanted.get(owner), new Tap(owner), "  claim again");
        }
      }
      checkEveryStep();
      for (Inventory.RuleInfo rule : w.rules()) {
        boolean known =
            foreign.containsKey(rule.arn())
                || wanted.keySet().stream().anyMatch(o -> owned(o).contains(rule.priority()));
        if (!known) violations.add("OS-5 rule at " + rule.priority() + " is owned by nobody");
      }
      for (AwsOwner owner : wanted.keySet()) {
        if (!holding.contains(owner) && !rangeIsFullFor(owner, wanted.get(owner))) {
          violations.add("OS-5 " + name(owner) + " did not get its slots though there was room");
        }
      }
    }

    // ---- promises ----

    /** OS-1 is checked in the tap, at every delete. */
    private void checkEveryStep() {
      List<Integer> now = priorities();
      foreign.forEach(
          (arn, p) -> {
            boolean there = w.rules().stream().anyMatch(r -> r.arn().equals(arn));
            if (!there) violations.add("OS-2 foreign rule at " + p + " is gone");
          });
      if (new HashSet<>(now).size() != now.size()) violations.add("AWS: duplicate priorities");
      for (AwsOwner owner : holding) {
        List<Integer> mine = owned(owner);
        if (mine.size() != wanted.get(owner)) {
          violations.add(
              "OS-3 " + name(owner) + " wants " + wanted.get(owner) + " but holds " + mine);
        }
      }
    }

    private void checkClaimed(AwsOwner owner, int count, List<Slot> got) {
      List<Integer> numbers = got.stream().map(Slot::number).toList();
      if (got.size() != count) violations.add("OS-3 a claim of " + count + " returned " + numbers);
      if (!numbers.equals(owned(owner))) {
        violations.add("OS-3 a claim returned " + numbers + " but AWS says " + owned(owner));
      }
      if (!numbers.stream().allMatch(RANGE::contains)) {
        violations.add("OS-3 a claim returned " + numbers + " outside " + RANGE);
      }
    }

    /** OS-4: the same claim again, by a fresh replica, writes nothing and answers the same. */
    private void checkIdempotent(AwsOwner owner, int count, List<Slot> got) {
      long writes = w.calls("CreateRule") + w.calls("DeleteRule");
      List<Slot> again = replica(new Tap(owner)).claim(owner, count);
      if (!again.equals(got)) violations.add("OS-4 a second claim answered " + again);
      if (w.calls("CreateRule") + w.calls("DeleteRule") != writes) {
        violations.add("OS-4 a second claim of " + name(owner) + " wrote to AWS");
      }
    }

    /** OS-6: a claim is refused only for a range that truly has no room for what it lacks. */
    private void checkExhausted(AwsOwner owner, int count, SlotsExhaustedException e) {
      trace.add("  refused: " + e.getMessage());
      seen.merge("refused", 1, Integer::sum);
      if (e.reason() != SlotsExhaustedException.Reason.RANGE_FULL) {
        violations.add("OS-6 refused for " + e.reason() + " far below AWS's limits");
      } else if (!rangeIsFullFor(owner, count)) {
        violations.add("OS-6 refused though " + name(owner) + " had room: " + priorities());
      }
    }

    private boolean rangeIsFullFor(AwsOwner owner, int count) {
      long used = priorities().stream().filter(RANGE::contains).count();
      return RANGE.size() - used < count - owned(owner).size();
    }

    // ---- what AWS holds, read straight from the simulator ----

    private List<Integer> priorities() {
      return w.rules().stream().map(Inventory.RuleInfo::priority).sorted().toList();
    }

    private List<Integer> owned(AwsOwner owner) {
      return w.rules().stream()
          .filter(r -> OwnerTags.ownedBy(w.tagsOf(r.arn()), owner))
          .map(Inventory.RuleInfo::priority)
          .sorted()
          .toList();
    }

    private static String name(AwsOwner o) {
      return o.key() + "@" + o.uid();
    }

    String report() {
      return "seed "
          + seed
          + " (replay: -Dslipway.stateful.seed="
          + seed
          + " -Dslipway.stateful.tries=1)\n  steps: "
          + String.join("\n    ", trace)
          + "\n  broken: "
          + violations
          + "\n  rules: "
          + w.rules();
    }

    // ---- replicas and the faults between them and AWS ----

    /** An allocator as a restarted operator or another replica builds it, behind {@code tap}. */
    private Replica replica(Tap tap) {
      AwsClientFactory clients = new TappedClients(w, tap);
      ElbPort elb = w.elb(clients);
      return new Replica(w.rules(elb).withRandom(new Random(random.nextLong())), elb);
    }

    /** One replica's allocator and the ELB port its creator uses. */
    private final class Replica {
      final OwnedSlots slots;
      final ElbPort elb;

      Replica(OwnedSlots slots, ElbPort elb) {
        this.slots = slots;
        this.elb = elb;
      }

      List<Slot> claim(AwsOwner owner, int count) {
        return slots.claim(w.listener, RANGE, owner, count, w.previewRule(elb, "preview.example"));
      }
    }

    /**
     * Sits between one replica and AWS: counts its calls to crash at the k-th, loses answers, fails
     * with 5xx, lets a rival act just before the first create, and checks every delete against the
     * tags AWS holds (OS-1: only what the acting owner's tags prove its own).
     */
    final class Tap implements InvocationHandler {
      final AwsOwner actor;
      final ElasticLoadBalancingV2Client real = w.sim.elb(w.target);
      int calls;
      int crashAt = -1;
      boolean crashAfterApply;
      boolean loseCreates;
      double flaky;
      Runnable beforeFirstCreate;

      Tap(AwsOwner actor) {
        this.actor = actor;
      }

      Tap crashAt(int call, boolean afterApply) {
        this.crashAt = call;
        this.crashAfterApply = afterApply;
        trace.add("  (dies at ELB call " + call + (afterApply ? ", after AWS acted)" : ")"));
        return this;
      }

      Tap losingCreates() {
        this.loseCreates = true;
        return this;
      }

      Tap flaky(double rate) {
        this.flaky = rate;
        return this;
      }

      @Override
      public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) return method.invoke(real, args);
        String name = method.getName();
        boolean dies = ++calls == crashAt;
        if (dies && !crashAfterApply) throw new Crash();
        if (name.equals("createRule") && beforeFirstCreate != null) {
          Runnable rival = beforeFirstCreate;
          beforeFirstCreate = null;
          rival.run();
        }
        if (flaky > 0 && random.nextDouble() < flaky)
          throw ElbFaults.aws(503, "ServiceUnavailable");
        if (name.equals("deleteRule")) checkDelete(args[0]);
        Object out;
        try {
          out = method.invoke(real, args);
        } catch (InvocationTargetException e) {
          if ("PriorityInUse".equals(AwsErrors.errorCode(e.getCause()))) {
            seen.merge("lost race", 1, Integer::sum);
          }
          throw e.getCause();
        }
        if (dies) throw new Crash();
        if (loseCreates && name.equals("createRule")) throw ElbFaults.aws(500, "InternalFailure");
        return out;
      }

      @SuppressWarnings("unchecked")
      private void checkDelete(Object request) {
        String arn;
        if (request instanceof DeleteRuleRequest r) {
          arn = r.ruleArn();
        } else {
          DeleteRuleRequest.Builder b = DeleteRuleRequest.builder();
          ((Consumer<DeleteRuleRequest.Builder>) request).accept(b);
          arn = b.build().ruleArn();
        }
        boolean exists = w.rules().stream().anyMatch(r -> r.arn().equals(arn));
        if (exists && !OwnerTags.ownedBy(w.tagsOf(arn), actor)) {
          violations.add("OS-1 " + name(actor) + " deleted a rule it does not own: " + arn);
        }
      }
    }
  }

  /** Clients of one replica: the simulator's, with ELBv2 behind the replica's tap. */
  private record TappedClients(SlotsWorld w, InvocationHandler tap) implements AwsClientFactory {
    @Override
    public ElasticLoadBalancingV2Client elb(AwsTarget target) {
      return (ElasticLoadBalancingV2Client)
          Proxy.newProxyInstance(
              ElasticLoadBalancingV2Client.class.getClassLoader(),
              new Class<?>[] {ElasticLoadBalancingV2Client.class},
              tap);
    }

    @Override
    public EcsClient ecs(AwsTarget target) {
      return w.sim.ecs(target);
    }

    @Override
    public StsClient sts(AwsTarget target) {
      return w.sim.sts(target);
    }

    @Override
    public ApplicationAutoScalingClient autoscaling(AwsTarget target) {
      return w.sim.autoscaling(target);
    }
  }

  /** The operator process dying at a call, before or after AWS acted on it. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("crash", null, false, false);
    }
  }
}
