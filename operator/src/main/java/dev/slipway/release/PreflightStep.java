package dev.slipway.release;

import dev.slipway.api.v1alpha1.PreflightCheckSpec;
import dev.slipway.api.v1alpha1.PreflightCheckStatus;
import dev.slipway.api.v1alpha1.PreflightCheckStatus.Result;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Ensures every preflight check has passed for the spec hash before the pass writes anything to
 * ECS. Results live in status per spec hash, so a check that passed is not run again on later
 * passes or after a restart, and one that failed or could not tell is run again on every pass that
 * reaches it, until it passes or the spec changes: checks only read, and what they wait for (an
 * artifact CI uploads, an endpoint coming up) usually appears on its own. A pass spends at most
 * {@link #BUDGET} in checks before it gives the reconcile thread back and continues on the next.
 */
final class PreflightStep {
  static final Duration BUDGET = Duration.ofSeconds(10);

  private final PreflightChecks checks;
  private final EventRecorder events;
  private final ReleaseSettings settings;
  private final LongSupplier nanoTime;

  PreflightStep(
      PreflightChecks checks,
      EventRecorder events,
      ReleaseSettings settings,
      LongSupplier nanoTime) {
    this.checks = checks;
    this.events = events;
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  /** Empty when every check passed for this spec hash; otherwise where the release stands. */
  Optional<Outcome> ensurePreflight(ReleaseContext ctx) {
    List<PreflightCheckSpec> specs = checksOf(ctx);
    forgetOtherSpecs(ctx, specs);
    if (specs.isEmpty()) return Optional.empty();
    long started = nanoTime.getAsLong();
    boolean ran = false;
    boolean deferred = false;
    for (PreflightCheckSpec check : specs) {
      if (find(ctx, check.name).filter(r -> r.result == Result.Passed).isPresent()) continue;
      if (ran && Duration.ofNanos(nanoTime.getAsLong() - started).compareTo(BUDGET) > 0) {
        deferred = true;
        break;
      }
      PreflightChecks.Verdict verdict =
          checks.run(ctx.plan.target(), ctx.resource.getSpec().taskDefinition.containers, check);
      ran = true;
      record(ctx, check.name, verdict);
    }
    inSpecOrder(ctx, specs);
    List<PreflightCheckStatus> stopping =
        ctx.status.preflight.stream().filter(r -> r.result != Result.Passed).toList();
    if (!stopping.isEmpty()) return Optional.of(stopped(ctx, stopping));
    if (deferred) {
      return Optional.of(
          Outcome.progressing(
              "PreflightRunning",
              "ran "
                  + ctx.status.preflight.size()
                  + " of "
                  + specs.size()
                  + " preflight checks; the rest run on the next pass",
              settings.minPoll()));
    }
    if (ran) {
      events.normal(
          ctx.resource,
          "PreflightPassed",
          "Preflight checks passed: "
              + specs.stream().map(c -> c.name).collect(Collectors.joining(", ")));
    }
    return Optional.empty();
  }

  private static List<PreflightCheckSpec> checksOf(ReleaseContext ctx) {
    List<PreflightCheckSpec> specs = ctx.resource.getSpec().preflight;
    return specs == null ? List.of() : specs;
  }

  /** Status describes the current spec only: results of other hashes or removed checks go. */
  private static void forgetOtherSpecs(ReleaseContext ctx, List<PreflightCheckSpec> specs) {
    List<String> names = specs.stream().map(c -> c.name).toList();
    ctx.status.preflight.removeIf(
        r -> !ctx.plan.specHash().equals(r.specHash) || !names.contains(r.name));
  }

  private static Optional<PreflightCheckStatus> find(ReleaseContext ctx, String name) {
    return ctx.status.preflight.stream().filter(r -> name.equals(r.name)).findFirst();
  }

  private void record(ReleaseContext ctx, String name, PreflightChecks.Verdict verdict) {
    PreflightCheckStatus r =
        find(ctx, name)
            .orElseGet(
                () -> {
                  PreflightCheckStatus created = new PreflightCheckStatus();
                  created.name = name;
                  created.specHash = ctx.plan.specHash();
                  ctx.status.preflight.add(created);
                  return created;
                });
    boolean changed = r.result != verdict.result() || !Objects.equals(r.message, verdict.message());
    r.result = verdict.result();
    r.message = verdict.message();
    r.checkedAt = ctx.now.toString();
    // The status writer records an Event when the phase changes; a check that starts failing while
    // the release is already Failed (a new spec, another problem) would otherwise go unannounced.
    if (changed && r.result != Result.Passed && ctx.status.phase == Phase.Failed) {
      events.warning(ctx.resource, reason(r.result), describe(r));
    }
  }

  private static void inSpecOrder(ReleaseContext ctx, List<PreflightCheckSpec> specs) {
    List<String> names = specs.stream().map(c -> c.name).toList();
    ctx.status.preflight.sort(Comparator.comparingInt(r -> names.indexOf(r.name)));
  }

  private Outcome stopped(ReleaseContext ctx, List<PreflightCheckStatus> stopping) {
    boolean anyFailed = stopping.stream().anyMatch(r -> r.result == Result.Failed);
    String message =
        stopping.stream().map(PreflightStep::describe).collect(Collectors.joining("; "))
            + "; nothing of this spec is written to ECS until the checks pass";
    return Outcome.failed(
        reason(anyFailed ? Result.Failed : Result.Unknown),
        message,
        settings.pollAfter(ctx.since(ctx.status.releaseStartedAt)));
  }

  static String reason(Result result) {
    return result == Result.Failed ? "PreflightFailed" : "PreflightUnknown";
  }

  static String describe(PreflightCheckStatus r) {
    return "preflight check "
        + r.name
        + (r.result == Result.Failed ? " failed: " : ": ")
        + r.message;
  }
}
