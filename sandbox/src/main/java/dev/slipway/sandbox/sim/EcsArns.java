package dev.slipway.sandbox.sim;

/** ECS ARN formats and the name-or-ARN parameters ECS accepts. */
final class EcsArns {
  private EcsArns() {}

  static String cluster(String region, String account, String name) {
    return "arn:aws:ecs:" + region + ":" + account + ":cluster/" + name;
  }

  static String service(String region, String account, String cluster, String name) {
    return "arn:aws:ecs:" + region + ":" + account + ":service/" + cluster + "/" + name;
  }

  static String task(String region, String account, String cluster, String id) {
    return "arn:aws:ecs:" + region + ":" + account + ":task/" + cluster + "/" + id;
  }

  static String taskDefinition(String region, String account, String family, int revision) {
    return "arn:aws:ecs:" + region + ":" + account + ":task-definition/" + family + ":" + revision;
  }

  /** The last path segment of an ARN, or the value itself if it is a plain name. */
  static String name(String nameOrArn) {
    if (nameOrArn == null) return null;
    if (!nameOrArn.startsWith("arn:")) return nameOrArn;
    return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
  }

  /** The cluster a request refers to; ECS falls back to the cluster named "default". */
  static String clusterName(String nameOrArn) {
    return nameOrArn == null || nameOrArn.isEmpty() ? "default" : name(nameOrArn);
  }
}
