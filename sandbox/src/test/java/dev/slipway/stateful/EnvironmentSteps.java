package dev.slipway.stateful;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The operations a StagingEnvironment sequence is made of. Each prints itself as the Java that
 * recreates it, so a failing sequence pastes straight into a regression test.
 */
final class EnvironmentSteps {
  private EnvironmentSteps() {}

  /** One operation of a sequence. */
  sealed interface Step
      permits CreateShared,
          CreateBranch,
          Burst,
          Delete,
          Revive,
          ExpireTtl,
          Restart,
          Cut,
          Restore,
          RemoveSecret,
          RestoreSecret {
    String java();
  }

  /** How branches of a shared environment are reached. */
  enum Routing {
    PORT,
    HOST_HEADER
  }

  /**
   * What is wrong with a shared environment, if anything. SAME_PATTERN is not wrong in itself: it
   * copies another shared environment's engine and schema/Redis patterns (see {@code twinOf}).
   */
  enum Flaw {
    NONE,
    LONG_PATTERN,
    PG_PREFIX,
    MISSING_LOAD_BALANCER,
    MISSING_SECRET,
    SAME_PATTERN;

    /** A flaw that makes the shared environment invalid from the start, for good. */
    boolean invalidates() {
      return this == LONG_PATTERN
          || this == PG_PREFIX
          || this == MISSING_LOAD_BALANCER
          || this == MISSING_SECRET;
    }
  }

  /** A shared environment; {@code twinOf} names the one whose patterns SAME_PATTERN copies. */
  record CreateShared(String name, Engine engine, Routing routing, Flaw flaw, String twinOf)
      implements Step {
    public String java() {
      return "new CreateShared("
          + q(name)
          + ", Engine."
          + engine
          + ", Routing."
          + routing
          + ", Flaw."
          + flaw
          + ", "
          + q(twinOf)
          + ")";
    }
  }

  /** A branch environment of {@code shared}. */
  record CreateBranch(String name, String shared, String branch, String tag) implements Step {
    public String java() {
      return "new CreateBranch("
          + q(name)
          + ", "
          + q(shared)
          + ", "
          + q(branch)
          + ", "
          + q(tag)
          + ")";
    }
  }

  /** Several branch environments created before the operator looks: they race for slots. */
  record Burst(List<CreateBranch> creates) implements Step {
    public String java() {
      return "new Burst(List.of("
          + creates.stream().map(CreateBranch::java).collect(Collectors.joining(", "))
          + "))";
    }
  }

  /** kubectl delete of an environment (shared or branch). */
  record Delete(String name) implements Step {
    public String java() {
      return "new Delete(" + q(name) + ")";
    }
  }

  /** A new image tag: a spec change, which also brings an expired environment back. */
  record Revive(String name, String tag) implements Step {
    public String java() {
      return "new Revive(" + q(name) + ", " + q(tag) + ")";
    }
  }

  /** Time passes beyond the branch TTL. */
  record ExpireTtl() implements Step {
    public String java() {
      return "new ExpireTtl()";
    }
  }

  /**
   * The operator dies at the k-th AWS call or datastore connection of the next step (k = 0:
   * restarts right now); with {@code stayDown} it stays down until the step after that one has done
   * its own change.
   */
  record Restart(CrashPlan.Via via, int k, boolean stayDown) implements Step {
    public String java() {
      return "new Restart(CrashPlan.Via." + via + ", " + k + ", " + stayDown + ")";
    }
  }

  /** A datastore becomes unreachable (open connections dropped, new ones refused). */
  record Cut(Datastores.Store store) implements Step {
    public String java() {
      return "new Cut(Datastores.Store." + store + ")";
    }
  }

  /** The datastore is back. */
  record Restore(Datastores.Store store) implements Step {
    public String java() {
      return "new Restore(Datastores.Store." + store + ")";
    }
  }

  /** The admin Secret of an engine's shared environments is deleted. */
  record RemoveSecret(Engine engine) implements Step {
    public String java() {
      return "new RemoveSecret(Engine." + engine + ")";
    }
  }

  /** The admin Secret comes back. */
  record RestoreSecret(Engine engine) implements Step {
    public String java() {
      return "new RestoreSecret(Engine." + engine + ")";
    }
  }

  private static String q(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
