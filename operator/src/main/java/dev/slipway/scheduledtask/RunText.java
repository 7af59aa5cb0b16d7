package dev.slipway.scheduledtask;

import java.util.Map;
import java.util.Set;

/**
 * A batch run's record in words, the same in {@code kubectl slipway status} and the sandbox's
 * progress view: which results are finished runs, the exit codes, the duration.
 */
public final class RunText {
  /**
   * Results of a run that was started, or was due to start and could not: a person wants each. A
   * slot skipped or missed started nothing and shows in the counts only.
   */
  private static final Set<String> FINISHED =
      Set.of(
          RunTracker.SUCCEEDED,
          RunTracker.FAILED,
          RunTracker.TIMED_OUT,
          RunTracker.REPLACED,
          RunTracker.NOT_STARTED);

  private RunText() {}

  /** Whether a run with this result is still going. */
  public static boolean running(String result) {
    return RunTracker.RUNNING.equals(result);
  }

  /** Whether a run with this result succeeded. */
  public static boolean succeeded(String result) {
    return RunTracker.SUCCEEDED.equals(result);
  }

  /** Whether a run with this result has finished (as opposed to running, skipped or missed). */
  public static boolean finished(String result) {
    return result != null && FINISHED.contains(result);
  }

  /** {@code app=0, sidecar=137}; {@code -} when no container reported one. */
  public static String exitCodes(Map<String, Integer> codes) {
    if (codes == null || codes.isEmpty()) return "-";
    StringBuilder s = new StringBuilder();
    codes.forEach((name, code) -> s.append(s.isEmpty() ? "" : ", ").append(name + "=" + code));
    return s.toString();
  }

  /** {@code 42s}, {@code 7m05s}, {@code 2h03m}; {@code -} when unknown (not stopped yet). */
  public static String duration(Long seconds) {
    if (seconds == null || seconds < 0) return "-";
    long s = seconds;
    if (s < 60) return s + "s";
    if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
