package dev.slipway.sandbox.sim;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/** EventBridge Scheduler's errors, with its codes, statuses and message shapes. */
final class SchedulerErrors {
  private SchedulerErrors() {}

  static AwsServiceException validation(String message) {
    return AwsErrors.client(ValidationException.builder(), AwsErrors.SCHEDULER, message);
  }

  /** A request field that breaks a modelled constraint, worded as AWS's request validation. */
  static AwsServiceException constraint(String field, Object value, String constraint) {
    String shown = value == null ? "null" : "'" + value + "'";
    return validation(
        "1 validation error detected: Value "
            + shown
            + " at '"
            + field
            + "' failed to satisfy constraint: "
            + constraint);
  }

  static AwsServiceException conflict(String message) {
    return AwsErrors.build(
        ConflictException.builder(), AwsErrors.SCHEDULER, "ConflictException", message, 409);
  }

  static AwsServiceException notFound(String message) {
    return AwsErrors.build(
        ResourceNotFoundException.builder(),
        AwsErrors.SCHEDULER,
        "ResourceNotFoundException",
        message,
        404);
  }
}
