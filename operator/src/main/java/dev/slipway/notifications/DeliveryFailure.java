package dev.slipway.notifications;

/**
 * Why one delivery attempt failed, in words safe to show (no URL path, no credential), and whether
 * trying again can help: a server error or a timeout can pass, a refused request does not.
 */
final class DeliveryFailure extends Exception {
  private final boolean retryable;

  DeliveryFailure(String message, boolean retryable) {
    super(message, null, false, false);
    this.retryable = retryable;
  }

  boolean retryable() {
    return retryable;
  }
}
