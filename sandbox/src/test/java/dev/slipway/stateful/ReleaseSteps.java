package dev.slipway.stateful;

/**
 * The operations a ServiceRelease sequence is made of; each prints itself as the Java that
 * recreates it, so a failing sequence pastes straight into a regression test.
 */
final class ReleaseSteps {
  private ReleaseSteps() {}

  /** One operation of a sequence. */
  sealed interface Step permits Create, Bump, Delete, Restart, ForeignRegister, Collide {
    String java();
  }

  /**
   * The task definition family a release registers in: its own, or the one a tool other than
   * Slipway (ecspresso, the console) also registers revisions in.
   */
  enum Family {
    OWN,
    SHARED
  }

  /** What a deleted release does to AWS. */
  enum Policy {
    Retain,
    Delete
  }

  /** A new release (its service named after it). */
  record Create(String name, Family family, String tag, Policy policy) implements Step {
    public String java() {
      return "new Create("
          + q(name)
          + ", Family."
          + family
          + ", "
          + q(tag)
          + ", Policy."
          + policy
          + ")";
    }
  }

  /** A new image tag (one ending in -crashloop never becomes healthy). */
  record Bump(String name, String tag) implements Step {
    public String java() {
      return "new Bump(" + q(name) + ", " + q(tag) + ")";
    }
  }

  /** Sets deletionPolicy, then kubectl delete. */
  record Delete(String name, Policy policy) implements Step {
    public String java() {
      return "new Delete(" + q(name) + ", Policy." + policy + ")";
    }
  }

  /** The operator dies at the k-th AWS call of the next step (k = 0: restarts now). */
  record Restart(CrashPlan.Via via, int k, boolean stayDown) implements Step {
    public String java() {
      return "new Restart(CrashPlan.Via." + via + ", " + k + ", " + stayDown + ")";
    }
  }

  /** Another tool registers a revision in the shared family. */
  record ForeignRegister(String tag) implements Step {
    public String java() {
      return "new ForeignRegister(" + q(tag) + ")";
    }
  }

  /** A release whose service name is the foreign service's (without the adopt annotation). */
  record Collide(String name, Policy policy) implements Step {
    public String java() {
      return "new Collide(" + q(name) + ", Policy." + policy + ")";
    }
  }

  private static String q(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
