package dev.slipway.stateful;

import dev.slipway.stateful.ReleaseSteps.Bump;
import dev.slipway.stateful.ReleaseSteps.Collide;
import dev.slipway.stateful.ReleaseSteps.Create;
import dev.slipway.stateful.ReleaseSteps.Delete;
import dev.slipway.stateful.ReleaseSteps.Family;
import dev.slipway.stateful.ReleaseSteps.ForeignRegister;
import dev.slipway.stateful.ReleaseSteps.Policy;
import dev.slipway.stateful.ReleaseSteps.Restart;
import dev.slipway.stateful.ReleaseSteps.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Generates ServiceRelease sequences from a seed; choices depend only on what the sequence did, so
 * a seed always gives the same steps. Tags come from a small pool, so two releases in the shared
 * family often ask for the very same task definition content.
 */
final class ReleasePlans {
  private static final List<String> TAGS = List.of("v1", "v2", "v3");
  private static final int MAX_LIVE = 4;

  private final Random random;
  private final List<Step> steps = new ArrayList<>();
  private final List<String> live = new ArrayList<>();
  private int names;
  private int foreign;

  private ReleasePlans(Random random) {
    this.random = random;
  }

  /** A sequence of 3 to {@link StatefulSupport#MAX_STEPS} steps. */
  static List<Step> generate(long seed) {
    ReleasePlans plan = new ReleasePlans(new Random(new SplittableRandom(seed).nextLong()));
    int length = 3 + plan.random.nextInt(StatefulSupport.MAX_STEPS - 2);
    while (plan.steps.size() < length) plan.add(plan.next());
    return List.copyOf(plan.steps);
  }

  private void add(Step step) {
    steps.add(step);
    if (step instanceof Create c) live.add(c.name());
    if (step instanceof Collide c) live.add(c.name());
    if (step instanceof Delete d) live.remove(d.name());
  }

  private Step next() {
    if (live.isEmpty()) return create();
    int roll = random.nextInt(100);
    if (roll < 25 && live.size() < MAX_LIVE) return create();
    if (roll < 40) return new Bump(pick(live), pick(TAGS));
    if (roll < 50) return new Bump(pick(live), pick(TAGS) + "-crashloop");
    if (roll < 68) return new Delete(pick(live), policy());
    if (roll < 80) return restart();
    if (roll < 90) return new ForeignRegister("ext-" + ++foreign);
    return new Collide("r" + ++names, policy());
  }

  private Create create() {
    Family family = random.nextBoolean() ? Family.SHARED : Family.OWN;
    return new Create("r" + ++names, family, pick(TAGS), policy());
  }

  private Policy policy() {
    return random.nextBoolean() ? Policy.Retain : Policy.Delete;
  }

  private Restart restart() {
    if (random.nextInt(10) == 0) return new Restart(CrashPlan.Via.AWS_BEFORE, 0, false);
    CrashPlan.Via via = random.nextBoolean() ? CrashPlan.Via.AWS_BEFORE : CrashPlan.Via.AWS_AFTER;
    return new Restart(via, 1 + random.nextInt(20), random.nextInt(10) < 4);
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
