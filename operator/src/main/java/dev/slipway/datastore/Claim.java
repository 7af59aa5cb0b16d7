package dev.slipway.datastore;

/**
 * The answer to "make this schema (or namespace) mine": {@code OWNED} it is, now; {@code TAKEN} the
 * ledger names another holder; {@code FOREIGN} it exists but no ledger names anyone, so it was not
 * made by Slipway and is left alone.
 */
public record Claim(Result result, LedgerEntry holder) {
  /** The kinds of answers. */
  public enum Result {
    OWNED,
    TAKEN,
    FOREIGN
  }

  static Claim owned(LedgerEntry entry) {
    return new Claim(Result.OWNED, entry);
  }

  static Claim taken(LedgerEntry holder) {
    return new Claim(Result.TAKEN, holder);
  }

  static Claim foreign() {
    return new Claim(Result.FOREIGN, null);
  }

  public boolean owned() {
    return result == Result.OWNED;
  }
}
