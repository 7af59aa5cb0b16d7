package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** CloudWatch metric alarms of one account and Region: only what deployments watch, the state. */
final class AlarmStore {
  /** An alarm's state as DescribeAlarms reports it. */
  static final class Alarm {
    final String name;
    final String arn;
    String state = "INSUFFICIENT_DATA";
    String reason = "Unchecked: Initial alarm creation";
    Instant updatedAt;

    Alarm(String name, String arn, Instant createdAt) {
      this.name = name;
      this.arn = arn;
      this.updatedAt = createdAt;
    }
  }

  final Map<String, Alarm> alarms = new TreeMap<>();

  Alarm get(String name) {
    return alarms.get(name);
  }

  /** Sets an alarm's state, creating the alarm if tests (or the sandbox) have not yet. */
  Alarm set(RegionState rs, String name, String state, String reason) {
    Alarm a =
        alarms.computeIfAbsent(
            name,
            n ->
                new Alarm(
                    n,
                    "arn:aws:cloudwatch:" + rs.region + ":" + rs.account + ":alarm:" + n,
                    rs.now()));
    if (!a.state.equals(state)) a.updatedAt = rs.now();
    a.state = state;
    a.reason = reason;
    return a;
  }

  boolean inAlarm(String name) {
    Alarm a = alarms.get(name);
    return a != null && a.state.equals("ALARM");
  }
}
