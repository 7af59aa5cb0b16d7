package dev.slipway.aws.routing;

/**
 * A claim cannot get the slots its owner lacks: the range has too few free numbers, or AWS refuses
 * more resources in the scope. The look that threw created nothing; what the owner already held is
 * still held. Callers turn it into words their users can act on (widen the range, use another
 * listener), which is why it carries the counts.
 */
public final class SlotsExhaustedException extends RuntimeException {
  /** Which limit was met. */
  public enum Reason {
    /** Fewer free numbers in the range than the owner lacks. */
    RANGE_FULL,
    /** AWS's per-scope limit (TooManyListeners, TooManyRules) refused the create. */
    SCOPE_LIMIT
  }

  private final Reason reason;
  private final String scope;
  private final SlotRange range;
  private final int resources;
  private final int usedInRange;

  SlotsExhaustedException(
      Reason reason, String message, String scope, SlotRange range, int resources, int used) {
    super(message);
    this.reason = reason;
    this.scope = scope;
    this.range = range;
    this.resources = resources;
    this.usedInRange = used;
  }

  public Reason reason() {
    return reason;
  }

  /** The load balancer or listener ARN. */
  public String scope() {
    return scope;
  }

  public SlotRange range() {
    return range;
  }

  /** How many resources of the kind the scope had, in the range or not, whoever owns them. */
  public int resources() {
    return resources;
  }

  /** How many numbers of the range were held, by anyone. */
  public int usedInRange() {
    return usedInRange;
  }
}
