package dev.slipway.stateful;

import dev.slipway.stateful.EnvironmentSteps.Burst;
import dev.slipway.stateful.EnvironmentSteps.CreateBranch;
import dev.slipway.stateful.EnvironmentSteps.CreateShared;
import dev.slipway.stateful.EnvironmentSteps.Cut;
import dev.slipway.stateful.EnvironmentSteps.Delete;
import dev.slipway.stateful.EnvironmentSteps.ExpireTtl;
import dev.slipway.stateful.EnvironmentSteps.Flaw;
import dev.slipway.stateful.EnvironmentSteps.RemoveSecret;
import dev.slipway.stateful.EnvironmentSteps.Restart;
import dev.slipway.stateful.EnvironmentSteps.Restore;
import dev.slipway.stateful.EnvironmentSteps.RestoreSecret;
import dev.slipway.stateful.EnvironmentSteps.Revive;
import dev.slipway.stateful.EnvironmentSteps.Routing;
import dev.slipway.stateful.EnvironmentSteps.Step;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Generates StagingEnvironment sequences from a seed. The choices depend only on what the sequence
 * itself did (which names exist, what is cut), never on what the operator answered, so a seed
 * always gives the same steps and a failure replays exactly.
 */
final class EnvironmentPlans {
  static final List<String> BRANCHES = List.of("qa/a", "qa/b", "qa/c");
  private static final int MAX_SHARED = 3;

  private final Random random;
  private final List<Step> steps = new ArrayList<>();
  private final Map<String, CreateShared> shared = new LinkedHashMap<>();
  private final Map<String, CreateBranch> branches = new LinkedHashMap<>();
  private final Set<Datastores.Store> cut = EnumSet.noneOf(Datastores.Store.class);
  private final Set<Engine> secretsRemoved = EnumSet.noneOf(Engine.class);
  private int names;
  private int tags = 1;

  private EnvironmentPlans(Random random) {
    this.random = random;
  }

  /** A sequence of 3 to {@link StatefulSupport#MAX_STEPS} steps. */
  static List<Step> generate(long seed) {
    EnvironmentPlans plan = new EnvironmentPlans(new Random(new SplittableRandom(seed).nextLong()));
    int length = 3 + plan.random.nextInt(StatefulSupport.MAX_STEPS - 2);
    while (plan.steps.size() < length) plan.add(plan.next());
    return List.copyOf(plan.steps);
  }

  private void add(Step step) {
    steps.add(step);
    if (step instanceof CreateShared s) {
      shared.put(s.name(), s);
    } else if (step instanceof CreateBranch b) {
      branches.put(b.name(), b);
    } else if (step instanceof Burst b) {
      b.creates().forEach(c -> branches.put(c.name(), c));
    } else if (step instanceof Delete d) {
      branches.remove(d.name());
      if (shared.remove(d.name()) != null) {
        branches.values().removeIf(b -> b.shared().equals(d.name()));
      }
    } else if (step instanceof Cut c) {
      cut.add(c.store());
    } else if (step instanceof Restore r) {
      cut.remove(r.store());
    } else if (step instanceof RemoveSecret r) {
      secretsRemoved.add(r.engine());
    } else if (step instanceof RestoreSecret r) {
      secretsRemoved.remove(r.engine());
    }
  }

  private Step next() {
    if (shared.isEmpty()) return createShared();
    List<Choice> choices = new ArrayList<>();
    if (shared.size() < MAX_SHARED) choices.add(new Choice(8, this::createShared));
    choices.add(new Choice(30, this::createBranch));
    if (!branches.isEmpty()) {
      choices.add(new Choice(8, this::duplicate));
      choices.add(new Choice(14, this::delete));
      choices.add(new Choice(8, this::revive));
    }
    choices.add(new Choice(5, this::burst));
    choices.add(new Choice(3, () -> new Delete(pick(List.copyOf(shared.keySet())))));
    choices.add(new Choice(4, ExpireTtl::new));
    choices.add(new Choice(8, this::restart));
    if (cut.size() < 3) choices.add(new Choice(5, this::cut));
    if (!cut.isEmpty()) choices.add(new Choice(20, () -> new Restore(pick(List.copyOf(cut)))));
    choices.add(new Choice(3, () -> new RemoveSecret(pick(List.of(Engine.values())))));
    if (!secretsRemoved.isEmpty()) {
      choices.add(new Choice(20, () -> new RestoreSecret(pick(List.copyOf(secretsRemoved)))));
    }
    return weighted(choices);
  }

  private CreateShared createShared() {
    String name = "s" + ++names;
    Routing routing = random.nextBoolean() ? Routing.PORT : Routing.HOST_HEADER;
    List<CreateShared> valid =
        shared.values().stream().filter(s -> !s.flaw().invalidates()).toList();
    Flaw flaw = flaw(valid.isEmpty());
    if (flaw == Flaw.SAME_PATTERN) {
      CreateShared twin = pick(valid);
      return new CreateShared(name, twin.engine(), routing, flaw, twin.name());
    }
    Engine engine =
        flaw == Flaw.PG_PREFIX || random.nextBoolean() ? Engine.POSTGRESQL : Engine.MYSQL;
    return new CreateShared(name, engine, routing, flaw, null);
  }

  private Flaw flaw(boolean noTwin) {
    if (shared.isEmpty() && random.nextInt(10) < 7) return Flaw.NONE;
    List<Flaw> flaws =
        new ArrayList<>(
            List.of(
                Flaw.NONE,
                Flaw.NONE,
                Flaw.LONG_PATTERN,
                Flaw.PG_PREFIX,
                Flaw.MISSING_LOAD_BALANCER,
                Flaw.MISSING_SECRET));
    if (!noTwin) flaws.addAll(List.of(Flaw.SAME_PATTERN, Flaw.SAME_PATTERN));
    return pick(flaws);
  }

  private CreateBranch createBranch() {
    return branch(pick(List.copyOf(shared.keySet())), pick(BRANCHES));
  }

  /** Same branch again: of the same shared environment, or of a twin with the same patterns. */
  private CreateBranch duplicate() {
    CreateBranch original = pick(List.copyOf(branches.values()));
    List<String> twins =
        shared.values().stream()
            .filter(s -> original.shared().equals(s.twinOf()) || s.name().equals(twinOf(original)))
            .map(CreateShared::name)
            .toList();
    String parent = !twins.isEmpty() && random.nextBoolean() ? pick(twins) : original.shared();
    return branch(parent, original.branch());
  }

  private String twinOf(CreateBranch b) {
    CreateShared parent = shared.get(b.shared());
    return parent == null ? null : parent.twinOf();
  }

  /** Two or three at once on one shared environment: more than maxEnvironments (2) allows. */
  private Burst burst() {
    String parent = pick(List.copyOf(shared.keySet()));
    List<CreateBranch> creates = new ArrayList<>();
    int n = 2 + random.nextInt(2);
    for (int i = 0; i < n; i++) creates.add(branch(parent, BRANCHES.get(i)));
    return new Burst(creates);
  }

  private CreateBranch branch(String parent, String branch) {
    return new CreateBranch("b" + ++names, parent, branch, "v" + tags);
  }

  private Delete delete() {
    return new Delete(pick(List.copyOf(branches.keySet())));
  }

  private Revive revive() {
    return new Revive(pick(List.copyOf(branches.keySet())), "v" + ++tags);
  }

  private Restart restart() {
    int kind = random.nextInt(10);
    if (kind == 0) return new Restart(CrashPlan.Via.AWS_BEFORE, 0, false);
    CrashPlan.Via via =
        kind < 5
            ? CrashPlan.Via.AWS_BEFORE
            : kind < 8 ? CrashPlan.Via.AWS_AFTER : CrashPlan.Via.DATASTORE;
    int k = via == CrashPlan.Via.DATASTORE ? 1 + random.nextInt(6) : 1 + random.nextInt(25);
    return new Restart(via, k, random.nextInt(10) < 4);
  }

  private Cut cut() {
    List<Datastores.Store> up = new ArrayList<>(List.of(Datastores.Store.values()));
    up.removeAll(cut);
    return new Cut(pick(up));
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private Step weighted(List<Choice> choices) {
    int total = choices.stream().mapToInt(Choice::weight).sum();
    int at = random.nextInt(total);
    for (Choice c : choices) {
      at -= c.weight();
      if (at < 0) return c.make().get();
    }
    throw new IllegalStateException("unreachable");
  }

  /** A possible next step and how likely it is. */
  private record Choice(int weight, Supplier<Step> make) {}
}
