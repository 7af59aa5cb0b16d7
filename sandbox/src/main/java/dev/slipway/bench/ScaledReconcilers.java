package dev.slipway.bench;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.release.ServiceReleaseReconciler;
import dev.slipway.scheduledtask.ScheduledTaskReconciler;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * The operator's reconcilers as JOSDK sees them in {@link CompressedOperator}: each pass counted in
 * the {@link PassLog}, and each reschedule (a duration on the operator's simulated clock) divided
 * by the time scale before JOSDK, which runs on real time, gets it. One concrete class per kind, as
 * JOSDK reads the resource type from the reconciler's class.
 */
final class ScaledReconcilers {
  private ScaledReconcilers() {}

  /** ServiceReleases, compressed. */
  static final class Releases implements Reconciler<ServiceRelease>, Cleaner<ServiceRelease> {
    private final ServiceReleaseReconciler delegate;
    private final PassLog passes;

    Releases(ServiceReleaseReconciler delegate, PassLog passes) {
      this.delegate = delegate;
      this.passes = passes;
    }

    @Override
    public UpdateControl<ServiceRelease> reconcile(
        ServiceRelease sr, Context<ServiceRelease> context) {
      String key = PassLog.key(sr);
      passes.started(key);
      try {
        return passes.scale(key, delegate.reconcile(sr, context));
      } finally {
        passes.ended();
      }
    }

    @Override
    public List<EventSource<?, ServiceRelease>> prepareEventSources(
        EventSourceContext<ServiceRelease> context) {
      return delegate.prepareEventSources(context);
    }

    @Override
    public ErrorStatusUpdateControl<ServiceRelease> updateErrorStatus(
        ServiceRelease sr, Context<ServiceRelease> context, Exception e) {
      return delegate.updateErrorStatus(sr, context, e);
    }

    @Override
    public DeleteControl cleanup(ServiceRelease sr, Context<ServiceRelease> context) {
      try {
        return passes.scale(PassLog.key(sr), delegate.cleanup(sr, context));
      } finally {
        passes.ended();
      }
    }
  }

  /** ScheduledTasks, compressed. */
  static final class ScheduledTasks implements Reconciler<ScheduledTask>, Cleaner<ScheduledTask> {
    private final ScheduledTaskReconciler delegate;
    private final PassLog passes;

    ScheduledTasks(ScheduledTaskReconciler delegate, PassLog passes) {
      this.delegate = delegate;
      this.passes = passes;
    }

    @Override
    public UpdateControl<ScheduledTask> reconcile(
        ScheduledTask st, Context<ScheduledTask> context) {
      String key = PassLog.key(st);
      passes.started(key);
      try {
        return passes.scale(key, delegate.reconcile(st, context));
      } finally {
        passes.ended();
      }
    }

    @Override
    public List<EventSource<?, ScheduledTask>> prepareEventSources(
        EventSourceContext<ScheduledTask> context) {
      return delegate.prepareEventSources(context);
    }

    @Override
    public ErrorStatusUpdateControl<ScheduledTask> updateErrorStatus(
        ScheduledTask st, Context<ScheduledTask> context, Exception e) {
      return delegate.updateErrorStatus(st, context, e);
    }

    @Override
    public DeleteControl cleanup(ScheduledTask st, Context<ScheduledTask> context) {
      try {
        return passes.scale(PassLog.key(st), delegate.cleanup(st, context));
      } finally {
        passes.ended();
      }
    }
  }
}
