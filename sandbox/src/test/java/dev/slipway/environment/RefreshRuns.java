package dev.slipway.environment;

import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.environment.refresh.Refreshes;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How the refresh ITs ask for a refresh and wait for it: annotation patches, and polls that move
 * the simulated clock a minute per look so AWS's minutes pass in seconds.
 */
final class RefreshRuns {
  private final EnvironmentFixture fx;

  RefreshRuns(EnvironmentFixture fx) {
    this.fx = fx;
  }

  /** Asks for a refresh and returns the finished run. */
  RefreshStatus.Run refreshNow(String env, String token) {
    fx.annotate(env, Refreshes.REFRESH_NOW, token);
    await()
        .atMost(EnvironmentFixture.WAIT)
        .until(
            () -> {
              RefreshStatus r = refresh(env);
              return r != null && token.equals(r.requestAcknowledged);
            });
    return awaitRun(env);
  }

  /** The run in progress once it has ended (or the last one, if none is running). */
  RefreshStatus.Run awaitRun(String env) {
    String[] runId = new String[1];
    return eventually(
        () -> {
          RefreshStatus r = refresh(env);
          if (r == null) return null;
          if (r.current != null) {
            runId[0] = r.current.runId;
            return null;
          }
          if (r.history.isEmpty()) return null;
          RefreshStatus.Run last = r.history.get(0);
          return runId[0] == null || runId[0].equals(last.runId) ? last : null;
        });
  }

  /** A step of the run in progress once it satisfies {@code p}. */
  RefreshStatus.Step awaitStep(String env, String step, Predicate<RefreshStatus.Step> p) {
    return eventually(
        () -> {
          RefreshStatus r = refresh(env);
          if (r == null || r.current == null) return null;
          return r.current.steps.stream()
              .filter(s -> s.step.equals(step))
              .filter(p)
              .findFirst()
              .orElse(null);
        });
  }

  /** Polls until {@code look} answers, moving simulated time a minute per look. */
  <T> T eventually(Supplier<T> look) {
    Object[] seen = new Object[1];
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              fx.sandbox.aws().clock().advance(Duration.ofMinutes(1));
              seen[0] = look.get();
              return seen[0] != null;
            });
    @SuppressWarnings("unchecked")
    T t = (T) seen[0];
    return t;
  }

  RefreshStatus refresh(String env) {
    StagingEnvironment e = fx.get(env);
    return e == null || e.getStatus() == null ? null : e.getStatus().refresh;
  }
}
