package dev.slipway.aws;

import java.util.Objects;

/**
 * Where a resource lives in AWS: the account Slipway must be talking to, the Region, and the role
 * to assume (optional; without it the operator's own credentials are used).
 */
public record AwsTarget(String accountId, String region, String roleArn) {

  public AwsTarget {
    Objects.requireNonNull(region, "region");
  }

  /** Key used for per-target caches, rate limiters and circuit breakers. */
  public String key() {
    return (accountId == null ? "-" : accountId) + "/" + region;
  }
}
