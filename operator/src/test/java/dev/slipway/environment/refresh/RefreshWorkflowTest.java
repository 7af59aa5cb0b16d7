package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The workflow on scripted steps: resuming, waiting, backoff, fatal ends, progress text. */
class RefreshWorkflowTest {
  static final AwsTarget TARGET = new AwsTarget("123456789012", "ap-northeast-1", null);
  final RefreshWorkflow workflow = new RefreshWorkflow(new Random(7));
  final StagingEnvironment env = env();
  final List<String> calls = new ArrayList<>();
  Instant now = Instant.parse("2026-12-07T21:00:00Z");

  @Test
  void stepsThatFinishAtOnceAreFollowedAndAWaitingStepIsLookedAtAgainAtItsTime() {
    int[] polls = {0};
    List<NamedStep> steps =
        List.of(
            step("a", "check", c -> StepResult.done("ok")),
            step("a", "create", c -> StepResult.done("asked")),
            step(
                "a",
                "await",
                c -> ++polls[0] < 3 ? StepResult.waiting("creating", c.pollAfter()) : done()));
    RefreshStatus.Run run = RefreshWorkflow.start("r-1", "OnDemand", steps, now);

    Optional<Instant> next = workflow.advance(env, TARGET, run, steps, now);
    assertThat(calls).containsExactly("a/check", "a/create", "a/await");
    assertThat(next).contains(now.plusSeconds(10));
    assertThat(run.message).isEqualTo("a: await (creating)");

    // Too early: nothing is called.
    workflow.advance(env, TARGET, run, steps, now.plusSeconds(5));
    assertThat(calls).hasSize(3);

    now = now.plusSeconds(10);
    workflow.advance(env, TARGET, run, steps, now);
    now = now.plusSeconds(10);
    assertThat(workflow.advance(env, TARGET, run, steps, now)).isEmpty();
    assertThat(run.result).isEqualTo("Succeeded");
    assertThat(run.durationSeconds).isEqualTo(20);
    assertThat(calls).containsExactly("a/check", "a/create", "a/await", "a/await", "a/await");
  }

  @Test
  void retriableFailuresBackOffWithGrowingCappedIntervalsAndAFatalOneEndsTheRun() {
    int[] failures = {0};
    List<NamedStep> steps =
        List.of(
            step(
                "a",
                "restore",
                c -> {
                  if (failures[0]++ < 6) throw aws("InsufficientDBClusterCapacityFault", 400);
                  return done();
                }),
            step(
                "b",
                "delete",
                c -> StepResult.failed(ErrorKind.FATAL, "NotCreatedByRefresh", "no")));
    RefreshStatus.Run run = RefreshWorkflow.start("r-2", "Schedule", steps, now);

    List<Duration> gaps = new ArrayList<>();
    // Datastore b fails fatally on the first pass: the run ends, a is not waited for.
    assertThat(workflow.advance(env, TARGET, run, steps, now)).isEmpty();
    assertThat(run.result).isEqualTo("Failed");
    assertThat(run.message).isEqualTo("b: delete: no");

    failures[0] = 0;
    List<NamedStep> onlyA = steps.subList(0, 1);
    RefreshStatus.Run retried = RefreshWorkflow.start("r-3", "Schedule", onlyA, now);
    Instant at = now;
    while (!"Succeeded".equals(retried.result)) {
      Optional<Instant> next = workflow.advance(env, TARGET, retried, onlyA, at);
      if (next.isEmpty()) break;
      gaps.add(Duration.between(at, next.get()));
      at = next.get();
    }
    assertThat(retried.result).isEqualTo("Succeeded");
    assertThat(gaps).hasSize(6);
    for (int i = 1; i < gaps.size(); i++) {
      assertThat(gaps.get(i)).as("gap %d grows", i).isGreaterThan(gaps.get(i - 1));
    }
    assertThat(gaps.get(0)).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(18));
    assertThat(workflow.backoff(30, ErrorKind.WAIT_AND_RETRY))
        .isLessThanOrEqualTo(Duration.ofMinutes(6));
    assertThat(retried.steps.get(0).attempt).isEqualTo(6);
    assertThat(retried.steps.get(0).errorCode).as("cleared once done").isNull();
  }

  @Test
  void aPassResumesAtTheFirstStepNotDoneWhateverRanBefore() {
    List<NamedStep> steps =
        List.of(
            step("a", "one", c -> done()),
            step("a", "two", c -> done()),
            step("a", "three", c -> done()));
    RefreshStatus.Run run = RefreshWorkflow.start("r-4", "Schedule", steps, now);
    // As a crashed replica left it: the first two done.
    run.steps.get(0).state = "Done";
    run.steps.get(1).state = "Done";
    workflow.advance(env, TARGET, run, steps, now);
    assertThat(calls).containsExactly("a/three");
    assertThat(run.result).isEqualTo("Succeeded");
  }

  private StepResult done() {
    return StepResult.done("done");
  }

  private NamedStep step(
      String datastore, String name, java.util.function.Function<RefreshContext, StepResult> f) {
    return new NamedStep(
        datastore,
        name,
        c -> {
          calls.add(datastore + "/" + name);
          return f.apply(c);
        });
  }

  private static RuntimeException aws(String code, int status) {
    return AwsServiceException.builder()
        .statusCode(status)
        .message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
        .build();
  }

  private static StagingEnvironment env() {
    StagingEnvironment e = new StagingEnvironment();
    e.getMetadata().setName("stg");
    e.getMetadata().setNamespace("default");
    e.getMetadata().setUid("uid-1");
    return e;
  }
}
