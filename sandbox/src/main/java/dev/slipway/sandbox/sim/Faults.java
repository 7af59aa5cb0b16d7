package dev.slipway.sandbox.sim;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runtime-configurable fault injection. Rules are looked up by "service:Operation", then
 * "Operation", then "*"; dice are rolled from a seeded {@link Random} so runs are repeatable.
 */
public final class Faults {
  /** What to do to one call. {@code error} is null when the call should go through. */
  record Decision(FaultKind error, long latencyMs, boolean failAfterApply) {
    static final Decision NONE = new Decision(null, 0, false);
  }

  private final Map<String, FaultRule> rules = new ConcurrentHashMap<>();
  private final Random random;

  Faults(long seed) {
    this.random = new Random(seed);
  }

  /** Sets the rule for an operation name ("UpdateService"), "service:Operation" or "*". */
  public Faults set(String operation, FaultRule rule) {
    rules.put(operation, rule);
    return this;
  }

  /** Removes the rule for one operation key. */
  public Faults remove(String operation) {
    rules.remove(operation);
    return this;
  }

  /** Removes all rules. */
  public Faults clear() {
    rules.clear();
    return this;
  }

  Decision decide(String service, String operation) {
    FaultRule rule = rules.get(service + ":" + operation);
    if (rule == null) rule = rules.get(operation);
    if (rule == null) rule = rules.get("*");
    if (rule == null) return Decision.NONE;
    synchronized (random) {
      FaultKind error = random.nextDouble() < rule.errorRate() ? rule.kind() : null;
      boolean after = error == null && random.nextDouble() < rule.afterApplyRate();
      return new Decision(error, rule.latencyMs(), after);
    }
  }
}
