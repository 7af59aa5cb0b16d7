package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * EventBridge Scheduler in one account and Region: schedule groups, schedules, the invocations they
 * made, and the at-least-once duplicates to inject. Schedules fire lazily: whenever the Region is
 * brought up to date, every slot since the last time is invoked as of its own instant.
 */
final class ScheduleStore {
  static final String DEFAULT_GROUP = "default";

  /** A schedule group; "default" always exists. */
  record Group(String name, String arn, Instant creationDate, Map<String, String> tags) {}

  /** A CreateSchedule seen with a client token: what was asked and what was answered. */
  record TokenUse(ScheduleRequest request, String arn) {}

  /** An invocation waiting for its time (in a flexible window, or a duplicate). */
  private record Pending(
      Instant at, long sequence, ScheduleModel schedule, Instant slot, boolean duplicate) {}

  final Map<String, Group> groups = new TreeMap<>();
  final Map<String, ScheduleModel> schedules = new TreeMap<>();
  final Map<String, TokenUse> createTokens = new HashMap<>();
  final Set<String> deleteTokens = new HashSet<>();
  final List<ScheduleInvocation> invocations = new ArrayList<>();
  final Set<String> duplicateNext = new HashSet<>();
  double duplicateRate;
  private final PriorityQueue<Pending> pending =
      new PriorityQueue<>(Comparator.comparing(Pending::at).thenComparingLong(Pending::sequence));
  private final Random random;
  private long sequence;

  ScheduleStore(long seed) {
    this.random = new Random(seed);
  }

  static String key(String group, String name) {
    return group + "/" + name;
  }

  /** A group by name, creating the default group the first time it is asked for. */
  Group group(RegionState rs, String name) {
    if (name.equals(DEFAULT_GROUP)) {
      groups.computeIfAbsent(
          DEFAULT_GROUP, n -> new Group(n, groupArn(rs, n), Instant.EPOCH, new TreeMap<>()));
    }
    return groups.get(name);
  }

  static String groupArn(RegionState rs, String name) {
    return "arn:aws:scheduler:" + rs.region + ":" + rs.account + ":schedule-group/" + name;
  }

  static String scheduleArn(RegionState rs, String group, String name) {
    return "arn:aws:scheduler:" + rs.region + ":" + rs.account + ":schedule/" + group + "/" + name;
  }

  /**
   * Takes every schedule's slots up to now, queues their invocations (and any duplicate), then runs
   * those whose time has come, in time order, and deletes schedules that asked to be deleted once
   * complete.
   */
  void fireDue(RegionState rs, Instant now) {
    for (ScheduleModel s : List.copyOf(schedules.values())) {
      for (Instant slot : s.takeDue(now)) {
        if (s.enabled()) queue(s, slot);
      }
    }
    ScheduleInvoker invoker = new ScheduleInvoker(rs);
    while (!pending.isEmpty() && !pending.peek().at().isAfter(now)) {
      Pending p = pending.poll();
      // A schedule deleted, replaced or disabled before its invocation came makes none.
      if (schedules.get(key(p.schedule().group, p.schedule().name)) != p.schedule()) continue;
      if (!p.schedule().enabled()) continue;
      invocations.add(invoker.invoke(p.schedule(), p.slot(), p.at(), p.duplicate()));
    }
    schedules
        .values()
        .removeIf(
            s ->
                s.deleteAfterCompletion()
                    && s.finished()
                    && pending.stream().noneMatch(p -> p.schedule() == s));
  }

  private void queue(ScheduleModel s, Instant slot) {
    Instant at = s.invokeAt(slot);
    pending.add(new Pending(at, sequence++, s, slot, false));
    boolean injected = duplicateNext.remove(key(s.group, s.name));
    if (injected || duplicateRate > 0 && random.nextDouble() < duplicateRate) {
      // At-least-once: the same slot again a few seconds later, as a separate RunTask.
      pending.add(new Pending(at.plusSeconds(1 + random.nextInt(30)), sequence++, s, slot, true));
    }
  }
}
