package dev.slipway.sandbox.sim;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What task definitions point at in one account and Region (ECR images, Secrets Manager secrets,
 * SSM parameters, CloudWatch log groups) and, in the account's global state, IAM roles. Only
 * metadata is modelled: secret and parameter values never exist in the simulator.
 */
final class ReferenceModel {
  /** Repository name → image tags. */
  final Map<String, Set<String>> images = new TreeMap<>();

  /** Secret ARN (without a JSON-key suffix) → whether the caller may describe it. */
  final Map<String, Boolean> secrets = new TreeMap<>();

  /** Parameter name ("/app/key") → whether the caller may describe it. */
  final Map<String, Boolean> parameters = new TreeMap<>();

  final Set<String> logGroups = new TreeSet<>();

  /** Role name → the service principals its trust policy lets assume it. */
  final Map<String, Role> roles = new TreeMap<>();

  /** An IAM role as far as the simulator knows it. */
  record Role(String arn, Set<String> trustedServices) {}
}
