package dev.slipway.environment.refresh;

import java.time.Duration;

/**
 * What one look at a refresh step found: it is done, it must be looked at again later (the thing it
 * waits for is on its way), or it failed with an error of a known kind.
 */
record StepResult(Kind kind, String detail, Duration after, String errorCode, ErrorKind error) {
  enum Kind {
    DONE,
    WAITING,
    FAILED
  }

  static StepResult done(String detail) {
    return new StepResult(Kind.DONE, detail, null, null, null);
  }

  static StepResult waiting(String detail, Duration after) {
    return new StepResult(Kind.WAITING, detail, after, null, null);
  }

  static StepResult failed(ErrorKind error, String code, String message) {
    return new StepResult(Kind.FAILED, message, null, code, error);
  }
}
