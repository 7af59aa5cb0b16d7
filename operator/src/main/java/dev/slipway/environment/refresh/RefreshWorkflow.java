package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Runs a refresh as a resumable workflow: every datastore is a chain of named steps whose state
 * lives in status, so a pass (by any replica, after any crash) picks up at the first step that is
 * not done. Datastores advance side by side; steps that finish at once are followed straight away,
 * and a step that waits or failed is looked at again at its own time: growing polls for things on
 * their way, capped exponential backoff with jitter for failures. A fatal failure ends the run.
 */
final class RefreshWorkflow {
  static final Duration FIRST_RETRY = Duration.ofSeconds(15);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);
  static final Duration MAX_FIX_RETRY = Duration.ofMinutes(30);

  /** Steps one datastore may finish in one pass (describes are cheap; AWS calls are not free). */
  private static final int STEPS_PER_PASS = 6;

  private final Random jitter;

  RefreshWorkflow(Random jitter) {
    this.jitter = jitter;
  }

  /** A new run with every step Pending, in order. */
  static RefreshStatus.Run start(String runId, String trigger, List<NamedStep> steps, Instant now) {
    RefreshStatus.Run run = new RefreshStatus.Run();
    run.runId = runId;
    run.trigger = trigger;
    run.result = "Running";
    run.startedAt = now.toString();
    for (NamedStep s : steps) {
      RefreshStatus.Step st = new RefreshStatus.Step();
      st.datastore = s.datastore();
      st.step = s.name();
      st.state = "Pending";
      run.steps.add(st);
    }
    run.message = "started";
    return run;
  }

  /**
   * Advances every datastore of the run as far as it goes now; returns when to look again (empty
   * when the run ended: its result is Succeeded or Failed).
   */
  Optional<Instant> advance(
      StagingEnvironment env,
      AwsTarget target,
      RefreshStatus.Run run,
      List<NamedStep> steps,
      Instant now) {
    Map<String, List<Integer>> byDatastore = new LinkedHashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      byDatastore.computeIfAbsent(steps.get(i).datastore(), k -> new ArrayList<>()).add(i);
    }
    Instant next = null;
    for (List<Integer> chain : byDatastore.values()) {
      Optional<Instant> at = advanceChain(env, target, run, steps, chain, now);
      if ("Failed".equals(run.result)) return Optional.empty();
      if (at.isPresent() && (next == null || at.get().isBefore(next))) next = at.get();
    }
    if (run.steps.stream().allMatch(s -> "Done".equals(s.state))) {
      finish(
          run,
          "Succeeded",
          NightDeletion.isDeletion(run)
              ? "every datastore is deleted for the night"
              : "every datastore is back",
          now);
      return Optional.empty();
    }
    run.message = progress(run);
    return Optional.ofNullable(next);
  }

  private Optional<Instant> advanceChain(
      StagingEnvironment env,
      AwsTarget target,
      RefreshStatus.Run run,
      List<NamedStep> steps,
      List<Integer> chain,
      Instant now) {
    for (int done = 0; done < STEPS_PER_PASS; ) {
      Integer index =
          chain.stream()
              .filter(i -> !"Done".equals(run.steps.get(i).state))
              .findFirst()
              .orElse(null);
      if (index == null) return Optional.empty();
      RefreshStatus.Step st = run.steps.get(index);
      if (st.nextAttemptAt != null && now.isBefore(Instant.parse(st.nextAttemptAt))) {
        return Optional.of(Instant.parse(st.nextAttemptAt));
      }
      if (st.startedAt == null) st.startedAt = now.toString();
      st.state = "Running";
      StepResult result;
      try {
        result = steps.get(index).body().apply(new RefreshContext(env, target, run, st, now));
      } catch (RuntimeException e) {
        result = RefreshErrors.classify(e);
      }
      switch (result.kind()) {
        case DONE -> {
          st.state = "Done";
          st.detail = result.detail();
          st.finishedAt = now.toString();
          st.nextAttemptAt = null;
          st.errorCode = null;
          st.errorMessage = null;
          st.errorKind = null;
          done++;
        }
        case WAITING -> {
          // A failure the step got past is not the news any more: the wait is (attempt stays).
          st.errorCode = null;
          st.errorMessage = null;
          st.errorKind = null;
          st.detail = result.detail();
          st.nextAttemptAt = now.plus(result.after()).toString();
          return Optional.of(now.plus(result.after()));
        }
        case FAILED -> {
          st.errorCode = result.errorCode();
          st.errorMessage = result.detail();
          st.errorKind = result.error().text;
          st.attempt = st.attempt == null ? 1 : st.attempt + 1;
          if (result.error() == ErrorKind.FATAL) {
            st.state = "Failed";
            st.finishedAt = now.toString();
            finish(run, "Failed", st.datastore + ": " + st.step + ": " + result.detail(), now);
            return Optional.empty();
          }
          Instant at = now.plus(backoff(st.attempt, result.error()));
          st.nextAttemptAt = at.toString();
          return Optional.of(at);
        }
      }
    }
    return Optional.of(now);
  }

  /** 15 s doubling per attempt, capped (5 min; 30 min when a person must act), ±20 % jitter. */
  Duration backoff(int attempt, ErrorKind kind) {
    Duration cap = kind == ErrorKind.FIX_AND_RETRY ? MAX_FIX_RETRY : MAX_RETRY;
    long base = FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, cap.toMillis());
    double factor = 0.8 + 0.4 * jitter.nextDouble();
    return Duration.ofMillis((long) (capped * factor));
  }

  private static void finish(RefreshStatus.Run run, String result, String message, Instant now) {
    run.result = result;
    run.message = message;
    run.finishedAt = now.toString();
    run.durationSeconds = Duration.between(Instant.parse(run.startedAt), now).toSeconds();
  }

  /** "main: awaitCluster (stg-main is creating); cache: done". */
  static String progress(RefreshStatus.Run run) {
    Map<String, String> at = new LinkedHashMap<>();
    for (RefreshStatus.Step s : run.steps) {
      if (at.containsKey(s.datastore) || "Done".equals(s.state)) continue;
      String why =
          s.errorCode != null
              ? s.errorCode + ", attempt " + s.attempt + ", next at " + s.nextAttemptAt
              : s.detail;
      at.put(s.datastore, s.step + (why == null ? "" : " (" + why + ")"));
    }
    List<String> parts = new ArrayList<>();
    at.forEach((d, s) -> parts.add(d + ": " + s));
    return String.join("; ", parts);
  }
}
