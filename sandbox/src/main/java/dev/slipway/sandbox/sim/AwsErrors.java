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
  static final String RDS = "rds";

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
    return build(genericBuilder(service), service, throttlingCode(service), "Rate exceeded", 400);
  }

  /** An injected fault as the service's base exception type. */
  static AwsServiceException fault(String service, FaultKind kind) {
    String code = kind == FaultKind.THROTTLING ? throttlingCode(service) : kind.code();
    return build(genericBuilder(service), service, code, kind.message(), kind.status());
  }

  private static String throttlingCode(String service) {
    return service.equals(ELB) || service.equals(STS) || service.equals(IAM) || service.equals(RDS)
        ? "Throttling"
        : "ThrottlingException";
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
      case RDS -> software.amazon.awssdk.services.rds.model.RdsException.builder();
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
      case RDS -> "Rds";
      default -> service;
    };
  }
}
