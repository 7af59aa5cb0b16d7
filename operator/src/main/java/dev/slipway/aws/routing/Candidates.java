package dev.slipway.aws.routing;

import java.util.List;
import java.util.random.RandomGenerator;

/** Chooses which free slot (port or rule priority) to try next. */
final class Candidates {
  private Candidates() {}

  /**
   * The lowest free slot on a first try. After {@code conflicts} lost races, a random one of the
   * lowest {@code conflicts + 1}: allocators that all lost the same slot would otherwise keep
   * colliding in lockstep on the next lowest one.
   */
  static int pick(List<Integer> free, int conflicts, RandomGenerator random) {
    int spread = Math.min(free.size(), conflicts + 1);
    return free.get(spread <= 1 ? 0 : random.nextInt(spread));
  }
}
