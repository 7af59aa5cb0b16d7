package dev.slipway.environment;

/**
 * A target group, listener or rule this environment needs exists but is not provably its own; it is
 * left alone and reported (reason RoutingConflict) rather than used or deleted.
 */
final class RoutingConflictException extends RuntimeException {
  RoutingConflictException(String message) {
    super(message);
  }
}
