package dev.slipway.aws;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * AWS's published request-throttling token buckets (per account and Region): burst capacity and
 * refill per second. One table serves two purposes: the simulator throttles with it (server side)
 * and the operator's client-side rate limiters are sized from it, so Slipway slows itself down
 * before AWS has to.
 */
public enum ThrottleBucket {
  /** CreateService, UpdateService, DeleteService. */
  ECS_SERVICE_WRITE(50, 5),
  /** RegisterTaskDefinition and DeregisterTaskDefinition share one bucket. */
  ECS_TASK_DEFINITION_WRITE(20, 1),
  /** DescribeServices (at most 10 services per call) and ListServices. */
  ECS_SERVICE_READ(100, 20),
  /** DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies. */
  ECS_TASK_DEFINITION_READ(50, 20),
  /** TagResource, UntagResource, ListTagsForResource. */
  ECS_TAGGING(20, 10),
  /** DescribeClusters, DescribeTasks, ListTasks and other cluster-resource reads. */
  ECS_CLUSTER_READ(50, 20),
  /** RunTask, StopTask (estimate: not among the figures this project has verified). */
  ECS_TASK_WRITE(100, 40),
  /** Every ELBv2 call draws from this shared bucket. */
  ELB_ALL(40, 10),
  /** ELBv2 mutating calls (rules, listeners, target groups) additionally draw from this one. */
  ELB_WRITE(20, 3),
  /** ELBv2 RegisterTargets/DeregisterTargets additionally draw from this one. */
  ELB_TARGETS(20, 4),
  /** STS GetCallerIdentity and AssumeRole (estimate; calls are cached, so rarely binding). */
  STS(100, 50),
  /** Application Auto Scaling (estimate). */
  AUTOSCALING(20, 10),
  /** ECR reads (estimate; used by {@code slipway verify}). */
  ECR(20, 10),
  /** Secrets Manager DescribeSecret (estimate; used by {@code slipway verify}). */
  SECRETS_MANAGER(50, 25),
  /** SSM DescribeParameters (estimate; used by {@code slipway verify}). */
  SSM(20, 10),
  /** CloudWatch Logs DescribeLogGroups (estimate; used by {@code slipway verify}). */
  LOGS(10, 5),
  /** IAM reads (estimate; used by {@code slipway verify}). */
  IAM(20, 10),
  /** RDS: one bucket shared by every RDS API call of the account and Region. */
  RDS(300, 12),
  /** ElastiCache (estimate: AWS does not publish its buckets). */
  ELASTICACHE(20, 5),
  /** S3 control-plane style calls the refresh makes (estimate; S3 limits are per prefix). */
  S3(100, 50),
  /** OpenSearch Service configuration API (estimate). */
  OPENSEARCH(10, 2),
  /**
   * Requests to a domain's own REST endpoint (estimate: AWS publishes no figure, the domain's
   * thread pools are the real limit; this keeps one refresh from crowding a small staging domain).
   */
  OPENSEARCH_DOMAIN(50, 10),
  /** CloudWatch DescribeAlarms: AWS's published 9 transactions per second. */
  CLOUDWATCH(9, 9),
  /**
   * EventBridge Scheduler schedule calls (Create/Get/Update/Delete/ListSchedules): AWS's published
   * default for the smaller Regions, 250 per second (the large ones allow more).
   */
  SCHEDULER(250, 250),
  /** EventBridge Scheduler schedule-group and tagging calls: AWS's published 10 per second. */
  SCHEDULER_GROUP(10, 10);

  private final int burst;
  private final double refillPerSecond;

  ThrottleBucket(int burst, double refillPerSecond) {
    this.burst = burst;
    this.refillPerSecond = refillPerSecond;
  }

  public int burst() {
    return burst;
  }

  public double refillPerSecond() {
    return refillPerSecond;
  }

  // AWS publishes no buckets of their own for the service-deployment APIs: counted with the
  // service writes and reads they act on, which is the cautious reading.
  private static final Set<String> ECS_SERVICE_WRITES =
      Set.of(
          "createservice",
          "updateservice",
          "deleteservice",
          "continueservicedeployment",
          "stopservicedeployment");
  private static final Set<String> ECS_TD_WRITES =
      Set.of("registertaskdefinition", "deregistertaskdefinition", "deletetaskdefinitions");
  private static final Set<String> ECS_SERVICE_READS =
      Set.of(
          "describeservices",
          "listservices",
          "listservicedeployments",
          "describeservicedeployments");
  private static final Set<String> ECS_TD_READS =
      Set.of("describetaskdefinition", "listtaskdefinitions", "listtaskdefinitionfamilies");
  private static final Set<String> ECS_TAGGING_OPS =
      Set.of("tagresource", "untagresource", "listtagsforresource");
  private static final Set<String> ECS_TASK_WRITES = Set.of("runtask", "stoptask", "starttask");
  private static final Set<String> ELB_TARGET_OPS = Set.of("registertargets", "deregistertargets");
  private static final Set<String> OPENSEARCH_DOMAIN_OPS =
      OpenSearchRestPort.OPERATIONS.stream()
          .map(o -> o.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * The buckets one call draws a token from. {@code service} is "ecs", "elasticloadbalancing",
   * "sts", "application-autoscaling" or "rds"; {@code operation} is the API name, e.g.
   * "UpdateService".
   */
  public static List<ThrottleBucket> forCall(String service, String operation) {
    String op = operation.toLowerCase(Locale.ROOT);
    switch (service) {
      case "ecs":
        if (ECS_SERVICE_WRITES.contains(op)) return List.of(ECS_SERVICE_WRITE);
        if (ECS_TD_WRITES.contains(op)) return List.of(ECS_TASK_DEFINITION_WRITE);
        if (ECS_SERVICE_READS.contains(op)) return List.of(ECS_SERVICE_READ);
        if (ECS_TD_READS.contains(op)) return List.of(ECS_TASK_DEFINITION_READ);
        if (ECS_TAGGING_OPS.contains(op)) return List.of(ECS_TAGGING);
        if (ECS_TASK_WRITES.contains(op)) return List.of(ECS_TASK_WRITE);
        return List.of(ECS_CLUSTER_READ);
      case "elasticloadbalancing":
        if (ELB_TARGET_OPS.contains(op)) return List.of(ELB_ALL, ELB_TARGETS);
        if (op.startsWith("describe")) return List.of(ELB_ALL);
        return List.of(ELB_ALL, ELB_WRITE);
      case "sts":
        return List.of(STS);
      case "application-autoscaling":
        return List.of(AUTOSCALING);
      case "rds":
        return List.of(RDS);
      case "elasticache":
        return List.of(ELASTICACHE);
      case "s3":
        return List.of(S3);
      case "es":
        return List.of(OPENSEARCH_DOMAIN_OPS.contains(op) ? OPENSEARCH_DOMAIN : OPENSEARCH);
      case "ecr":
        return List.of(ECR);
      case "secretsmanager":
        return List.of(SECRETS_MANAGER);
      case "ssm":
        return List.of(SSM);
      case "logs":
        return List.of(LOGS);
      case "iam":
        return List.of(IAM);
      case "monitoring":
        return List.of(CLOUDWATCH);
      case "scheduler":
        return List.of(
            op.endsWith("schedule") || op.equals("listschedules") ? SCHEDULER : SCHEDULER_GROUP);
      default:
        throw new IllegalArgumentException("unknown AWS service " + service);
    }
  }
}
