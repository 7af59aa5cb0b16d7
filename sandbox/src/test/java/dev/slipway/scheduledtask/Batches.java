package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.aws.AwsTarget;
import dev.slipway.release.Releases;
import dev.slipway.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.EcsParameters;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;

/** ScheduledTasks for tests outside this package, and the names Slipway gives their schedules. */
public final class Batches {
  public static final String ROLE = "arn:aws:iam::" + Releases.ACCOUNT + ":role/scheduler";

  private Batches() {}

  /** A batch in namespace default running {@code shell} in the app container of a release. */
  public static ScheduledTask batch(String name, String release, String schedule, String shell) {
    ScheduledTask st = new ScheduledTask();
    st.getMetadata().setName(name);
    st.getMetadata().setNamespace("default");
    ScheduledTaskSpec spec = new ScheduledTaskSpec();
    spec.schedule = schedule;
    spec.engine = ScheduledTaskSpec.Engine.EventBridgeScheduler;
    spec.releaseRef = new ScheduledTaskSpec.ReleaseRef();
    spec.releaseRef.name = release;
    spec.eventBridge = new ScheduledTaskSpec.EventBridgeSettings();
    spec.eventBridge.roleArn = ROLE;
    ScheduledTaskSpec.ContainerOverride app = new ScheduledTaskSpec.ContainerOverride();
    app.name = "app";
    app.command = List.of("sh", "-c", shell);
    app.environment = Map.of("BATCH", name);
    spec.overrides = new ScheduledTaskSpec.TaskOverrides();
    spec.overrides.containers = new ArrayList<>(List.of(app));
    st.setSpec(spec);
    return st;
  }

  /**
   * Creates a disabled schedule under the name Slipway would give {@code st}'s, owned by someone
   * else (its description carries no uid): Slipway must leave it alone and say so.
   */
  public static void occupyScheduleName(Sandbox sandbox, ScheduledTask st) {
    AwsTarget target = new AwsTarget(Releases.ACCOUNT, Releases.REGION, null);
    String prefix = "arn:aws:ecs:" + Releases.REGION + ":" + Releases.ACCOUNT + ":";
    sandbox
        .aws()
        .scheduler(target)
        .createSchedule(
            CreateScheduleRequest.builder()
                .name(BatchNames.schedule(st))
                .groupName(BatchRequests.groupName(st))
                .description("nightly report, kept by ecschedule")
                .scheduleExpression("cron(0 3 * * ? *)")
                .state(ScheduleState.DISABLED)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(
                    Target.builder()
                        .arn(prefix + "cluster/core")
                        .roleArn(ROLE)
                        .ecsParameters(
                            EcsParameters.builder()
                                .taskDefinitionArn(prefix + "task-definition/report:1")
                                .build())
                        .build())
                .build());
  }
}
