package dev.slipway.sandbox.sim;

import java.util.Set;

/**
 * Seeds and breaks what task definitions reference in one simulated account: ECR images, secrets,
 * SSM parameters, log groups (per Region) and IAM roles (global). Every method is idempotent.
 */
public final class ReferenceSeeding {
  private final AwsSimulator sim;
  private final String account;

  ReferenceSeeding(AwsSimulator sim, String account) {
    this.sim = sim;
    this.account = account;
  }

  public ReferenceSeeding image(String region, String repository, String tag) {
    sim.locked(
        account,
        region,
        rs ->
            rs.references
                .images
                .computeIfAbsent(repository, r -> new java.util.TreeSet<>())
                .add(tag));
    return this;
  }

  /** The digest DescribeImages reports for a seeded image, to pin an image by it. */
  public static String imageDigest(String repository, String tag) {
    return EcrSimulator.digest(repository, tag);
  }

  public ReferenceSeeding removeImage(String region, String repository, String tag) {
    sim.locked(
        account,
        region,
        rs -> {
          Set<String> tags = rs.references.images.get(repository);
          return tags != null && tags.remove(tag);
        });
    return this;
  }

  /** A secret by ARN; {@code readable} false makes DescribeSecret answer AccessDenied. */
  public ReferenceSeeding secret(String region, String arn, boolean readable) {
    sim.locked(account, region, rs -> rs.references.secrets.put(arn, readable));
    return this;
  }

  /** A parameter by name ("/app/key"); {@code readable} false answers AccessDenied. */
  public ReferenceSeeding parameter(String region, String name, boolean readable) {
    sim.locked(account, region, rs -> rs.references.parameters.put(name, readable));
    return this;
  }

  public ReferenceSeeding logGroup(String region, String name) {
    sim.locked(account, region, rs -> rs.references.logGroups.add(name));
    return this;
  }

  public ReferenceSeeding removeLogGroup(String region, String name) {
    sim.locked(account, region, rs -> rs.references.logGroups.remove(name));
    return this;
  }

  /** A role (by name, path-less ARN) that the given service principals may assume. */
  public ReferenceSeeding role(String name, String... trustedServices) {
    String arn = "arn:aws:iam::" + account + ":role/" + name;
    sim.locked(
        account,
        IamSimulator.GLOBAL,
        rs -> rs.references.roles.put(name, new ReferenceModel.Role(arn, Set.of(trustedServices))));
    return this;
  }
}
