package dev.slipway.bench;

import dev.slipway.aws.ThrottleBucket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Token-bucket arithmetic for the benchmark: least possible durations, ratios, percentiles. */
public final class Bounds {
  private Bounds() {}

  /**
   * The least time {@code calls} requests can take through a bucket that starts full: the first
   * {@code burst} go at once, every further one waits for a refill, so the last can go no earlier
   * than {@code (calls - burst) / refill} seconds after the first.
   */
  public static double seconds(long calls, double burst, double refillPerSecond) {
    return Math.max(0, calls - burst) / refillPerSecond;
  }

  /** The bound for AWS's own published bucket. */
  public static double awsSeconds(long calls, ThrottleBucket bucket) {
    return seconds(calls, bucket.burst(), bucket.refillPerSecond());
  }

  /**
   * The bound for Slipway's client-side limiter, which allows itself {@code fraction} of AWS's
   * burst and refill (the same sizing as {@code ClientRateLimiter}), so it is the tighter one.
   */
  public static double clientSeconds(long calls, ThrottleBucket bucket, double fraction) {
    return seconds(
        calls, Math.max(1, bucket.burst() * fraction), bucket.refillPerSecond() * fraction);
  }

  /** How long a bucket takes to refill from empty to full. */
  public static double refillSeconds(ThrottleBucket bucket) {
    return bucket.burst() / bucket.refillPerSecond();
  }

  /** measured / bound; NaN when the bound is 0 (nothing to compare with). */
  public static double ratio(double measured, double bound) {
    return bound <= 0 ? Double.NaN : measured / bound;
  }

  /**
   * The lowest level a bucket that starts full falls to when one token is taken at each of {@code
   * nanos} ({@link System#nanoTime()} values, in any order): how close those calls came to being
   * throttled: the tokens left just after the busiest moment's call. Below 0 means a call found the
   * bucket empty (AWS would have throttled it).
   */
  public static double lowestLevel(Collection<Long> nanos, double burst, double refillPerSecond) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    double level = burst;
    double lowest = burst;
    Long last = null;
    for (long t : sorted) {
      if (last != null) level = Math.min(burst, level + (t - last) / 1e9 * refillPerSecond);
      level -= 1;
      lowest = Math.min(lowest, level);
      last = t;
    }
    return lowest;
  }

  /**
   * The most calls in any window of {@code windowNanos} (a window starting at one of the calls):
   * the peak rate, e.g. calls in the busiest second.
   */
  public static long peakInWindow(Collection<Long> nanos, long windowNanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    long peak = 0;
    int first = 0;
    for (int last = 0; last < sorted.size(); last++) {
      while (sorted.get(last) - sorted.get(first) >= windowNanos) first++;
      peak = Math.max(peak, last - first + 1);
    }
    return peak;
  }

  /** Nearest-rank percentile ({@code p} in (0, 100]) of the values; NaN when there are none. */
  public static double percentile(Collection<Double> values, double p) {
    if (values.isEmpty()) return Double.NaN;
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
