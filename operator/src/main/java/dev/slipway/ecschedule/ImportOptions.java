package dev.slipway.ecschedule;

import java.util.Map;

/**
 * What the person running the import adds to the config.
 *
 * @param namespace namespace of the manifests, or null to leave it to {@code kubectl apply}
 * @param releaseRefs task definition family to the ServiceRelease that runs it
 * @param accountId AWS account of the schedules, or null to take it from an ARN in the config
 * @param env the environment {@code env} and {@code must_env} read
 */
public record ImportOptions(
    String namespace, Map<String, String> releaseRefs, String accountId, Map<String, String> env) {
  public ImportOptions {
    releaseRefs = Map.copyOf(releaseRefs);
    env = Map.copyOf(env);
  }
}
