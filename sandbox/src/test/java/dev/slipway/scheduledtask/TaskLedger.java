package dev.slipway.scheduledtask;

import dev.slipway.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Every batch task (task group {@code slipway-batch:...}) of one cluster the test has seen, as last
 * described. ECS forgets a stopped task after an hour, which is a minute of wall time at 60x, so
 * the invariants read this ledger, fed at least once per step, rather than ECS itself.
 */
final class TaskLedger {
  private final EcsClient ecs;
  private final String cluster;
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private long lastLook = System.nanoTime() - 2_000_000_000L;

  TaskLedger(EcsClient ecs, String cluster) {
    this.ecs = ecs;
    this.cluster = cluster;
  }

  /**
   * Lists and describes the cluster's tasks, running and stopped, and records the batch ones; at
   * most once a second, since the test's calls draw from the account's API buckets like the
   * operator's do.
   */
  void observe() {
    observe(false);
  }

  /** As {@link #observe()}, now whenever {@code now} is set (before the invariants are checked). */
  synchronized void observe(boolean now) {
    if (!now && System.nanoTime() - lastLook < 1_000_000_000L) return;
    lastLook = System.nanoTime();
    List<String> arns = new ArrayList<>();
    for (DesiredStatus d : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      String token = null;
      do {
        String page = token;
        ListTasksResponse r =
            patiently(
                () -> ecs.listTasks(b -> b.cluster(cluster).desiredStatus(d).nextToken(page)));
        arns.addAll(r.taskArns());
        token = r.nextToken();
      } while (token != null);
    }
    for (int i = 0; i < arns.size(); i += 100) {
      List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 100));
      for (Task t :
          patiently(() -> ecs.describeTasks(b -> b.cluster(cluster).tasks(chunk))).tasks()) {
        if (t.group() != null && t.group().startsWith("slipway-batch:")) tasks.put(t.taskArn(), t);
      }
    }
  }

  /** The tasks of one task group (every incarnation of one ScheduledTask name). */
  List<Task> group(String group) {
    return tasks.values().stream().filter(t -> group.equals(t.group())).toList();
  }

  Optional<Task> task(String arn) {
    return Optional.ofNullable(tasks.get(arn));
  }

  int size() {
    return tasks.size();
  }

  /** The exit code of a container of a stopped task, or null when it had none. */
  static Integer exitCode(Task t, String container) {
    return t.containers().stream()
        .filter(c -> container.equals(c.name()))
        .findFirst()
        .map(Container::exitCode)
        .orElse(null);
  }

  /** {@code call}, again after a pause while the simulated AWS throttles it. */
  static <T> T patiently(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (SdkServiceException e) {
        if (!AwsErrors.isThrottling(e) || attempt == 20) throw e;
        ScheduledTaskStatefulIT.sleepMillis(100L * Math.min(attempt, 5));
      }
    }
  }

  /** One line per task, for a failure report. */
  static String describe(Task t) {
    return String.format(
        "%s startedBy=%s created=%s stopping=%s stopped=%s last=%s exit=%s reason=%s",
        RunTracker.taskId(t.taskArn()),
        t.startedBy(),
        t.createdAt(),
        t.stoppingAt(),
        t.stoppedAt(),
        t.lastStatus(),
        exitCode(t, "app"),
        t.stoppedReason());
  }
}
