package dev.slipway.sandbox.sim;

import java.util.List;

/**
 * EventBridge Scheduler's side of one account and Region as tests and the sandbox see it: the
 * invocations schedules made, and the duplicate invocations AWS's at-least-once delivery allows,
 * injected on demand. Every call first brings the Region up to the clock, so due slots have fired.
 */
public final class ScheduleControl {
  private final AwsSimulator sim;
  private final String accountId;
  private final String region;

  ScheduleControl(AwsSimulator sim, String accountId, String region) {
    this.sim = sim;
    this.accountId = accountId;
    this.region = region;
  }

  /** Every invocation so far, in the order they happened. */
  public List<ScheduleInvocation> invocations() {
    return sim.locked(accountId, region, rs -> List.copyOf(rs.schedules.invocations));
  }

  /** The invocations of one schedule of the default group. */
  public List<ScheduleInvocation> invocations(String scheduleName) {
    return invocations(ScheduleStore.DEFAULT_GROUP, scheduleName);
  }

  public List<ScheduleInvocation> invocations(String groupName, String scheduleName) {
    return invocations().stream()
        .filter(i -> i.groupName().equals(groupName) && i.scheduleName().equals(scheduleName))
        .toList();
  }

  /** The schedule's next slot is invoked twice, the second time a few seconds later. */
  public void duplicateNextInvocation(String scheduleName) {
    duplicateNextInvocation(ScheduleStore.DEFAULT_GROUP, scheduleName);
  }

  public void duplicateNextInvocation(String groupName, String scheduleName) {
    sim.locked(
        accountId,
        region,
        rs -> rs.schedules.duplicateNext.add(ScheduleStore.key(groupName, scheduleName)));
  }

  /** Every slot of every schedule here is invoked twice with this probability (0 to 1). */
  public void duplicateInvocations(double rate) {
    if (rate < 0 || rate > 1) throw new IllegalArgumentException("rate is between 0 and 1");
    sim.locked(
        accountId,
        region,
        rs -> {
          rs.schedules.duplicateRate = rate;
          return null;
        });
  }
}
