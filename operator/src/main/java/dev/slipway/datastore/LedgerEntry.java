package dev.slipway.datastore;

/**
 * One row of an ownership ledger: a schema (or Redis namespace) and the object that claimed it.
 * {@code retained} marks a schema its owner kept on delete ({@code dropSchemaOnDelete: false}),
 * which a later environment of the same scope may take over.
 */
public record LedgerEntry(
    String name, String ownerUid, String owner, String scope, boolean retained) {

  /**
   * Whether {@code o} holds this entry: the same uid and name (a uid alone suffices on a real API
   * server; test and sandbox servers may hand out the same uids again after a restart).
   */
  public boolean ownedBy(Owner o) {
    return !retained && o.uid().equals(ownerUid) && o.ref().equals(owner);
  }
}
