package dev.slipway.sandbox.sim;

import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.applicationautoscaling.model.ApplicationAutoScalingException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.sts.model.StsException;

/** Builds the SDK's own exception types carrying real AWS error codes, as the SDK would. */
final class AwsErrors {
  static final String ECS = "ecs";
  static final String ELB = "elasticloadbalancing";
  static final String STS = "sts";
  static final String AUTOSCALING = "application-autoscaling";
  static final String ECR = "ecr";
  static final String SECRETS = "secretsmanager";
  static final String SSM = "ssm";
  static final String LOGS = "logs";
  static final String IAM = "iam";
  static final String OPENSEARCH = "es";
  static final String ELASTICACHE = "elasticache";
  static final String S3 = "s3";
  static final String RDS = "rds";
  static final String MONITORING = "monitoring";
  static final String SCHEDULER = "scheduler";

  private AwsErrors() {}

  /** Fills in message, status and error details on any service exception builder. */
  static AwsServiceException build(
      AwsServiceException.Builder builder,
      String service,
      String code,
      String message,
      int status) {
    return builder
        .message(message)
        .statusCode(status)
        .requestId(UUID.randomUUID().toString())
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName(sdkServiceName(service))
                .build())
        .build();
  }

  /**
   * A 400 error of the given SDK type. The error code is the exception's class name for JSON
   * services (ECS, Application Auto Scaling) and the name without "Exception" for the query
   * services (ELBv2, STS), which is what those APIs send on the wire.
   */
  static AwsServiceException client(
      AwsServiceException.Builder builder, String service, String message) {
    String code = builder.getClass().getEnclosingClass().getSimpleName();
    if (service.equals(ELB) || service.equals(STS) || service.equals(IAM)) {
      code = code.replaceAll("Exception$", "");
    }
    return build(builder, service, code, message, 400);
  }

  /** The "Rate exceeded" error each service returns when a throttle bucket is empty. */
  static AwsServiceException throttled(String service) {
    return build(
        genericBuilder(service),
        service,
        throttlingCode(service),
        "Rate exceeded",
        throttlingStatus(service));
  }

  /** An injected fault as the service's base exception type. */
  static AwsServiceException fault(String service, FaultKind kind) {
    String code = kind == FaultKind.THROTTLING ? throttlingCode(service) : kind.code();
    int status = kind == FaultKind.THROTTLING ? throttlingStatus(service) : kind.status();
    return build(genericBuilder(service), service, code, kind.message(), status);
  }

  private static String throttlingCode(String service) {
    // S3 answers a full bucket with 503 SlowDown; the other query-protocol services with
    // Throttling.
    if (service.equals(S3)) return "SlowDown";
    return service.equals(ELB)
            || service.equals(STS)
            || service.equals(IAM)
            || service.equals(ELASTICACHE)
            || service.equals(RDS)
            || service.equals(MONITORING)
        ? "Throttling"
        : "ThrottlingException";
  }

  private static int throttlingStatus(String service) {
    return service.equals(S3) ? 503 : 400;
  }

  static AwsServiceException.Builder genericBuilder(String service) {
    return switch (service) {
      case ECS -> EcsException.builder();
      case ELB -> ElasticLoadBalancingV2Exception.builder();
      case STS -> StsException.builder();
      case AUTOSCALING -> ApplicationAutoScalingException.builder();
      case ECR -> software.amazon.awssdk.services.ecr.model.EcrException.builder();
      case SECRETS ->
          software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException.builder();
      case SSM -> software.amazon.awssdk.services.ssm.model.SsmException.builder();
      case LOGS ->
          software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException.builder();
      case IAM -> software.amazon.awssdk.services.iam.model.IamException.builder();
      case OPENSEARCH ->
          software.amazon.awssdk.services.opensearch.model.OpenSearchException.builder();
      case ELASTICACHE ->
          software.amazon.awssdk.services.elasticache.model.ElastiCacheException.builder();
      case S3 -> software.amazon.awssdk.services.s3.model.S3Exception.builder();
      case RDS -> software.amazon.awssdk.services.rds.model.RdsException.builder();
      case MONITORING ->
          software.amazon.awssdk.services.cloudwatch.model.CloudWatchException.builder();
      case SCHEDULER ->
          software.amazon.awssdk.services.scheduler.model.SchedulerException.builder();
      default -> throw new IllegalArgumentException(service);
    };
  }

  private static String sdkServiceName(String service) {
    return switch (service) {
      case ECS -> "Ecs";
      case ELB -> "ElasticLoadBalancingV2";
      case STS -> "Sts";
      case AUTOSCALING -> "ApplicationAutoScaling";
      case ECR -> "Ecr";
      case SECRETS -> "SecretsManager";
      case SSM -> "Ssm";
      case LOGS -> "CloudWatchLogs";
      case IAM -> "Iam";
      case OPENSEARCH -> "OpenSearch";
      case ELASTICACHE -> "ElastiCache";
      case S3 -> "S3";
      case RDS -> "Rds";
      case MONITORING -> "CloudWatch";
      case SCHEDULER -> "Scheduler";
      default -> service;
    };
  }
}
