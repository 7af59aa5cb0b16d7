package dev.slipway.environment;

/**
 * No way in is left for a new environment: every port of the range is taken, or AWS refuses more
 * listeners or rules. Nothing was created by the failing call.
 */
public final class RoutingExhaustedException extends RuntimeException {
  public RoutingExhaustedException(String message) {
    super(message);
  }
}
