package dev.slipway.runtime;

import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.CloudWatchPort;
import dev.slipway.aws.EcrPort;
import dev.slipway.aws.EcsPort;
import dev.slipway.aws.ElastiCachePort;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.OpenSearchDomainPort;
import dev.slipway.aws.RdsPort;
import dev.slipway.aws.S3Port;
import dev.slipway.aws.SchedulerPort;
import dev.slipway.environment.StagingEnvironmentReconciler;
import dev.slipway.notifications.DeployNotifications;
import dev.slipway.notifications.NotifierSettings;
import dev.slipway.release.ReleaseRegistry;
import dev.slipway.release.ServiceReleaseReconciler;
import dev.slipway.scheduledtask.ScheduledTaskReconciler;
import dev.slipway.status.EventRecorder;
import dev.slipway.status.FleetMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * The reconcilers and what they share, built one way: the operator registers them with JOSDK, and
 * tests that drive passes step by step (stateful randomized tests) build the very same objects.
 * Everything here is in-memory state a restart loses.
 */
public record Reconcilers(
    ServiceReleaseReconciler releases,
    StagingEnvironmentReconciler environments,
    ScheduledTaskReconciler scheduledTasks,
    ReleaseRegistry registry,
    EcsPort ecs,
    DeployNotifications notifications)
    implements AutoCloseable {

  public static Reconcilers wire(
      KubernetesClient client,
      AwsClientFactory aws,
      Clock clock,
      OperatorOptions options,
      MeterRegistry meters) {
    return wire(client, aws, clock, options, meters, new AwsCalls(options.aws(), meters));
  }

  /**
   * As above with the AWS call layer given, so step-driven tests can run its client-side rate
   * limits and retry backoff on simulated time instead of sleeping.
   */
  public static Reconcilers wire(
      KubernetesClient client,
      AwsClientFactory aws,
      Clock clock,
      OperatorOptions options,
      MeterRegistry meters,
      AwsCalls calls) {
    EcsPort ecs = new EcsPort(aws, calls);
    AutoScalingPort autoscaling = new AutoScalingPort(aws, calls);
    // Events are stamped with the wall clock, whatever clock reconciles: kubectl computes their
    // age from it, and the sandbox's compressed clock would put them in the future.
    EventRecorder events = new EventRecorder(client, Clock.systemUTC());
    ReleaseRegistry registry = new ReleaseRegistry();
    AccountGuard guard = new AccountGuard(aws, calls);
    FleetMetrics fleet = new FleetMetrics(meters);
    // A finished delivery wakes its release, whose next pass writes the result to status.
    DeployNotifications notifications =
        DeployNotifications.start(
            client,
            events,
            meters,
            clock,
            NotifierSettings.defaults(),
            id -> registry.wake(id, null));
    ServiceReleaseReconciler releases =
        new ServiceReleaseReconciler(
            client,
            ecs,
            autoscaling,
            new S3Port(aws, calls),
            new EcrPort(aws, calls),
            new ElbPort(aws, calls),
            new CloudWatchPort(aws, calls),
            guard,
            events,
            clock,
            options.release(),
            options.retry(),
            registry,
            fleet,
            notifications);
    StagingEnvironmentReconciler environments =
        new StagingEnvironmentReconciler(
            client,
            new ElbPort(aws, calls),
            new RdsPort(aws, calls),
            ecs,
            new ElastiCachePort(aws, calls),
            new OpenSearchDomainPort(aws, calls),
            guard,
            events,
            fleet,
            clock,
            options.release(),
            options.retry(),
            options.prices());
    ScheduledTaskReconciler scheduledTasks =
        new ScheduledTaskReconciler(
            client,
            ecs,
            new SchedulerPort(aws, calls),
            guard,
            events,
            fleet,
            meters,
            clock,
            options.release(),
            options.retry());
    return new Reconcilers(releases, environments, scheduledTasks, registry, ecs, notifications);
  }

  /** Releases what the reconcilers hold open (datastore connections, the notifier's threads). */
  @Override
  public void close() {
    notifications.close();
    environments.close();
  }
}
