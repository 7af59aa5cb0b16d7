package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.List;

/**
 * One invocation of an EventBridge Scheduler schedule's ECS target: the slot it was for, when it
 * ran, the tasks RunTask started, or the error it met (and the dead-letter queue it went to).
 * {@code duplicate} marks the extra invocations of at-least-once delivery.
 */
public record ScheduleInvocation(
    String scheduleArn,
    String groupName,
    String scheduleName,
    Instant scheduledTime,
    Instant invokedAt,
    boolean duplicate,
    List<String> taskArns,
    String errorCode,
    String errorMessage,
    String deadLetterArn) {

  public boolean succeeded() {
    return errorCode == null;
  }
}
