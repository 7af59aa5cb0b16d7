package dev.slipway.sandbox.sim;

/** The kind of error an injected fault returns to the caller. */
public enum FaultKind {
  INTERNAL_FAILURE(500, "InternalFailure", "We encountered an internal error. Please try again."),
  SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service is unavailable. Please try again."),
  THROTTLING(400, "ThrottlingException", "Rate exceeded");

  private final int status;
  private final String code;
  private final String message;

  FaultKind(int status, String code, String message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String message() {
    return message;
  }
}
