package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.api.v1alpha1.PreflightCheckStatus;
import dev.slipway.api.v1alpha1.PreflightCheckStatus.Result;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcrPort;
import dev.slipway.aws.S3Port;
import dev.slipway.status.EventRecorder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The step's memory and verdicts: results per spec hash, a pass is never repeated, a failure is
 * checked again, a new spec starts over, and one pass spends a bounded time in checks.
 */
class PreflightStepTest {
  /** Every call to the fake S3 answers this status (200 found). */
  private final List<Integer> answers = new ArrayList<>();

  private final List<String> asked = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private long nanosPerCall = 0;

  // Events go nowhere: the recorder swallows the failure to write them, as it must.
  private static final io.fabric8.kubernetes.client.KubernetesClient DEAD =
      new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder()
                  .withMasterUrl("http://127.0.0.1:1")
                  .withRequestRetryBackoffLimit(0)
                  .withConnectionTimeout(200)
                  .build())
          .build();

  @AfterAll
  static void close() {
    DEAD.close();
  }

  private final S3Client s3 =
      new S3Client() {
        @Override
        public HeadObjectResponse headObject(HeadObjectRequest r) {
          asked.add(r.bucket() + "/" + r.key());
          nanos.addAndGet(nanosPerCall);
          int status = answers.size() > 1 ? answers.remove(0) : answers.get(0);
          if (status == 200) return HeadObjectResponse.builder().build();
          throw S3Exception.builder()
              .statusCode(status)
              .awsErrorDetails(AwsErrorDetails.builder().errorMessage("status " + status).build())
              .build();
        }

        @Override
        public String serviceName() {
          return "s3";
        }

        @Override
        public void close() {}
      };

  private final AwsClientFactory aws =
      new AwsClientFactory() {
        @Override
        public EcsClient ecs(AwsTarget target) {
          throw new UnsupportedOperationException();
        }

        @Override
        public ElasticLoadBalancingV2Client elb(AwsTarget target) {
          throw new UnsupportedOperationException();
        }

        @Override
        public StsClient sts(AwsTarget target) {
          throw new UnsupportedOperationException();
        }

        @Override
        public ApplicationAutoScalingClient autoscaling(AwsTarget target) {
          throw new UnsupportedOperationException();
        }

        @Override
        public S3Client s3(AwsTarget target) {
          return s3;
        }
      };

  // Backoff between retries does not wait: only the number of attempts matters here.
  private final AwsCalls calls =
      new AwsCalls(
          AwsResilienceSettings.defaults(), new SimpleMeterRegistry(), System::nanoTime, n -> {});
  private final PreflightStep step =
      new PreflightStep(
          new PreflightChecks(new S3Port(aws, calls), new EcrPort(aws, calls), new HttpProbe()),
          new EventRecorder(DEAD, java.time.Clock.systemUTC()),
          ReleaseSettings.defaults(),
          nanos::get);

  private final ServiceReleaseStatus status = new ServiceReleaseStatus();

  private ServiceRelease release(String image) {
    return Releases.withPreflight(
        Releases.web("web", image),
        Releases.s3Check("assets", "assets", "web/${imageTag}.tgz"),
        Releases.s3Check("config", "config", "web/${imageTag}.json"));
  }

  private Optional<Outcome> pass(ServiceRelease sr) {
    return step.ensurePreflight(
        new ReleaseContext(sr, status, ReleasePlan.of(sr), Instant.parse("2030-01-01T00:00:00Z")));
  }

  private PreflightCheckStatus record(String name) {
    return status.preflight.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow();
  }

  @Test
  void checksThatPassedAreNotRunAgainForTheSameSpec() {
    answers.add(200);
    ServiceRelease sr = release("repo/web:v1");
    assertThat(pass(sr)).isEmpty();
    assertThat(asked).containsExactly("assets/web/v1.tgz", "config/web/v1.json");
    assertThat(status.preflight)
        .allSatisfy(
            r -> {
              assertThat(r.result).isEqualTo(Result.Passed);
              assertThat(r.specHash).isEqualTo(ReleasePlan.of(sr).specHash());
              assertThat(r.checkedAt).isEqualTo("2030-01-01T00:00:00Z");
            });

    assertThat(pass(sr)).isEmpty();
    assertThat(asked).as("no second round of calls").hasSize(2);
  }

  @Test
  void aMissingObjectStopsTheReleaseAndIsCheckedAgainUntilItAppears() {
    answers.addAll(List.of(404, 200, 404, 200));
    ServiceRelease sr = release("repo/web:v1");
    Outcome stopped = pass(sr).orElseThrow();
    assertThat(stopped.phase()).isEqualTo(ServiceReleaseStatus.Phase.Failed);
    assertThat(stopped.reason()).isEqualTo("PreflightFailed");
    assertThat(stopped.message())
        .startsWith("preflight check assets failed: missing: s3://assets/web/v1.tgz")
        .doesNotContain("config");
    assertThat(stopped.recheck()).isNotNull();
    assertThat(record("assets").result).isEqualTo(Result.Failed);
    assertThat(record("config").result).isEqualTo(Result.Passed);

    // The next pass asks again only for what did not pass.
    assertThat(pass(sr)).isPresent();
    assertThat(asked)
        .containsExactly("assets/web/v1.tgz", "config/web/v1.json", "assets/web/v1.tgz");
    assertThat(pass(sr)).isEmpty();
    assertThat(record("assets").result).isEqualTo(Result.Passed);
    assertThat(record("assets").message).isEqualTo("found s3://assets/web/v1.tgz");
  }

  @Test
  void aForbiddenAnswerIsUnknownNotMissing() {
    answers.add(403);
    Outcome stopped = pass(release("repo/web:v1")).orElseThrow();
    assertThat(stopped.reason()).isEqualTo("PreflightUnknown");
    assertThat(stopped.message())
        .contains("preflight check assets: s3://assets/web/v1.tgz: cannot tell: 403")
        .contains("grant s3:ListBucket on the bucket or s3:GetObject");
    assertThat(record("assets").result).isEqualTo(Result.Unknown);
  }

  @Test
  void failedOutranksUnknownInTheReason() {
    answers.addAll(List.of(403, 404));
    assertThat(pass(release("repo/web:v1")).orElseThrow().reason()).isEqualTo("PreflightFailed");
  }

  @Test
  void aNewSpecStartsOverAndForgetsTheOldResults() {
    answers.add(200);
    pass(release("repo/web:v1"));
    ServiceRelease v2 = release("repo/web:v2");
    assertThat(pass(v2)).isEmpty();
    assertThat(asked).endsWith("assets/web/v2.tgz", "config/web/v2.json");
    assertThat(status.preflight)
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.specHash).isEqualTo(ReleasePlan.of(v2).specHash()));
  }

  @Test
  void aRemovedCheckLeavesStatusAndNoChecksMeansNothingToDo() {
    answers.add(200);
    pass(release("repo/web:v1"));
    ServiceRelease none = Releases.web("web", "repo/web:v1");
    assertThat(pass(none)).isEmpty();
    assertThat(status.preflight).isEmpty();
  }

  @Test
  void aPassSpendsABoundedTimeInChecksThenContinuesOnTheNext() {
    answers.add(200);
    nanosPerCall = PreflightStep.BUDGET.plusSeconds(1).toNanos();
    ServiceRelease sr = release("repo/web:v1");
    Outcome first = pass(sr).orElseThrow();
    assertThat(first.reason()).isEqualTo("PreflightRunning");
    assertThat(first.recheck()).isEqualTo(ReleaseSettings.defaults().minPoll());
    assertThat(asked).containsExactly("assets/web/v1.tgz");
    assertThat(pass(sr)).isEmpty();
    assertThat(asked).containsExactly("assets/web/v1.tgz", "config/web/v1.json");
  }

  @Test
  void anAnswerAnotherAttemptMayCureIsThrownNotJudged() {
    answers.add(503);
    assertThatThrownBy(() -> pass(release("repo/web:v1"))).isInstanceOf(S3Exception.class);
    assertThat(asked)
        .as("AwsCalls retried it")
        .hasSize(AwsResilienceSettings.defaults().maxAttempts());
    assertThat(status.preflight).isEmpty();
  }

  @Test
  void recheckGrowsWithTheTimeTheReleaseHasWaited() {
    answers.add(404);
    status.releaseStartedAt = "2029-12-31T23:00:00Z";
    Duration recheck = pass(release("repo/web:v1")).orElseThrow().recheck();
    assertThat(recheck).isEqualTo(ReleaseSettings.defaults().maxPoll());
  }
}
