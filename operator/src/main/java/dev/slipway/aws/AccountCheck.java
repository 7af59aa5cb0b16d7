package dev.slipway.aws;

/**
 * Result of comparing the AWS account Slipway's credentials belong to with the account a resource
 * names; reconcilers must not write when {@link #matches()} is false.
 *
 * @param expected the account the spec names (spec.aws.accountId), or null when not set
 * @param actual the account STS says the credentials belong to, or null when not checked
 */
public record AccountCheck(boolean matches, String expected, String actual) {

  /** Nothing to guard: the spec names no account. */
  static AccountCheck unchecked() {
    return new AccountCheck(true, null, null);
  }

  /** A sentence for logs, events and status conditions. */
  public String message() {
    if (expected == null) {
      return "spec.aws.accountId is not set; the AWS account was not checked";
    }
    if (matches) {
      return "caller identity is account " + actual + " as spec.aws.accountId expects";
    }
    return "caller identity is account "
        + actual
        + " but spec.aws.accountId is "
        + expected
        + "; refusing to write";
  }
}
