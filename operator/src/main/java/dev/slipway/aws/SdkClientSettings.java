package dev.slipway.aws;

import java.time.Duration;

/**
 * How {@link SdkAwsClientFactory} builds production SDK clients.
 *
 * @param apiCallTimeout limit for one SDK call (all its attempts; with one attempt, a backstop)
 * @param apiCallAttemptTimeout limit for one HTTP attempt, so a hung connection becomes a retryable
 *     {@code ApiCallAttemptTimeoutException} for {@link AwsCalls}
 * @param externalId external id passed to AssumeRole when the role's trust policy requires one, or
 *     null
 */
public record SdkClientSettings(
    Duration apiCallTimeout, Duration apiCallAttemptTimeout, String externalId) {

  public SdkClientSettings {
    if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
      throw new IllegalArgumentException("apiCallAttemptTimeout must not exceed apiCallTimeout");
    }
  }

  public static SdkClientSettings defaults() {
    return new SdkClientSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), null);
  }

  public SdkClientSettings withTimeouts(Duration apiCall, Duration attempt) {
    return new SdkClientSettings(apiCall, attempt, externalId);
  }

  public SdkClientSettings withExternalId(String value) {
    return new SdkClientSettings(apiCallTimeout, apiCallAttemptTimeout, value);
  }
}
