package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * Decides how a simulated task behaves from its manifest: image tags ending in -crashloop, -slow or
 * -pullfail, and for one-off tasks the words "exit N" and "sleep N" in the command.
 */
final class TaskBehaviour {
  private static final Pattern EXIT = Pattern.compile("\\bexit\\s+(\\d+)");
  private static final Pattern SLEEP = Pattern.compile("\\bsleep\\s+(\\d+)");

  private TaskBehaviour() {}

  /** Plan for a long-running service task. */
  static TaskPlan forService(List<ContainerDefinition> containers, Instant now, SimTimings t) {
    Instant pendingAt = now.plus(t.provisioning());
    if (anyTag(containers, "-pullfail")) {
      return pullFailure(containers, pendingAt, t);
    }
    Instant runningAt = pendingAt.plus(t.pending());
    if (anyTag(containers, "-crashloop")) {
      return new TaskPlan(
          pendingAt, runningAt, null, runningAt.plus(t.crashAfter()), 1, null, null);
    }
    Duration health = anyTag(containers, "-slow") ? t.slowHealthCheck() : t.healthCheck();
    return new TaskPlan(pendingAt, runningAt, runningAt.plus(health), null, 0, null, null);
  }

  /** Plan for a RunTask task whose essential container runs {@code command}. */
  static TaskPlan forOneOff(
      List<ContainerDefinition> containers, String command, Instant now, SimTimings t) {
    Instant pendingAt = now.plus(t.provisioning());
    if (anyTag(containers, "-pullfail")) {
      return pullFailure(containers, pendingAt, t);
    }
    Instant runningAt = pendingAt.plus(t.pending());
    String cmd = command == null ? "" : command;
    Matcher exit = EXIT.matcher(cmd);
    Matcher sleep = SLEEP.matcher(cmd);
    int exitCode = exit.find() ? (int) Math.min(255, Long.parseLong(exit.group(1))) : 0;
    Duration runFor;
    if (sleep.find()) {
      runFor = Duration.ofSeconds(Long.parseLong(sleep.group(1)));
    } else {
      runFor = exit.reset().find() ? t.exitAfter() : t.oneOffRun();
    }
    return new TaskPlan(pendingAt, runningAt, null, runningAt.plus(runFor), exitCode, null, null);
  }

  /** The image tag (after the last ':' that follows the last '/'), without any digest. */
  static String tag(String image) {
    if (image == null) return "";
    String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    return colon > slash ? ref.substring(colon + 1) : "latest";
  }

  private static TaskPlan pullFailure(
      List<ContainerDefinition> containers, Instant pendingAt, SimTimings t) {
    String image =
        containers.stream()
            .map(ContainerDefinition::image)
            .filter(i -> tag(i).endsWith("-pullfail"))
            .findFirst()
            .orElse("");
    String reason =
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): "
            + "failed to resolve ref "
            + image
            + ": not found";
    return new TaskPlan(pendingAt, null, null, null, 0, pendingAt.plus(t.pullFailAfter()), reason);
  }

  private static boolean anyTag(List<ContainerDefinition> containers, String suffix) {
    return containers.stream().anyMatch(c -> tag(c.image()).endsWith(suffix));
  }
}
