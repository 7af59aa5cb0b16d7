package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.RdsPort;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.RdsClusterInfo;
import dev.slipway.sandbox.sim.SimClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterResponse;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeEventsRequest;
import software.amazon.awssdk.services.rds.model.DescribeEventsResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterResponse;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeResponse;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The Aurora steps run again after their effect, against the simulator: a pass whose copy of the
 * run is older than what an earlier pass did (a stale read, a pass that failed after the refresh
 * moved on, a crash before the status write) must not delete the cluster the run just restored; and
 * a cluster RDS does not show yet right after the restore is waited for, for a while only.
 */
class AuroraStepsAgainTest {
  static final String STAGING = "123456789012";
  static final String PROD = "111111111111";
  static final String REGION = "ap-northeast-1";
  static final String ID = "stg-again";

  final SimClock clock = SimClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
  final AwsSimulator sim =
      AwsSimulator.builder()
          .clock(clock)
          .defaultAccountId(STAGING)
          .throttling(false)
          .seed(7)
          .build();
  final AwsTarget target = new AwsTarget(STAGING, REGION, null);

  /** While set, DescribeDBClusters does not find the staging cluster (a read lagging behind). */
  final AtomicBoolean lagging = new AtomicBoolean();

  final AtomicLong nanos = new AtomicLong();
  final RdsPort rds =
      new RdsPort(
          new Lagging(),
          new AwsCalls(
              AwsResilienceSettings.defaults(),
              new SimpleMeterRegistry(),
              nanos::get,
              nanos::addAndGet));
  final RefreshWorkflow workflow = new RefreshWorkflow(new Random(7));
  final StagingEnvironment env = env();
  final List<NamedStep> steps;

  AuroraStepsAgainTest() {
    sim.seedAuroraCluster(PROD, REGION, "prod-main", "aurora-mysql", "5.7.mysql_aurora.2.11.2");
    sim.shareClusterWith(PROD, REGION, "prod-main", STAGING);
    steps = new AuroraSteps(rds, spec()).steps();
  }

  @Test
  void aPassWorkingFromAnOlderCopyOfTheRunLeavesTheClusterItRestoredAlone() {
    RefreshStatus.Run run = RefreshWorkflow.start("r-1", "OnDemand", steps, clock.instant());
    RefreshStatus.Run older = copy(run);
    workflow.advance(env, target, run, steps, clock.instant());
    assertThat(step(run, "restore").state).isEqualTo("Done");
    assertThat(restores()).isEqualTo(1);

    // While the new cluster is still being created, and once it is available.
    for (Duration later : List.of(Duration.ofSeconds(30), Duration.ofHours(1))) {
      clock.advance(later);
      RefreshStatus.Run again = copy(older);
      workflow.advance(env, target, again, steps, clock.instant());
      assertThat(step(again, "deleteCluster").detail).isEqualTo(ID + " was created by this run");
      assertThat(step(again, "restore").detail).isEqualTo(ID + " was created by this run");
      assertThat(again.result).as(again.message).isEqualTo("Running");
    }
    assertThat(sim.calls("rds", "DeleteDBCluster").received()).isZero();
    assertThat(restores()).isEqualTo(1);
    assertThat(cluster().status()).isEqualTo("available");

    // The run itself goes on to the end on the same cluster.
    for (int i = 0; i < 20 && "Running".equals(run.result); i++) {
      workflow.advance(env, target, run, steps, clock.instant());
      clock.advance(Duration.ofMinutes(5));
    }
    assertThat(run.result).as(run.message).isEqualTo("Succeeded");
    assertThat(cluster().members()).hasSize(1);
    assertThat(restores()).isEqualTo(1);
  }

  @Test
  void aClusterNotVisibleRightAfterTheRestoreIsWaitedForAWhileOnly() {
    RefreshStatus.Run run = RefreshWorkflow.start("r-2", "OnDemand", steps, clock.instant());
    workflow.advance(env, target, run, steps, clock.instant());
    assertThat(step(run, "restore").state).isEqualTo("Done");

    lagging.set(true);
    clock.advance(Duration.ofMinutes(2));
    workflow.advance(env, target, run, steps, clock.instant());
    assertThat(run.result).isEqualTo("Running");
    assertThat(step(run, "awaitCluster").detail).isEqualTo(ID + " is not visible yet");

    // Visible again: creating, then on as usual.
    lagging.set(false);
    clock.advance(Duration.ofMinutes(1));
    workflow.advance(env, target, run, steps, clock.instant());
    assertThat(run.result).isEqualTo("Running");
    assertThat(step(run, "awaitCluster").detail).startsWith(ID + " is ");

    // Not found well after the restore: it went, and the run ends.
    lagging.set(true);
    clock.advance(AuroraSteps.NOT_VISIBLE_FOR_AT_MOST);
    workflow.advance(env, target, run, steps, clock.instant());
    assertThat(run.result).isEqualTo("Failed");
    assertThat(run.message)
        .startsWith("main: awaitCluster: " + ID + " disappeared while being created");
  }

  private long restores() {
    return sim.calls("rds", "RestoreDBClusterToPointInTime").received();
  }

  private RdsClusterInfo cluster() {
    return sim.rdsClusters(STAGING, REGION).stream()
        .filter(c -> c.id().equals(ID))
        .findFirst()
        .orElseThrow();
  }

  private static RefreshStatus.Step step(RefreshStatus.Run run, String name) {
    return run.steps.stream().filter(s -> s.step.equals(name)).findFirst().orElseThrow();
  }

  private static RefreshStatus.Run copy(RefreshStatus.Run run) {
    return new ObjectMapper().convertValue(run, RefreshStatus.Run.class);
  }

  private static RefreshSpec.Aurora spec() {
    RefreshSpec.Aurora a = new RefreshSpec.Aurora();
    a.name = "main";
    a.engine = "aurora-mysql";
    a.source = new RefreshSpec.AuroraSource();
    a.source.clusterArn = "arn:aws:rds:" + REGION + ":" + PROD + ":cluster:prod-main";
    a.target = new RefreshSpec.AuroraTarget();
    a.target.clusterIdentifier = ID;
    a.target.subnetGroup = "stg-db";
    a.target.securityGroupIds = List.of("sg-0123456789abcdef0");
    a.target.instanceClass = "db.r6g.large";
    a.target.kmsKeyId = "arn:aws:kms:" + REGION + ":" + STAGING + ":key/staging";
    return a;
  }

  private static StagingEnvironment env() {
    StagingEnvironment e = new StagingEnvironment();
    e.getMetadata().setName("again");
    e.getMetadata().setNamespace("default");
    e.getMetadata().setUid("uid-again");
    return e;
  }

  /** The simulator, with an RDS client whose DescribeDBClusters can lag behind. */
  private final class Lagging implements AwsClientFactory {
    @Override
    public EcsClient ecs(AwsTarget t) {
      return sim.ecs(t);
    }

    @Override
    public ElasticLoadBalancingV2Client elb(AwsTarget t) {
      return sim.elb(t);
    }

    @Override
    public StsClient sts(AwsTarget t) {
      return sim.sts(t);
    }

    @Override
    public ApplicationAutoScalingClient autoscaling(AwsTarget t) {
      return sim.autoscaling(t);
    }

    @Override
    public RdsClient rds(AwsTarget t) {
      RdsClient real = sim.rds(t);
      return new RdsClient() {
        @Override
        public DescribeDbClustersResponse describeDBClusters(DescribeDbClustersRequest r) {
          if (lagging.get() && ID.equals(r.dbClusterIdentifier())) {
            throw DbClusterNotFoundException.builder()
                .message("DBCluster " + ID + " not found.")
                .statusCode(404)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("DBClusterNotFoundFault")
                        .errorMessage("DBCluster " + ID + " not found.")
                        .build())
                .build();
          }
          return real.describeDBClusters(r);
        }

        @Override
        public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest r) {
          return real.describeDBInstances(r);
        }

        @Override
        public RestoreDbClusterToPointInTimeResponse restoreDBClusterToPointInTime(
            RestoreDbClusterToPointInTimeRequest r) {
          return real.restoreDBClusterToPointInTime(r);
        }

        @Override
        public DeleteDbClusterResponse deleteDBCluster(DeleteDbClusterRequest r) {
          return real.deleteDBCluster(r);
        }

        @Override
        public DeleteDbInstanceResponse deleteDBInstance(DeleteDbInstanceRequest r) {
          return real.deleteDBInstance(r);
        }

        @Override
        public ModifyDbClusterResponse modifyDBCluster(ModifyDbClusterRequest r) {
          return real.modifyDBCluster(r);
        }

        @Override
        public CreateDbInstanceResponse createDBInstance(CreateDbInstanceRequest r) {
          return real.createDBInstance(r);
        }

        @Override
        public DescribeEventsResponse describeEvents(DescribeEventsRequest r) {
          return real.describeEvents(r);
        }

        @Override
        public String serviceName() {
          return SERVICE_NAME;
        }

        @Override
        public void close() {}
      };
    }
  }
}
