package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a step of one run needs: the environment (its uid proves ownership), where to write, the
 * run's status, the step's own status (when it started, for growing waits) and the time.
 */
record RefreshContext(
    StagingEnvironment env,
    AwsTarget target,
    RefreshStatus.Run run,
    RefreshStatus.Step step,
    Instant now) {

  /** Tag that proves a datastore was made by this environment's refresh. */
  static final String OWNER_TAG = "slipway.dev/refresh-owner";

  /** Tag naming the run that made it, so a retried create finds its own result. */
  static final String RUN_TAG = "slipway.dev/refresh-run";

  String ownerUid() {
    return env.getMetadata().getUid();
  }

  Map<String, String> tags() {
    return Map.of(
        OWNER_TAG,
        ownerUid(),
        RUN_TAG,
        run.runId,
        "slipway.dev/environment",
        env.getMetadata().getNamespace() + "/" + env.getMetadata().getName());
  }

  /** Waits grow with the time already waited (a quarter of it), from 10 s to 2 minutes. */
  Duration pollAfter() {
    Instant started = step.startedAt == null ? now : Instant.parse(step.startedAt);
    Duration quarter = Duration.between(started, now).dividedBy(4);
    if (quarter.compareTo(Duration.ofSeconds(10)) < 0) return Duration.ofSeconds(10);
    return quarter.compareTo(Duration.ofMinutes(2)) > 0 ? Duration.ofMinutes(2) : quarter;
  }
}
