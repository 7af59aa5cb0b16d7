package dev.slipway.aws.routing;

/**
 * A claim lost the race for a free number {@link OwnedSlots#MAX_ATTEMPTS} times in a row: other
 * allocators keep taking the free slots. Nothing of another owner was touched; the caller's
 * reconcile retries later.
 */
public final class SlotContentionException extends IllegalStateException {
  SlotContentionException(String message) {
    super(message);
  }
}
