package dev.slipway.aws;

import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Hands out AWS SDK clients for a target. Production builds real SDK clients (region, optional
 * AssumeRole); the sandbox and tests hand out the simulator's implementations of the same
 * interfaces, so reconcilers never know which one they talk to. Implementations cache clients.
 */
public interface AwsClientFactory {

  EcsClient ecs(AwsTarget target);

  ElasticLoadBalancingV2Client elb(AwsTarget target);

  StsClient sts(AwsTarget target);

  ApplicationAutoScalingClient autoscaling(AwsTarget target);

  // The clients below serve `slipway verify` (and ECR also preflight checks); factories that
  // predate them need not offer them.

  default EcrClient ecr(AwsTarget target) {
    throw unsupported("ECR");
  }

  default SecretsManagerClient secretsManager(AwsTarget target) {
    throw unsupported("Secrets Manager");
  }

  default SsmClient ssm(AwsTarget target) {
    throw unsupported("SSM");
  }

  default CloudWatchLogsClient logs(AwsTarget target) {
    throw unsupported("CloudWatch Logs");
  }

  // The clients below serve the staging refresh (and S3 also preflight checks); factories that
  // predate them need not offer them.

  default RdsClient rds(AwsTarget target) {
    throw unsupported("RDS");
  }

  default ElastiCacheClient elasticache(AwsTarget target) {
    throw unsupported("ElastiCache");
  }

  default S3Client s3(AwsTarget target) {
    throw unsupported("S3");
  }

  default OpenSearchClient opensearch(AwsTarget target) {
    throw unsupported("OpenSearch");
  }

  /**
   * Signed requests to OpenSearch Service domain endpoints (the REST API the configuration API does
   * not cover), with the credentials and Region this target's SDK clients use. The factory picks
   * the scheme: https for real domains.
   */
  default OpenSearchHttp opensearchHttp(AwsTarget target) {
    throw unsupported("OpenSearch domain endpoint");
  }

  /** CloudWatch alarms, which ECS deployments watch for rollback. */
  default CloudWatchClient cloudwatch(AwsTarget target) {
    throw unsupported("CloudWatch");
  }

  /** EventBridge Scheduler, which runs ScheduledTasks of the EventBridgeScheduler engine. */
  default SchedulerClient scheduler(AwsTarget target) {
    throw unsupported("EventBridge Scheduler");
  }

  /** IAM is global: only the target's credentials matter, not its Region. */
  default IamClient iam(AwsTarget target) {
    throw unsupported("IAM");
  }

  private UnsupportedOperationException unsupported(String service) {
    return new UnsupportedOperationException(
        service + " clients are not available from " + getClass().getSimpleName());
  }
}
