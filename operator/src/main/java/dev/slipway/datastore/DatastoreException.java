package dev.slipway.datastore;

/**
 * A datastore call failed; the message names the operation and target, never a credential. {@link
 * #unavailable()} tells an unreachable server (retry later) from a refused statement (a problem to
 * report).
 */
public class DatastoreException extends RuntimeException {
  private final boolean unavailable;

  public DatastoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  public DatastoreException(String message, Throwable cause, boolean unavailable) {
    super(message, cause);
    this.unavailable = unavailable;
  }

  /** True when the server could not be reached or dropped the connection. */
  public boolean unavailable() {
    return unavailable;
  }
}
