package dev.slipway.datastore;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Whether one more branch environment fits the staging server's connections: refusing up front with
 * numbers beats letting every environment fail later with "Too many connections".
 */
public final class ConnectionBudget {
  private ConnectionBudget() {}

  /** The outcome; {@code message} explains it with the numbers either way. */
  public record Decision(boolean allowed, long needed, long limit, String message) {}

  /**
   * @param liveTasks task count of each live environment of the parent (excluding the new one)
   * @param newTasks task count of the environment about to be created
   * @param connectionsPerTask connections each task may open (the policy's pool size)
   * @param serverMaxConnections {@code max_connections} read from the server
   * @param policyCap the policy's lower cap, if any; the effective limit is the smaller
   */
  public static Decision check(
      List<Integer> liveTasks,
      int newTasks,
      int connectionsPerTask,
      int serverMaxConnections,
      OptionalInt policyCap) {
    long tasks = newTasks + liveTasks.stream().mapToLong(Integer::longValue).sum();
    long needed = tasks * connectionsPerTask;
    long limit =
        policyCap.isPresent()
            ? Math.min(serverMaxConnections, policyCap.getAsInt())
            : serverMaxConnections;
    boolean allowed = needed <= limit;
    String message =
        String.format(
            Locale.US,
            "%s %,d of %,d connections (%s); max_connections %,d, %s",
            "would use",
            needed,
            limit,
            breakdown(liveTasks, newTasks, tasks, connectionsPerTask),
            serverMaxConnections,
            policyCap.isPresent()
                ? String.format(Locale.US, "policy cap %,d", policyCap.getAsInt())
                : "no policy cap");
    return new Decision(allowed, needed, limit, message);
  }

  /** "26 environments × 2 tasks × 20 per task", or the task total when environments differ. */
  private static String breakdown(List<Integer> live, int newTasks, long tasks, int perTask) {
    int environments = live.size() + 1;
    boolean uniform = live.stream().allMatch(t -> t == newTasks);
    String envs = String.format(Locale.US, "%,d environment%s", environments, plural(environments));
    return uniform
        ? String.format(
            Locale.US, "%s × %,d task%s × %,d per task", envs, newTasks, plural(newTasks), perTask)
        : String.format(Locale.US, "%s, %,d tasks × %,d per task", envs, tasks, perTask);
  }

  private static String plural(long n) {
    return n == 1 ? "" : "s";
  }
}
