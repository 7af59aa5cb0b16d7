package dev.slipway.schedule;

/**
 * A schedule expression or time zone EventBridge Scheduler would refuse; the message names the part
 * that is wrong and how to write it, ready to show on a resource's status.
 */
public final class InvalidScheduleException extends IllegalArgumentException {
  public InvalidScheduleException(String message) {
    super(message);
  }
}
