package dev.slipway.environment;

import dev.slipway.aws.routing.SlotRange;

/** An inclusive range of listener ports Slipway may allocate from on a shared load balancer. */
public record PortRange(int from, int to) {

  public PortRange {
    if (from < 1 || to > 65535 || from > to) {
      throw new IllegalArgumentException(
          "port range must satisfy 1 <= from <= to <= 65535, got " + from + "-" + to);
    }
  }

  public boolean contains(int port) {
    return port >= from && port <= to;
  }

  public int size() {
    return to - from + 1;
  }

  /** The same range, as the slot allocator takes it. */
  public SlotRange slots() {
    return new SlotRange(from, to);
  }

  @Override
  public String toString() {
    return from + "-" + to;
  }
}
