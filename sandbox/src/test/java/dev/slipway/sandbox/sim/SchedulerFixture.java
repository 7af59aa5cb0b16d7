package dev.slipway.sandbox.sim;

import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.Target;

/** A simulator with one cluster and a scheduler client, and builders for ECS-target schedules. */
class SchedulerFixture extends SimFixture {
  static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/slipway-scheduler";
  static final String CLUSTER_ARN = "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + CLUSTER;
  static final String DLQ = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":scheduled-task-dlq";

  final SchedulerClient scheduler = sim.scheduler(target);
  final ScheduleControl control = sim.schedules(ACCOUNT, REGION);

  /** An ECS RunTask target for a task definition, with Input as RunTask overrides (or null). */
  static Target ecsTarget(String taskDefinitionArn, String input) {
    return Target.builder()
        .arn(CLUSTER_ARN)
        .roleArn(ROLE)
        .input(input)
        .ecsParameters(e -> e.taskDefinitionArn(taskDefinitionArn).taskCount(1))
        .build();
  }

  /** A CreateSchedule request with the flexible window off. */
  static CreateScheduleRequest.Builder schedule(
      String name, String expression, String timeZone, Target target) {
    return CreateScheduleRequest.builder()
        .name(name)
        .scheduleExpression(expression)
        .scheduleExpressionTimezone(timeZone)
        .flexibleTimeWindow(w -> w.mode("OFF"))
        .target(target);
  }

  /** RunTask overrides that make the app container run {@code shell} (see TaskBehaviour). */
  static String command(String shell) {
    return "{\"containerOverrides\":[{\"name\":\"app\",\"command\":[\"sh\",\"-c\",\""
        + shell
        + "\"]}]}";
  }
}
