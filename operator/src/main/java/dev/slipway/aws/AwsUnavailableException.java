package dev.slipway.aws;

/**
 * Thrown without calling AWS when a service has recently been failing (its circuit breaker is
 * open), so reconcilers requeue instead of piling more load onto a broken endpoint.
 */
public class AwsUnavailableException extends RuntimeException {
  private final transient AwsTarget target;
  private final String service;

  public AwsUnavailableException(
      AwsTarget target, String service, String message, Throwable cause) {
    super(message, cause);
    this.target = target;
    this.service = service;
  }

  public AwsTarget target() {
    return target;
  }

  public String service() {
    return service;
  }
}
