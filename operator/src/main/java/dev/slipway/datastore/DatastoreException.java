package dev.slipway.datastore;

/** A datastore call failed; the message names the operation and target, never a credential. */
public class DatastoreException extends RuntimeException {
  public DatastoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
