package dev.slipway.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.aws.AwsRateLimitedException;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ThrottleBucket;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

/** A pass refused by the client-side limiter requeues itself instead of parking its thread. */
class RateLimitedRequeueTest {

  @RepeatedTest(20)
  void requeuesAfterTheTokenWillBeThereWithJitter() {
    AwsRateLimitedException e =
        new AwsRateLimitedException(
            new AwsTarget("123456789012", "ap-northeast-1", null),
            ThrottleBucket.ECS_TASK_DEFINITION_WRITE,
            Duration.ofSeconds(7),
            Duration.ofSeconds(2));
    assertThat(ReconcileFrame.requeueAfter(e))
        .isBetween(Duration.ofMillis(7250), Duration.ofMillis(8000));
  }
}
