package dev.slipway.stateful;

/**
 * One spelling per AWS resource, whatever the call used (name or ARN): {@code tg:<arn>}, {@code
 * listener:<arn>}, {@code rule:<arn>}, {@code service:<cluster>/<name>}, {@code
 * taskdef:<family>:<revision>}.
 */
final class ResourceKeys {
  private ResourceKeys() {}

  static String targetGroup(String arn) {
    return "tg:" + arn;
  }

  static String listener(String arn) {
    return "listener:" + arn;
  }

  static String rule(String arn) {
    return "rule:" + arn;
  }

  /** Cluster and service may each be a name or an ARN. */
  static String service(String cluster, String service) {
    return "service:"
        + lastSegment(cluster == null ? "default" : cluster)
        + "/"
        + lastSegment(service);
  }

  /** {@code family:revision} or a task definition ARN. */
  static String taskDefinition(String familyRevisionOrArn) {
    return "taskdef:" + lastSegment(familyRevisionOrArn);
  }

  static boolean isService(String key) {
    return key.startsWith("service:");
  }

  static boolean isTaskDefinition(String key) {
    return key.startsWith("taskdef:");
  }

  private static String lastSegment(String nameOrArn) {
    return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
  }
}
