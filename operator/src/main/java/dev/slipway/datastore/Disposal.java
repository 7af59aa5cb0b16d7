package dev.slipway.datastore;

/**
 * What a teardown did to one schema or namespace: dropped it, kept it (released to its scope or
 * still owned), or nothing because the ledger does not name the caller ({@code NOT_OWNED}, with the
 * holder if any) — the refusal that keeps one environment from destroying another's data.
 */
public record Disposal(Result result, LedgerEntry holder) {
  /** The kinds of outcomes. */
  public enum Result {
    DROPPED,
    KEPT,
    NOT_OWNED
  }

  static Disposal dropped() {
    return new Disposal(Result.DROPPED, null);
  }

  static Disposal kept() {
    return new Disposal(Result.KEPT, null);
  }

  static Disposal notOwned(LedgerEntry holder) {
    return new Disposal(Result.NOT_OWNED, holder);
  }
}
