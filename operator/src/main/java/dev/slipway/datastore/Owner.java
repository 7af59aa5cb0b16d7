package dev.slipway.datastore;

import java.util.Objects;

/**
 * Who holds a schema or Redis namespace in a server's ownership ledger: the uid of the very object
 * that claimed it (a deleted and re-created object of the same name is someone else), its {@code
 * namespace/name} for messages, and its scope (the shared environment it came from), which decides
 * who may take over a schema that was kept on delete.
 */
public record Owner(String uid, String ref, String scope) {
  public Owner {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(scope, "scope");
    if (uid.isBlank()) throw new IllegalArgumentException("owner uid must not be blank");
  }
}
