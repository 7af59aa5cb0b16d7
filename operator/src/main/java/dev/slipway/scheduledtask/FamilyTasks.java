package dev.slipway.scheduledtask;

import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The tasks of a task-definition family in a cluster, listed and described for every batch of the
 * family at once. ECS cannot list by task group, so finding a batch's EventBridge runs means
 * listing the whole family (every batch that follows the same release, and the service's own
 * tasks); done per batch and pass, fifty batches made fifty listings and described each task up to
 * fifty times. Here one listing serves every batch whose pass can use it, and a task is described
 * once while the family still lists it. Lost on restart, which only costs calls.
 */
final class FamilyTasks {
  /** DescribeTasks takes at most 100 tasks per call. */
  static final int DESCRIBE_BATCH = 100;

  private record Key(AwsTarget target, String cluster, String family) {}

  /** One family's last listing and the descriptions of the tasks it listed. */
  private static final class Family {
    Instant listedAt;
    Set<String> arns = Set.of();
    final Map<String, Task> described = new HashMap<>();
  }

  private final EcsPort ecs;
  private final Map<Key, Family> families = new ConcurrentHashMap<>();

  FamilyTasks(EcsPort ecs) {
    this.ecs = ecs;
  }

  /**
   * The family's tasks (running, and stopped while ECS still lists them), as first described: a
   * task that was running then may have stopped since ({@link RunTracker#follow} describes runs
   * again). Lists again unless the last listing was made at or after {@code notBefore}; {@code now}
   * is when this pass began.
   */
  List<Task> tasks(BatchTask task, Instant notBefore, Instant now) {
    Family f =
        families.computeIfAbsent(
            new Key(task.target(), task.cluster(), task.family()), k -> new Family());
    // One pass lists while the family's other batches wait for its answer instead of listing.
    synchronized (f) {
      if (f.listedAt == null || f.listedAt.isBefore(notBefore)) {
        f.arns = new LinkedHashSet<>(ecs.familyTasks(task.target(), task.cluster(), task.family()));
        f.listedAt = now;
        // A task ECS no longer lists is gone for every batch: its description goes too.
        f.described.keySet().retainAll(f.arns);
      }
      List<String> unknown = f.arns.stream().filter(a -> !f.described.containsKey(a)).toList();
      for (int i = 0; i < unknown.size(); i += DESCRIBE_BATCH) {
        List<String> page = unknown.subList(i, Math.min(unknown.size(), i + DESCRIBE_BATCH));
        for (Task t : ecs.describeTasks(task.target(), task.cluster(), page)) {
          f.described.put(t.taskArn(), t);
        }
      }
      List<Task> out = new ArrayList<>();
      for (String arn : f.arns) {
        Task t = f.described.get(arn);
        if (t != null) out.add(t);
      }
      return out;
    }
  }
}
