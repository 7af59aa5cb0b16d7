package dev.slipway.ecschedule;

/** A config the import cannot turn into manifests at all; the message says what to fix. */
public final class ImportException extends RuntimeException {
  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
