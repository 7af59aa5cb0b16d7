package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.routing.OwnerTags;
import dev.slipway.release.progressive.TrafficRules;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.RequestShape;
import dev.slipway.testing.LogLevels;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Stateful randomized test of ECS-native releases sharing one production listener: two
 * BlueGreen/Canary releases with their test rules on it, one BlueGreen with a test listener of its
 * own, and a hand-made rule forwarding to an unrelated target group. Random steps ship images (some
 * crashlooping), change preview and production conditions, promote, abort, restart the operator,
 * delete releases with {@code deletionPolicy: Delete} and create them again under the same name,
 * while public and office clients send requests to every release whose first deployment is Ready.
 * After every step the releases settle and these hold:
 *
 * <ul>
 *   <li>PS-1 no request reached an empty or unhealthy target group; nobody but ECS wrote a rule's
 *       actions during a deployment;
 *   <li>PS-2 per release and listener at most one production and one test rule carry its owner
 *       tags, the test rule ahead of the production rule on a shared listener;
 *   <li>PS-3 the hand-made rule is never modified or deleted;
 *   <li>PS-4 at most one ECS deployment in progress per release, and at most one new deployment per
 *       step that changed its spec (none after restarts, promotions, aborts, rollbacks, waits);
 *   <li>PS-5 once a deleted release's finalizer is gone, nothing tagged with its uid remains;
 *   <li>PS-6 every release settles in Ready, AwaitingPromotion, Aborted, RolledBack or Baking;
 *       Ready has no ECS deployment in progress and serves its service's revision;
 *       AwaitingPromotion serves the new revision to the preview only; Aborted and RolledBack serve
 *       the revision ECS rolled back to;
 *   <li>PS-7 the rules carry the spec's conditions, and a test rule exists when a preview is set.
 * </ul>
 *
 * <p>Sequence {@code i} uses seed {@code base + i}: {@code -Dslipway.stateful.seed} (random when
 * unset, printed), {@code -Dslipway.stateful.tries} sequences (default 3) of {@code
 * -Dslipway.stateful.maxSteps} steps (default 10). A seed replays the same steps; the operator's
 * timing is not replayed. A failure reports the seed, the steps so far and the world.
 */
class ProgressiveStatefulIT {
  static final int SEQUENCES = Integer.getInteger("slipway.stateful.tries", 3);
  static final int STEPS = Integer.getInteger("slipway.stateful.maxSteps", 10);
  static final long BASE_SEED =
      Long.getLong("slipway.stateful.seed", new SecureRandom().nextLong() & 0xffff_ffffL);
  static final Duration SETTLE = Duration.ofSeconds(90);

  /**
   * Whether steps change the preview and production conditions ({@code
   * -Dslipway.progressive.conditionSteps=false} leaves them out, to explore the other steps while a
   * bug in condition changes is open).
   */
  static final boolean CONDITION_STEPS =
      Boolean.parseBoolean(System.getProperty("slipway.progressive.conditionSteps", "true"));

  static final String OFFICE = "203.0.113.0/24";
  static final String PREVIEW_HEADER = "X-Preview";
  static final String ROLE = "arn:aws:iam::" + Releases.ACCOUNT + ":role/ecs-infrastructure";
  static final String CLUSTER = "core";
  static final int FOREIGN_PRIORITY = 45_000;

  /** Phases a release may rest in once its step has been acted on. */
  static final Set<Phase> SETTLED =
      EnumSet.of(
          Phase.Ready, Phase.AwaitingPromotion, Phase.Aborted, Phase.RolledBack, Phase.Baking);

  /** ECS service deployment statuses that are over. */
  static final Set<String> ENDED =
      Set.of("SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED");

  /** What the sequences met (steps by kind, settled phases), printed so thin coverage shows. */
  static final Map<String, Integer> SEEN = new TreeMap<>();

  static LogLevels quiet;
  static Sandbox sandbox;
  static final AwsTarget TARGET = new AwsTarget(Releases.ACCOUNT, Releases.REGION, null);
  static ElasticLoadBalancingV2Client elb;
  static EcsClient ecs;
  static String loadBalancer;

  @BeforeAll
  static void start() {
    quiet = LogLevels.set(Level.ERROR, List.of("dev.slipway", "io.fabric8", "io.javaoperatorsdk"));
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
    elb = sandbox.aws().elb(TARGET);
    ecs = sandbox.aws().ecs(TARGET);
    loadBalancer = sandbox.aws().createLoadBalancer(Releases.ACCOUNT, Releases.REGION, "public");
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) sandbox.close();
    quiet.restore();
  }

  @Test
  void randomSequencesKeepEveryInvariant() {
    long started = System.nanoTime();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < SEQUENCES; i++) {
      Sequence s = new Sequence(i, BASE_SEED + i);
      String failure = s.run();
      System.out.printf(
          "ProgressiveStatefulIT seed %d: %d steps, %s%n",
          s.seed, s.history.size(), failure == null ? "ok" : "FAILED");
      if (failure != null) {
        System.out.println(failure);
        failures.add(failure);
      }
    }
    System.out.printf(
        "ProgressiveStatefulIT: %d sequences from seed %d in %d s (replay one: "
            + "-Dslipway.stateful.seed=SEED -Dslipway.stateful.tries=1)%n",
        SEQUENCES, BASE_SEED, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    System.out.println("ProgressiveStatefulIT met: " + SEEN);
    assertThat(failures).as("sequences that broke an invariant (seed and steps in each)").isEmpty();
  }

  // --- the world of one sequence --------------------------------------------------------

  /** The ECS-native strategy of a release. */
  enum Kind {
    BLUE_GREEN,
    CANARY
  }

  /** Who sees the new revision first: the office's addresses, a header, or nobody. */
  enum Preview {
    SOURCE_IPS,
    HEADER,
    NONE
  }

  /** The production rule's conditions; each still matches the release's public clients. */
  enum Production {
    HOST,
    HOST_AND_PATH,
    TWO_HOSTS
  }

  /** What the test's last step for a release makes likely next (steps are drawn by it). */
  enum Expect {
    NOTHING,
    PROMOTION,
    BAKE
  }

  /** An invariant broken (or a step that never settled), with what was seen. */
  static final class Broken extends RuntimeException {
    Broken(String message) {
      super(message);
    }
  }

  /** What the test believes about one release name: its spec and its current incarnation. */
  static final class Model {
    final String name;
    final Kind kind;
    final boolean ownTestListener;
    final String targetGroup;
    boolean exists;
    String uid;
    int version;
    String image;
    Preview preview = Preview.SOURCE_IPS;
    Production production = Production.HOST;
    boolean everReady;
    int promotes;
    int aborts;
    String lastPromote;
    String lastAbort;
    Expect expect = Expect.NOTHING;

    /** ECS service deployments of this incarnation at the last check. */
    int deployments;

    Model(String name, Kind kind, boolean ownTestListener, String targetGroup) {
      this.name = name;
      this.kind = kind;
      this.ownTestListener = ownTestListener;
      this.targetGroup = targetGroup;
    }

    String host() {
      return name + ".example.com";
    }

    @Override
    public String toString() {
      return name + "(" + kind + (ownTestListener ? ", own test listener" : "") + ")";
    }
  }

  /** A deleted incarnation: nothing tagged with its uid may remain. */
  record Gone(String name, String uid) {}

  /** One seeded sequence over its own listeners and release names. */
  static final class Sequence {
    final int index;
    final long seed;
    final Random random;
    final String prefix;
    final List<String> history = new ArrayList<>();
    final List<Model> models = new ArrayList<>();
    final List<Gone> gone = new ArrayList<>();
    final Map<String, String> revisionTds = new HashMap<>();
    String shared;
    String testListener;
    String foreignRule;
    Rule foreignBefore;
    Map<String, String> foreignTagsBefore;
    String legacyHost;

    Sequence(int index, long seed) {
      this.index = index;
      this.seed = seed;
      this.random = new Random(seed);
      this.prefix = "ps" + index;
    }

    /** Null when every invariant held; else the report. */
    String run() {
      try {
        setUp();
        step("create all", this::createAll);
        int steps = Math.max(3, STEPS);
        for (int i = 0; i < steps; i++) randomStep();
        step("finish: delete every release", this::finish);
        return null;
      } catch (Broken b) {
        return report(b.getMessage());
      } catch (RuntimeException | AssertionError e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return report("HARNESS: " + out);
      } finally {
        cleanUp();
      }
    }

    private String report(String what) {
      StringBuilder b = new StringBuilder();
      b.append("=== ProgressiveStatefulIT seed ")
          .append(seed)
          .append(" (replay: -Dslipway.stateful.seed=")
          .append(seed)
          .append(" -Dslipway.stateful.tries=1)\n");
      b.append(what).append('\n');
      b.append("steps:\n");
      for (int i = 0; i < history.size(); i++) {
        b.append("  ").append(i).append(": ").append(history.get(i)).append('\n');
      }
      try {
        b.append(dump());
      } catch (RuntimeException e) {
        b.append("(no dump: ").append(e).append(")\n");
      }
      return b.toString();
    }

    private void setUp() {
      shared = listener(9100 + 2 * index);
      testListener = listener(9101 + 2 * index);
      models.add(new Model(prefix + "a", Kind.BLUE_GREEN, false, targetGroup(prefix + "a")));
      models.add(
          new Model(
              prefix + "b",
              random.nextBoolean() ? Kind.CANARY : Kind.BLUE_GREEN,
              false,
              targetGroup(prefix + "b")));
      models.add(new Model(prefix + "c", Kind.BLUE_GREEN, true, targetGroup(prefix + "c")));
      // The hand-made rule: in the middle of Slipway's priority range, to an unrelated target
      // group with a healthy target of its own, for a host none of the releases serve.
      String legacy = targetGroup(prefix + "-legacy");
      legacyHost = prefix + "-legacy.example.com";
      foreignRule =
          retrying(
                  () ->
                      elb.createRule(
                          r ->
                              r.listenerArn(shared)
                                  .priority(FOREIGN_PRIORITY)
                                  .conditions(
                                      c ->
                                          c.field("host-header")
                                              .hostHeaderConfig(h -> h.values(legacyHost)))
                                  .actions(a -> a.type("forward").targetGroupArn(legacy))
                                  .tags(Tag.builder().key("team").value("legacy").build())))
              .rules()
              .get(0)
              .ruleArn();
      retrying(
          () -> elb.registerTargets(r -> r.targetGroupArn(legacy).targets(t -> t.id("10.9.9.9"))));
      foreignBefore = foreignRuleNow();
      foreignTagsBefore = tags(List.of(foreignRule)).get(foreignRule);
      sandbox.aws().traffic().reset();
      refreshTraffic();
    }

    private void cleanUp() {
      try {
        sandbox.aws().traffic().stop(shared);
        sandbox.aws().traffic().stop(testListener);
        for (Model m : models) {
          if (get(m.name) == null) continue;
          m.exists = false;
          ServiceRelease sr = render(m);
          sr.getSpec().deletionPolicy = DeletionPolicy.Delete;
          apply(sr);
          resource(m.name).delete();
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> models.stream().allMatch(m -> get(m.name) == null));
      } catch (RuntimeException e) {
        System.out.println("cleanup of seed " + seed + " incomplete: " + e);
      } finally {
        sandbox.aws().traffic().reset();
      }
    }

    // --- steps ---------------------------------------------------------------------------

    private void step(String what, Runnable action) {
      history.add(what);
      SEEN.merge("step " + what.split(" ")[0], 1, Integer::sum);
      Map<String, Integer> before = new HashMap<>();
      models.forEach(m -> before.put(m.name, m.deployments));
      Map<String, String> uids = new HashMap<>();
      models.forEach(m -> uids.put(m.name, m.uid));
      Set<String> specChanged = new java.util.HashSet<>();
      lastSpecChanges = specChanged;
      action.run();
      settle();
      check(before, uids, specChanged);
    }

    /** Names whose spec the current step changed (so one more ECS deployment is allowed). */
    private Set<String> lastSpecChanges = new java.util.HashSet<>();

    private void randomStep() {
      int roll = random.nextInt(100);
      if (roll < 7) {
        step("restart the operator", this::restart);
        return;
      }
      if (roll < 12) {
        int seconds = 1 + random.nextInt(3);
        step("wait " + seconds + " s", () -> sleep(Duration.ofSeconds(seconds)));
        return;
      }
      Model m = models.get(random.nextInt(models.size()));
      if (!m.exists) {
        step("create " + m + " again", () -> create(m));
        return;
      }
      // Decisions come more often where they matter: while a shipped revision should await one,
      // and (an abort) just after a promotion, in the bake time.
      Expect expected = m.expect;
      m.expect = Expect.NOTHING;
      int op = random.nextInt(100);
      if (expected == Expect.PROMOTION && op < 60) {
        if (op < 35) promote(m);
        else abort(m);
        return;
      }
      if (expected == Expect.BAKE && op < 30) {
        abort(m);
        return;
      }
      op = random.nextInt(100);
      if (op < 24) {
        m.version++;
        String image = "repo/app:v" + m.version;
        m.expect = m.everReady ? Expect.PROMOTION : Expect.NOTHING;
        step("ship " + m.name + " " + image, () -> ship(m, image));
      } else if (op < 28) {
        m.version++;
        String image = "repo/app:v" + m.version + "-crashloop";
        step("ship " + m.name + " " + image, () -> ship(m, image));
      } else if (op < 40 && CONDITION_STEPS) {
        Preview p = other(Preview.values(), m.preview);
        step("preview of " + m.name + " -> " + p, () -> preview(m, p));
      } else if (op < 48 && CONDITION_STEPS) {
        Production p = other(Production.values(), m.production);
        step("production of " + m.name + " -> " + p, () -> production(m, p));
      } else if (op < 70) {
        promote(m);
      } else if (op < 85) {
        abort(m);
      } else {
        step("delete " + m.name + " with deletionPolicy Delete", () -> delete(m));
      }
    }

    private void promote(Model m) {
      String value = "p" + ++m.promotes;
      m.lastPromote = value;
      m.expect = Expect.BAKE;
      step("promote " + m.name + " (" + value + ")", () -> annotate(m, promoteKey(), value));
    }

    private void abort(Model m) {
      if (!m.everReady) {
        // A first deployment has nothing to go back to; aborting it is not what is under test.
        step("wait 1 s (abort of " + m.name + " before its first Ready)", () -> sleep(1));
        return;
      }
      String value = "a" + ++m.aborts;
      m.lastAbort = value;
      step("abort " + m.name + " (" + value + ")", () -> annotate(m, abortKey(), value));
    }

    private <E> E other(E[] values, E current) {
      E next;
      do {
        next = values[random.nextInt(values.length)];
      } while (next == current);
      return next;
    }

    private void createAll() {
      for (Model m : models) create(m);
    }

    private void create(Model m) {
      m.version++;
      m.image = "repo/app:v" + m.version;
      m.exists = true;
      m.everReady = false;
      m.deployments = 0;
      m.lastPromote = null;
      m.lastAbort = null;
      m.expect = Expect.NOTHING;
      ServiceRelease created = apply(render(m));
      m.uid = created.getMetadata().getUid();
      lastSpecChanges.add(m.name);
    }

    private void ship(Model m, String image) {
      m.image = image;
      apply(render(m));
      lastSpecChanges.add(m.name);
    }

    private void preview(Model m, Preview p) {
      m.preview = p;
      apply(render(m));
      lastSpecChanges.add(m.name);
    }

    private void production(Model m, Production p) {
      m.production = p;
      apply(render(m));
      lastSpecChanges.add(m.name);
    }

    private void restart() {
      sandbox.stopOperator();
      sandbox.startOperator();
    }

    private void delete(Model m) {
      m.exists = false;
      // Its clients go with it: requests for a deleted service are not the release's to serve.
      refreshTraffic();
      ServiceRelease sr = render(m);
      sr.getSpec().deletionPolicy = DeletionPolicy.Delete;
      apply(sr);
      resource(m.name).delete();
      try {
        await()
            .atMost(SETTLE)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> get(m.name) == null);
      } catch (ConditionTimeoutException e) {
        ServiceRelease stuck = get(m.name);
        throw new Broken(
            "PS-5 "
                + m.name
                + " was not deleted within "
                + SETTLE.toSeconds()
                + " s: "
                + (stuck == null || stuck.getStatus() == null
                    ? "?"
                    : stuck.getStatus().phase + ": " + stuck.getStatus().message));
      }
      gone.add(new Gone(m.name, m.uid));
      m.uid = null;
      m.deployments = 0;
    }

    private void finish() {
      for (Model m : models) {
        if (m.exists) delete(m);
      }
    }

    // --- settling ------------------------------------------------------------------------

    /** Waits until every release has acted on its spec and rests in a settled phase (PS-6). */
    private void settle() {
      try {
        await()
            .atMost(SETTLE)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> models.stream().filter(m -> m.exists).allMatch(this::settled));
      } catch (ConditionTimeoutException e) {
        String unsettled =
            models.stream()
                .filter(m -> m.exists && !settled(m))
                .map(m -> m.name + " " + describe(get(m.name)))
                .collect(Collectors.joining("; "));
        throw new Broken(
            "PS-6 not settled in one of "
                + SETTLED
                + " within "
                + SETTLE.toSeconds()
                + " s: "
                + unsettled);
      }
      boolean newlyReady = false;
      for (Model m : models) {
        if (m.exists) SEEN.merge("phase " + get(m.name).getStatus().phase, 1, Integer::sum);
        if (m.exists && !m.everReady && get(m.name).getStatus().phase == Phase.Ready) {
          m.everReady = true;
          newlyReady = true;
        }
      }
      if (newlyReady) refreshTraffic();
    }

    private boolean settled(Model m) {
      ServiceRelease sr = get(m.name);
      return sr != null
          && sr.getStatus() != null
          && sr.getMetadata().getGeneration().equals(sr.getStatus().observedGeneration)
          && Objects.equals(m.image, sr.getStatus().desiredImage)
          && SETTLED.contains(sr.getStatus().phase)
          // A first deployment bakes for a moment on its way to Ready: wait it out, so that its
          // clients start and the next steps meet a release with a previous revision.
          && !(sr.getStatus().phase == Phase.Baking && !m.everReady)
          && !(sr.getStatus().phase == Phase.AwaitingPromotion && unacknowledged(m, sr));
    }

    /** A promotion or abort asked for while awaiting promotion has not been acted on yet. */
    private static boolean unacknowledged(Model m, ServiceRelease sr) {
      ProgressiveStatus p = sr.getStatus().progressive;
      String promoted = p == null ? null : p.promoteAcknowledged;
      String aborted = p == null ? null : p.abortAcknowledged;
      return (m.lastPromote != null && !m.lastPromote.equals(promoted))
          || (m.lastAbort != null && !m.lastAbort.equals(aborted));
    }

    // --- invariants ----------------------------------------------------------------------

    private void check(
        Map<String, Integer> deploymentsBefore,
        Map<String, String> uidsBefore,
        Set<String> changed) {
      List<String> broken = new ArrayList<>();
      // PS-1: nothing reached an empty or unhealthy target group; nobody wrote ECS's actions.
      var lost = sandbox.aws().traffic().requestsToNothingBreakdown();
      if (!lost.isEmpty()) broken.add("PS-1 requests reached nothing: " + lost);
      var writes = sandbox.aws().traffic().foreignActionWrites();
      if (!writes.isEmpty())
        broken.add("PS-1 foreign action writes during a deployment: " + writes);

      Map<String, List<Rule>> rules = new LinkedHashMap<>();
      rules.put(shared, rules(shared));
      rules.put(testListener, rules(testListener));
      Map<String, Map<String, String>> ruleTags =
          tags(rules.values().stream().flatMap(List::stream).map(Rule::ruleArn).toList());

      // PS-2: per release and listener at most one production and one test rule.
      Map<String, ServiceRelease> now = new HashMap<>();
      for (Model m : models) {
        if (!m.exists) continue;
        ServiceRelease sr = get(m.name);
        now.put(m.name, sr);
        for (Map.Entry<String, List<Rule>> l : rules.entrySet()) {
          List<Rule> production = owned(l.getValue(), ruleTags, m, "production");
          List<Rule> test = owned(l.getValue(), ruleTags, m, "test");
          String where = m.name + " on " + shortArn(l.getKey());
          if (production.size() > 1)
            broken.add("PS-2 " + where + ": production rules " + ids(production));
          if (test.size() > 1) broken.add("PS-2 " + where + ": test rules " + ids(test));
          if (production.size() == 1
              && test.size() == 1
              && priority(test.get(0)) >= priority(production.get(0))) {
            broken.add(
                "PS-2 "
                    + where
                    + ": test rule priority "
                    + priority(test.get(0))
                    + " is not below the production rule's "
                    + priority(production.get(0)));
          }
        }
        // Rules of the name that are not this incarnation's nor a deleted one's.
        for (List<Rule> list : rules.values()) {
          for (Rule r : list) {
            Map<String, String> t = ruleTags.getOrDefault(r.ruleArn(), Map.of());
            String owner = t.getOrDefault(OwnerTags.OWNER, "");
            if (owner.startsWith("default/" + m.name + "/")
                && !Objects.equals(t.get(OwnerTags.OWNER_UID), m.uid)
                && gone.stream().noneMatch(g -> g.uid().equals(t.get(OwnerTags.OWNER_UID)))) {
              broken.add(
                  "PS-2 rule " + r.priority() + " of " + m.name + " has an unknown uid: " + t);
            }
          }
        }
      }

      // PS-3: the hand-made rule is never modified or deleted.
      Rule foreign = foreignRuleNow();
      if (foreign == null) {
        broken.add("PS-3 the hand-made rule " + foreignRule + " is gone");
      } else {
        if (!foreign.equals(foreignBefore))
          broken.add("PS-3 the hand-made rule changed: was " + foreignBefore + ", is " + foreign);
        Map<String, String> t = tags(List.of(foreignRule)).get(foreignRule);
        if (!Objects.equals(t, foreignTagsBefore))
          broken.add("PS-3 the hand-made rule's tags changed: " + foreignTagsBefore + " -> " + t);
      }

      // PS-4: one deployment at a time, and at most one more per spec change.
      Map<String, List<ServiceDeploymentBrief>> deployments = new HashMap<>();
      for (Model m : models) {
        if (!m.exists) continue;
        List<ServiceDeploymentBrief> list = deployments(m.name);
        deployments.put(m.name, list);
        List<String> running =
            list.stream()
                .filter(d -> !ENDED.contains(d.statusAsString()))
                .map(d -> brief(d))
                .toList();
        if (running.size() > 1)
          broken.add("PS-4 " + m.name + " has deployments in progress: " + running);
        // Ready means ECS is done: a deployment the release does not follow would wait at the
        // pause hook for a promotion nobody is asked for, and roll back when it times out.
        if (!running.isEmpty() && now.get(m.name).getStatus().phase == Phase.Ready)
          broken.add(
              "PS-6 "
                  + m.name
                  + " is Ready while its service has an ECS deployment in progress: "
                  + running);
        int before =
            Objects.equals(uidsBefore.get(m.name), m.uid) ? deploymentsBefore.get(m.name) : 0;
        int allowed = before + (changed.contains(m.name) ? 1 : 0);
        if (list.size() > allowed) {
          broken.add(
              "PS-4 "
                  + m.name
                  + " has "
                  + list.size()
                  + " ECS deployments, at most "
                  + allowed
                  + " expected ("
                  + before
                  + " before this step"
                  + (changed.contains(m.name)
                      ? ", which changed its spec"
                      : ", which left its spec")
                  + "): "
                  + list.stream().map(ProgressiveStatefulIT::brief).toList());
        }
        m.deployments = list.size();
      }

      // PS-5: nothing tagged with a deleted incarnation's uid remains.
      if (!gone.isEmpty()) {
        Set<String> uids = gone.stream().map(Gone::uid).collect(Collectors.toSet());
        for (var e : ruleTags.entrySet()) {
          if (uids.contains(e.getValue().get(OwnerTags.OWNER_UID)))
            broken.add(
                "PS-5 rule " + e.getKey() + " of a deleted release remains: " + e.getValue());
        }
        List<TargetGroup> groups =
            retrying(() -> elb.describeTargetGroups(r -> r.pageSize(400))).targetGroups();
        Map<String, Map<String, String>> groupTags =
            tags(groups.stream().map(TargetGroup::targetGroupArn).toList());
        for (var e : groupTags.entrySet()) {
          if (uids.contains(e.getValue().get(OwnerTags.OWNER_UID)))
            broken.add(
                "PS-5 target group "
                    + e.getKey()
                    + " of a deleted release remains: "
                    + e.getValue());
        }
      }

      // PS-7: the rules carry the spec's conditions.
      for (Model m : models) {
        if (!m.exists) continue;
        ServiceRelease sr = now.get(m.name);
        StrategySpec.Traffic traffic = sr.getSpec().strategy.traffic;
        List<Rule> production = owned(rules.get(shared), ruleTags, m, "production");
        List<Rule> test =
            owned(rules.get(m.ownTestListener ? testListener : shared), ruleTags, m, "test");
        if (production.isEmpty()) broken.add("PS-7 " + m.name + " has no production rule");
        production.forEach(
            r -> sameConditions(broken, m, "production", r, TrafficRules.production(traffic)));
        if (m.preview != Preview.NONE) {
          if (test.isEmpty())
            broken.add("PS-7 " + m.name + " has preview " + m.preview + " but no test rule");
          test.forEach(r -> sameConditions(broken, m, "test", r, TrafficRules.preview(traffic)));
        } else if (!test.isEmpty()
            && sr.getStatus().phase == Phase.Ready
            && deployments.get(m.name).stream().allMatch(d -> ENDED.contains(d.statusAsString()))) {
          broken.add(
              "PS-7 " + m.name + " is Ready without preview but keeps test rule " + ids(test));
        }
      }
      if (!broken.isEmpty()) throw new Broken(String.join("\n", broken));

      // PS-6: where traffic goes matches the phase.
      servedAsThePhaseSays(deployments);
    }

    private void sameConditions(
        List<String> broken, Model m, String role, Rule r, List<RuleCondition> want) {
      if (!TrafficRules.sameConditions(r.conditions(), want)) {
        broken.add(
            "PS-7 "
                + m.name
                + "'s "
                + role
                + " rule "
                + r.priority()
                + " has conditions "
                + conditions(r.conditions())
                + ", the spec says "
                + conditions(want));
      }
    }

    /**
     * Sends traffic for a moment and checks which revisions served each settled release: Ready
     * serves its service's revision; AwaitingPromotion serves the new one only to the preview and
     * the old one to everyone else; Aborted and RolledBack serve the revision ECS rolled back to.
     */
    private void servedAsThePhaseSays(Map<String, List<ServiceDeploymentBrief>> deployments) {
      List<Model> watched = models.stream().filter(m -> m.exists && m.everReady).toList();
      if (watched.isEmpty()) return;
      Map<String, ServiceRelease> before = new HashMap<>();
      watched.forEach(m -> before.put(m.name, get(m.name)));
      Map<String, Map<String, Long>> countsBefore = counts(watched);
      sleep(Duration.ofMillis(1500));
      Map<String, Map<String, Long>> countsAfter = counts(watched);
      List<String> broken = new ArrayList<>();
      for (Model m : watched) {
        ServiceRelease was = before.get(m.name);
        ServiceRelease is = get(m.name);
        if (is == null
            || !Objects.equals(was.getStatus().phase, is.getStatus().phase)
            || !Objects.equals(was.getMetadata().getGeneration(), is.getMetadata().getGeneration())
            || !Objects.equals(was.getStatus().taskDefinitionArn, is.getStatus().taskDefinitionArn))
          continue;
        Phase phase = is.getStatus().phase;
        String previewListener = m.ownTestListener ? testListener : shared;
        String pub = key(shared, "pub-" + m.name);
        String officeOnShared = key(shared, "off-" + m.name);
        String officeOnPreview = key(previewListener, "off-" + m.name);
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        switch (phase) {
          case Ready -> {
            String td = serviceTd(m.name);
            expected.put(pub, Set.of(td));
            expected.put(officeOnShared, Set.of(td));
            if (m.preview != Preview.NONE) expected.put(officeOnPreview, Set.of(td));
          }
          case AwaitingPromotion -> {
            ServiceDeployment d = latest(deployments.get(m.name));
            if (d == null || ENDED.contains(d.statusAsString())) continue;
            String source = td(d.sourceServiceRevisions().get(0).arn());
            String target = td(d.targetServiceRevision().arn());
            expected.put(pub, Set.of(source));
            if (m.preview == Preview.NONE || m.ownTestListener) {
              expected.put(officeOnShared, Set.of(source));
            }
            if (m.preview != Preview.NONE) expected.put(officeOnPreview, Set.of(target));
          }
          case Aborted, RolledBack -> {
            ServiceDeployment d = latest(deployments.get(m.name));
            if (d == null) continue;
            if (!"ROLLBACK_SUCCESSFUL".equals(d.statusAsString())) {
              broken.add(
                  "PS-6 "
                      + m.name
                      + " is "
                      + phase
                      + " but its latest deployment is "
                      + d.statusAsString());
              continue;
            }
            String back =
                td(
                    d.rollback() != null && d.rollback().serviceRevisionArn() != null
                        ? d.rollback().serviceRevisionArn()
                        : d.sourceServiceRevisions().get(0).arn());
            String service = serviceTd(m.name);
            if (!back.equals(service))
              broken.add(
                  "PS-6 "
                      + m.name
                      + " is "
                      + phase
                      + " but its service runs "
                      + shortArn(service)
                      + ", not the previous revision "
                      + shortArn(back));
            expected.put(pub, Set.of(back));
            expected.put(officeOnShared, Set.of(back));
            if (m.preview != Preview.NONE) expected.put(officeOnPreview, Set.of(back));
          }
          default -> {}
        }
        expected.forEach(
            (k, allowed) -> {
              Map<String, Long> delta = delta(countsBefore.get(k), countsAfter.get(k));
              Set<String> served = delta.keySet();
              if (!allowed.containsAll(served)) {
                broken.add(
                    "PS-6 "
                        + m.name
                        + " is "
                        + phase
                        + ": "
                        + k
                        + " was served by "
                        + shorten(delta)
                        + ", expected only "
                        + allowed.stream().map(ProgressiveStatefulIT::shortArn).toList());
              }
            });
      }
      if (!broken.isEmpty()) throw new Broken(String.join("\n", broken));
    }

    private Map<String, Map<String, Long>> counts(List<Model> watched) {
      Map<String, Map<String, Long>> out = new HashMap<>();
      for (Model m : watched) {
        for (String listener : List.of(shared, testListener)) {
          for (String shape : List.of("pub-" + m.name, "off-" + m.name)) {
            out.put(
                key(listener, shape), sandbox.aws().traffic().byTaskDefinition(listener, shape));
          }
        }
      }
      return out;
    }

    private static String key(String listener, String shape) {
      return shape + "@" + shortArn(listener);
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
      Map<String, Long> out = new TreeMap<>();
      if (after == null) return out;
      after.forEach(
          (td, n) -> {
            long d = n - (before == null ? 0 : before.getOrDefault(td, 0L));
            if (d > 0) out.put(td, d);
          });
      return out;
    }

    // --- reading the world ---------------------------------------------------------------

    /** The rules of {@code rules} tagged as {@code m}'s current incarnation's, in {@code role}. */
    private List<Rule> owned(
        List<Rule> rules, Map<String, Map<String, String>> tags, Model m, String role) {
      return rules.stream()
          .filter(
              r -> {
                Map<String, String> t = tags.getOrDefault(r.ruleArn(), Map.of());
                return ("default/" + m.name + "/" + role).equals(t.get(OwnerTags.OWNER))
                    && Objects.equals(m.uid, t.get(OwnerTags.OWNER_UID));
              })
          .toList();
    }

    private Rule foreignRuleNow() {
      return rules(shared).stream()
          .filter(r -> r.ruleArn().equals(foreignRule))
          .findFirst()
          .orElse(null);
    }

    private String td(String revisionArn) {
      return revisionTds.computeIfAbsent(
          revisionArn,
          arn ->
              retrying(() -> ecs.describeServiceRevisions(r -> r.serviceRevisionArns(arn)))
                  .serviceRevisions()
                  .get(0)
                  .taskDefinition());
    }

    private ServiceDeployment latest(List<ServiceDeploymentBrief> list) {
      if (list == null || list.isEmpty()) return null;
      ServiceDeploymentBrief newest = list.get(0);
      return retrying(
              () ->
                  ecs.describeServiceDeployments(
                      r -> r.serviceDeploymentArns(newest.serviceDeploymentArn())))
          .serviceDeployments()
          .get(0);
    }

    private void refreshTraffic() {
      List<RequestShape> onShared = new ArrayList<>();
      onShared.add(RequestShape.of("legacy").withHost(legacyHost));
      List<RequestShape> onTest = new ArrayList<>();
      for (Model m : models) {
        if (!m.exists || !m.everReady) continue;
        onShared.add(RequestShape.of("pub-" + m.name).withHost(m.host()));
        RequestShape office =
            RequestShape.of("off-" + m.name)
                .withHost(m.host())
                .withSourceIp("203.0.113.10")
                .withHeader(PREVIEW_HEADER, "1");
        onShared.add(office);
        if (m.ownTestListener) onTest.add(office);
      }
      sandbox.aws().traffic().start(shared, onShared);
      if (onTest.isEmpty()) sandbox.aws().traffic().stop(testListener);
      else sandbox.aws().traffic().start(testListener, onTest);
    }

    private String dump() {
      StringBuilder b = new StringBuilder("world:\n");
      for (Model m : models) {
        b.append("  ").append(m).append(m.exists ? " uid " + m.uid : " (deleted)");
        b.append(" image ").append(m.image).append(" preview ").append(m.preview);
        b.append(" production ").append(m.production).append('\n');
        if (!m.exists) continue;
        b.append("    ").append(describe(get(m.name))).append('\n');
        for (ServiceDeploymentBrief d : deployments(m.name))
          b.append("    ").append(brief(d)).append('\n');
      }
      for (String l : List.of(shared, testListener)) {
        List<Rule> rs = rules(l);
        Map<String, Map<String, String>> t = tags(rs.stream().map(Rule::ruleArn).toList());
        b.append("  rules of ").append(shortArn(l)).append(":\n");
        for (Rule r : rs) {
          b.append("    ")
              .append(r.priority())
              .append(' ')
              .append(t.getOrDefault(r.ruleArn(), Map.of()).get(OwnerTags.OWNER))
              .append(' ')
              .append(conditions(r.conditions()))
              .append(" -> ")
              .append(
                  r.actions().stream()
                      .map(
                          a ->
                              a.forwardConfig() == null
                                  ? String.valueOf(a.targetGroupArn())
                                  : a.forwardConfig().targetGroups().stream()
                                      .map(g -> shortArn(g.targetGroupArn()) + "=" + g.weight())
                                      .toList()
                                      .toString())
                      .toList())
              .append('\n');
        }
      }
      b.append("  lost requests: ").append(sandbox.aws().traffic().requestsToNothingBreakdown());
      b.append('\n');
      return b.toString();
    }

    // --- the spec ------------------------------------------------------------------------

    private ServiceRelease render(Model m) {
      ServiceRelease sr = Releases.web(m.name, m.image);
      ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
      lb.targetGroupArn = m.targetGroup;
      lb.containerName = "app";
      lb.containerPort = 8080;
      sr.getSpec().service.loadBalancers = new ArrayList<>(List.of(lb));
      StrategySpec s = new StrategySpec();
      s.traffic = new StrategySpec.Traffic();
      s.traffic.listenerArn = shared;
      s.traffic.testListenerArn = m.ownTestListener ? testListener : null;
      s.traffic.roleArn = ROLE;
      s.traffic.production = new StrategySpec.RuleConditions();
      s.traffic.production.hosts =
          m.production == Production.TWO_HOSTS
              ? List.of(m.host(), "www." + m.host())
              : List.of(m.host());
      if (m.production == Production.HOST_AND_PATH) s.traffic.production.paths = List.of("/*");
      if (m.preview != Preview.NONE) {
        s.traffic.preview = new StrategySpec.RuleConditions();
        // The host too: the office's requests for the other releases must not match this one.
        s.traffic.preview.hosts = List.of(m.host());
        if (m.preview == Preview.SOURCE_IPS) s.traffic.preview.sourceIps = List.of(OFFICE);
        else {
          s.traffic.preview.header = new StrategySpec.Header();
          s.traffic.preview.header.name = PREVIEW_HEADER;
          s.traffic.preview.header.values = List.of("1");
        }
      }
      if (m.kind == Kind.CANARY) {
        s.type = StrategySpec.Type.Canary;
        s.canary = new StrategySpec.Canary();
        s.canary.percent = 25.0;
        s.canary.bakeTimeMinutes = 1;
        s.canary.finalBakeTimeMinutes = 1;
      } else {
        s.type = StrategySpec.Type.BlueGreen;
        s.blueGreen = new StrategySpec.BlueGreen();
        s.blueGreen.bakeTimeMinutes = 2;
      }
      sr.getSpec().strategy = s;
      return sr;
    }
  }

  // --- helpers -------------------------------------------------------------------------

  static String listener(int port) {
    return retrying(
            () ->
                elb.createListener(
                    r ->
                        r.loadBalancerArn(loadBalancer)
                            .protocol("HTTP")
                            .port(port)
                            .defaultActions(
                                a ->
                                    a.type("fixed-response")
                                        .fixedResponseConfig(f -> f.statusCode("404")))))
        .listeners()
        .get(0)
        .listenerArn();
  }

  static String targetGroup(String name) {
    return sandbox.aws().createTargetGroup(Releases.ACCOUNT, Releases.REGION, name, 8080);
  }

  static List<Rule> rules(String listener) {
    return retrying(() -> elb.describeRules(r -> r.listenerArn(listener))).rules().stream()
        .filter(r -> !Boolean.TRUE.equals(r.isDefault()))
        .toList();
  }

  /** Tags by ARN, read 20 at a time as DescribeTags allows. */
  static Map<String, Map<String, String>> tags(List<String> arns) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (int i = 0; i < arns.size(); i += 20) {
      List<String> page = arns.subList(i, Math.min(arns.size(), i + 20));
      for (TagDescription d :
          retrying(() -> elb.describeTags(r -> r.resourceArns(page))).tagDescriptions()) {
        out.put(
            d.resourceArn(),
            d.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)));
      }
    }
    return out;
  }

  static List<ServiceDeploymentBrief> deployments(String service) {
    try {
      List<ServiceDeploymentBrief> out = new ArrayList<>();
      String token = null;
      do {
        String next = token;
        var page =
            retrying(
                () ->
                    ecs.listServiceDeployments(
                        r -> r.cluster(CLUSTER).service(service).maxResults(100).nextToken(next)));
        out.addAll(page.serviceDeployments());
        token = page.nextToken();
      } while (token != null);
      return out;
    } catch (ServiceNotFoundException e) {
      return List.of();
    }
  }

  /**
   * Runs one of the test's own AWS calls, again while the simulator throttles it: the test shares
   * the account's buckets with the operator, and its reads are not what is under test.
   */
  static <T> T retrying(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (AwsServiceException e) {
        boolean throttled =
            e.isThrottlingException()
                || String.valueOf(e.getMessage()).contains("Rate exceeded")
                || (e.awsErrorDetails() != null
                    && String.valueOf(e.awsErrorDetails().errorCode()).startsWith("Throttl"));
        if (!throttled || attempt >= 30) throw e;
        sleep(Duration.ofMillis(Math.min(1000, 100L * attempt)));
      }
    }
  }

  static String serviceTd(String service) {
    return retrying(() -> ecs.describeServices(r -> r.cluster(CLUSTER).services(service)))
        .services()
        .get(0)
        .taskDefinition();
  }

  static String brief(ServiceDeploymentBrief d) {
    return shortArn(d.serviceDeploymentArn())
        + " "
        + d.statusAsString()
        + " -> "
        + shortArn(d.targetServiceRevisionArn());
  }

  static int priority(Rule r) {
    return Integer.parseInt(r.priority());
  }

  static List<String> ids(List<Rule> rules) {
    return rules.stream().map(r -> r.priority() + " " + shortArn(r.ruleArn())).toList();
  }

  static String conditions(List<RuleCondition> conditions) {
    return conditions.stream()
        .map(
            c ->
                c.field()
                    + "="
                    + switch (c.field()) {
                      case "source-ip" ->
                          c.sourceIpConfig() == null ? c.values() : c.sourceIpConfig().values();
                      case "host-header" ->
                          c.hostHeaderConfig() == null ? c.values() : c.hostHeaderConfig().values();
                      case "path-pattern" ->
                          c.pathPatternConfig() == null
                              ? c.values()
                              : c.pathPatternConfig().values();
                      case "http-header" ->
                          c.httpHeaderConfig() == null
                              ? c.values()
                              : List.of(
                                  c.httpHeaderConfig().httpHeaderName()
                                      + ":"
                                      + c.httpHeaderConfig().values());
                      default -> c.values();
                    })
        .toList()
        .toString();
  }

  static String describe(ServiceRelease sr) {
    if (sr == null) return "(absent)";
    if (sr.getStatus() == null) return "(no status)";
    ProgressiveStatus p = sr.getStatus().progressive;
    return sr.getStatus().phase
        + " gen "
        + sr.getMetadata().getGeneration()
        + "/"
        + sr.getStatus().observedGeneration
        + " desired "
        + sr.getStatus().desiredImage
        + ": "
        + sr.getStatus().message
        + (p == null
            ? ""
            : " [progressive state "
                + p.state
                + " stage "
                + p.stage
                + " promoteAck "
                + p.promoteAcknowledged
                + " abortAck "
                + p.abortAcknowledged
                + "]");
  }

  static Map<String, Long> shorten(Map<String, Long> byTd) {
    Map<String, Long> out = new TreeMap<>();
    byTd.forEach((k, v) -> out.put(shortArn(k), v));
    return out;
  }

  static String shortArn(String arn) {
    if (arn == null) return "-";
    int slash = arn.indexOf('/');
    return slash < 0 ? arn : arn.substring(slash + 1);
  }

  static String promoteKey() {
    return ReleaseAnnotations.PROMOTE_ANNOTATION;
  }

  static String abortKey() {
    return ReleaseAnnotations.ABORT_ANNOTATION;
  }

  static ServiceRelease apply(ServiceRelease sr) {
    Resource<ServiceRelease> r = resource(sr.getMetadata().getName());
    if (r.get() == null) return r.create(sr);
    return StaleCopies.retrying(
        () ->
            r.edit(
                existing -> {
                  existing.setSpec(sr.getSpec());
                  return existing;
                }));
  }

  static void annotate(Model m, String key, String value) {
    StaleCopies.retrying(
        () ->
            resource(m.name)
                .edit(
                    existing -> {
                      if (existing.getMetadata().getAnnotations() == null)
                        existing.getMetadata().setAnnotations(new HashMap<>());
                      existing.getMetadata().getAnnotations().put(key, value);
                      return existing;
                    }));
  }

  static Resource<ServiceRelease> resource(String name) {
    return sandbox.client().resources(ServiceRelease.class).inNamespace("default").withName(name);
  }

  static ServiceRelease get(String name) {
    return resource(name).get();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void sleep(int seconds) {
    sleep(Duration.ofSeconds(seconds));
  }
}
