package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.schedule.InvalidScheduleException;
import dev.slipway.schedule.ScheduleExpression;
import dev.slipway.schedule.ScheduleTimeZone;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What makes a ScheduledTask impossible to run, found before anything is written to AWS: the
 * schedule and time zone, the referenced release, and overrides naming containers the task does not
 * have. Pure: the release is looked up by the caller.
 */
final class BatchValidator {
  private BatchValidator() {}

  /**
   * Every problem with {@code st}, each a sentence naming the field; empty when it can run. {@code
   * release} is the referenced ServiceRelease, null when there is none or it does not exist.
   */
  static List<String> problems(ScheduledTask st, ServiceRelease release) {
    ScheduledTaskSpec spec = st.getSpec();
    List<String> problems = new ArrayList<>();
    if (spec == null) return List.of("spec is required");
    schedule(spec, problems);
    source(spec, release, problems);
    if (problems.isEmpty()) overrides(spec, containers(spec, release), problems);
    return problems;
  }

  /** The parsed schedule; call only after {@link #problems} found none. */
  static ScheduleExpression expression(ScheduledTaskSpec spec) {
    return ScheduleExpression.parse(spec.schedule.trim());
  }

  private static void schedule(ScheduledTaskSpec spec, List<String> problems) {
    try {
      ScheduleExpression parsed = expression(spec);
      if (parsed instanceof dev.slipway.schedule.AtExpression) {
        problems.add("schedule: at(...) runs once; a ScheduledTask needs cron(...) or rate(...)");
      }
    } catch (InvalidScheduleException e) {
      problems.add("schedule: " + e.getMessage());
    }
    try {
      ScheduleTimeZone.parse(spec.timeZone == null ? ScheduleTimeZone.DEFAULT : spec.timeZone);
    } catch (InvalidScheduleException e) {
      problems.add("timeZone: " + e.getMessage());
    }
  }

  private static void source(
      ScheduledTaskSpec spec, ServiceRelease release, List<String> problems) {
    if ((spec.releaseRef == null) == (spec.taskDefinition == null)) {
      problems.add("set exactly one of releaseRef and taskDefinition");
      return;
    }
    if (spec.taskDefinition != null) {
      if (spec.aws == null || spec.cluster == null) {
        problems.add("aws and cluster are required with taskDefinition");
      }
      return;
    }
    if (release == null) {
      problems.add(
          "releaseRef: ServiceRelease "
              + spec.releaseRef.name
              + " does not exist in this namespace");
      return;
    }
    var rs = release.getSpec();
    if (spec.aws != null
        && (!Objects.equals(spec.aws.accountId, rs.aws.accountId)
            || !Objects.equals(spec.aws.region, rs.aws.region))) {
      problems.add(
          "aws: account "
              + spec.aws.accountId
              + " in "
              + spec.aws.region
              + " differs from ServiceRelease "
              + spec.releaseRef.name
              + "'s ("
              + rs.aws.accountId
              + " in "
              + rs.aws.region
              + "); leave aws unset to use the release's");
    }
    if (spec.cluster != null && !spec.cluster.equals(rs.cluster)) {
      problems.add(
          "cluster: "
              + spec.cluster
              + " differs from ServiceRelease "
              + spec.releaseRef.name
              + "'s cluster "
              + rs.cluster
              + "; the release's task definition runs there");
    }
  }

  private static Set<String> containers(ScheduledTaskSpec spec, ServiceRelease release) {
    TaskDefinitionSpec td =
        spec.taskDefinition != null ? spec.taskDefinition : release.getSpec().taskDefinition;
    return td.containers.stream().map(c -> c.name).collect(Collectors.toSet());
  }

  private static void overrides(ScheduledTaskSpec spec, Set<String> known, List<String> problems) {
    if (spec.overrides == null || spec.overrides.containers == null) return;
    for (ScheduledTaskSpec.ContainerOverride o : spec.overrides.containers) {
      if (!known.contains(o.name)) {
        problems.add(
            "overrides.containers: "
                + o.name
                + " is not a container of the task definition (it has "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }
}
