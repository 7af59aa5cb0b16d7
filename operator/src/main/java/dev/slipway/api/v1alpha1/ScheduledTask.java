package dev.slipway.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A batch on ECS: a one-off task run on a cron or rate schedule, by EventBridge or by Slipway. */
@Group("slipway.dev")
@Version("v1alpha1")
@SchemaCustomizer(
    value = SchemaDescriptions.class,
    input =
        """
        description: >-
          A batch on ECS: a one-off task started on a cron or rate schedule in a time zone. The
          task is a ServiceRelease's current task definition with overrides (so the batch
          follows every release of the app) or a task definition of its own. Engine
          EventBridgeScheduler keeps an EventBridge Scheduler schedule (runs while the operator
          is down, at least once per slot); engine Operator starts the runs itself, exactly one
          task per slot, with a concurrency policy and a starting deadline.
        spec: >-
          When to run (schedule, timeZone), what (releaseRef or taskDefinition, overrides), where
          (aws, cluster, network and capacity, inherited from the release when referenced) and
          how (engine and its settings, timeout, history).
        status: >-
          What Slipway last observed and did, written only by the operator: phase, conditions,
          the next run, the last runs with their exit codes, and counts of successes and
          failures.
        """)
@ShortNames("st")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule")
@AdditionalPrinterColumn(name = "Engine", jsonPath = ".spec.engine", priority = 1)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Last result", jsonPath = ".status.lastResult")
@AdditionalPrinterColumn(
    name = "Last run",
    jsonPath = ".status.lastRunTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Next run", jsonPath = ".status.nextRunTime")
public class ScheduledTask extends CustomResource<ScheduledTaskSpec, ScheduledTaskStatus>
    implements Namespaced {
  /**
   * A new value starts one run at once, outside the schedule; the value is remembered in status so
   * it starts one run only. {@code kubectl slipway run NAME} sets it.
   */
  public static final String RUN_NOW_ANNOTATION = "slipway.dev/run-now";
}
