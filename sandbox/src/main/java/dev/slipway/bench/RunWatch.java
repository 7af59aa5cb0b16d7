package dev.slipway.bench;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.RunRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the batches' status as a user's tooling would, and keeps every run it ever showed (status
 * keeps only the last few), with the simulated time it first showed each task: how long after a run
 * started Slipway reported it.
 */
final class RunWatch implements AutoCloseable {
  /** A run as status showed it, and when (simulated) its task first appeared there. */
  record Seen(
      String batch,
      String slot,
      String trigger,
      String taskArn,
      Instant startedAt,
      Instant firstSeen,
      String result) {}

  private final Clock clock;
  private final SharedIndexInformer<ScheduledTask> informer;
  private final Map<String, Seen> byTask = new ConcurrentHashMap<>();
  private final Map<String, Seen> withoutTask = new ConcurrentHashMap<>();
  private final Map<String, Long> counted = new ConcurrentHashMap<>();

  RunWatch(KubernetesClient client, String namespace, Clock clock) {
    this.clock = clock;
    this.informer =
        client
            .resources(ScheduledTask.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ScheduledTask st) {
                    note(st);
                  }

                  @Override
                  public void onUpdate(ScheduledTask before, ScheduledTask after) {
                    note(after);
                  }

                  @Override
                  public void onDelete(ScheduledTask st, boolean unknownFinalState) {}
                });
  }

  private void note(ScheduledTask st) {
    if (st.getStatus() == null) return;
    Instant now = clock.instant();
    String batch = st.getMetadata().getName();
    counted.put(batch, st.getStatus().succeeded + st.getStatus().failed);
    for (RunRecord r : st.getStatus().runs) {
      Instant started = r.startedAt == null ? null : Instant.parse(r.startedAt);
      if (r.taskArn != null) {
        byTask.merge(
            r.taskArn,
            new Seen(batch, r.slot, r.trigger, r.taskArn, started, now, r.result),
            (old, fresh) ->
                new Seen(
                    old.batch(),
                    old.slot(),
                    old.trigger(),
                    old.taskArn(),
                    old.startedAt(),
                    old.firstSeen(),
                    fresh.result()));
      } else {
        withoutTask.putIfAbsent(
            batch + "@" + r.slot + "#" + r.result,
            new Seen(batch, r.slot, r.trigger, null, started, now, r.result));
      }
    }
  }

  /** Every run with a task that status showed, once each. */
  List<Seen> runs() {
    return List.copyOf(byTask.values());
  }

  /** Slots status recorded without a task (skipped, missed, not started). */
  List<Seen> withoutTask() {
    return List.copyOf(withoutTask.values());
  }

  /** Per batch, the runs its status last counted as finished (succeeded + failed). */
  Map<String, Long> counted() {
    return Map.copyOf(counted);
  }

  @Override
  public void close() {
    informer.close();
  }
}
