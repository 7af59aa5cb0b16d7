package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * Carries out one invocation: RunTask in the schedule's own account and Region, as of the
 * invocation's time. Errors are recorded with the dead-letter queue they would go to; they are not
 * retried, because every error RunTask gives here is a client error, which EventBridge Scheduler
 * does not retry either.
 */
final class ScheduleInvoker {
  private final RegionState rs;
  private final TaskOps tasks;

  ScheduleInvoker(RegionState rs) {
    this.rs = rs;
    this.tasks = new TaskOps(rs, new ServiceOps(rs));
  }

  ScheduleInvocation invoke(ScheduleModel s, Instant slot, Instant at, boolean duplicate) {
    Target t = s.target();
    try {
      checkTarget(t);
      RunTaskResponse r = tasks.run(ScheduleRunTask.of(t), at);
      List<String> arns = r.tasks().stream().map(Task::taskArn).toList();
      return new ScheduleInvocation(
          s.arn, s.group, s.name, slot, at, duplicate, arns, null, null, null);
    } catch (AwsServiceException e) {
      return failed(s, slot, at, duplicate, e.awsErrorDetails().errorCode(), e.getMessage());
    } catch (ScheduleRunTask.InvalidInput e) {
      return failed(s, slot, at, duplicate, "InvalidInput", e.getMessage());
    } catch (UnsupportedTarget e) {
      return failed(s, slot, at, duplicate, "UnsupportedTarget", e.getMessage());
    }
  }

  private void checkTarget(Target t) {
    if (t.ecsParameters() == null) {
      throw new UnsupportedTarget("The simulator runs ECS RunTask targets only: " + t.arn());
    }
    String prefix = "arn:aws:ecs:" + rs.region + ":" + rs.account + ":cluster/";
    if (!t.arn().startsWith(prefix)) {
      throw new UnsupportedTarget(
          "The simulator runs tasks only on clusters of the schedule's own account and Region ("
              + prefix
              + "...), not "
              + t.arn());
    }
  }

  private static ScheduleInvocation failed(
      ScheduleModel s, Instant slot, Instant at, boolean duplicate, String code, String message) {
    String dlq = s.target().deadLetterConfig() == null ? null : s.target().deadLetterConfig().arn();
    return new ScheduleInvocation(
        s.arn, s.group, s.name, slot, at, duplicate, List.of(), code, message, dlq);
  }

  /** A target the simulator does not model. */
  private static final class UnsupportedTarget extends RuntimeException {
    UnsupportedTarget(String message) {
      super(message);
    }
  }
}
