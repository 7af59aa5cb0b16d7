package dev.slipway.environment;

import java.util.stream.IntStream;

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

  public IntStream ports() {
    return IntStream.rangeClosed(from, to);
  }

  @Override
  public String toString() {
    return from + "-" + to;
  }
}
