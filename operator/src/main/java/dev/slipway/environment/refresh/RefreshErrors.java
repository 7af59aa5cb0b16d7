package dev.slipway.environment.refresh;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsRateLimitedException;
import dev.slipway.aws.AwsUnavailableException;
import dev.slipway.aws.OpenSearchHttpException;
import dev.slipway.status.ReconcileErrors;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Sorts the errors a refresh step meets into what they need: time, a person, or nothing more. */
final class RefreshErrors {
  private RefreshErrors() {}

  /** Codes that clear up by themselves: a deleting identifier, a cluster mid-change, capacity. */
  private static final Set<String> WAIT =
      Set.of(
          "DBClusterAlreadyExistsFault",
          "InvalidDBClusterStateFault",
          "InvalidDBInstanceState",
          "InsufficientDBClusterCapacityFault",
          "InsufficientDBInstanceCapacity",
          "InsufficientStorageClusterCapacity",
          "ReplicationGroupAlreadyExists",
          "InvalidReplicationGroupState",
          // A group that went between a describe and a delete: the step looks again, finds none.
          "ReplicationGroupNotFoundFault",
          "InvalidSnapshotState",
          "InsufficientCacheClusterCapacity",
          "SnapshotAlreadyExistsFault");

  /** Codes a person must fix: the source is not shared or gone, permissions, quotas. */
  private static final Set<String> FIX =
      Set.of(
          "DBClusterNotFoundFault",
          "DBClusterSnapshotNotFoundFault",
          "DBSubnetGroupNotFoundFault",
          "DBClusterParameterGroupNotFound",
          "KMSKeyNotAccessibleFault",
          "AccessDenied",
          "AccessDeniedException",
          "AuthorizationError",
          "UnauthorizedOperation",
          "DBClusterQuotaExceededFault",
          "InstanceQuotaExceeded",
          "SnapshotNotFoundFault",
          "CacheSubnetGroupNotFoundFault",
          "CacheParameterGroupNotFound",
          "NodeQuotaForCustomerExceeded",
          "NodeQuotaForClusterExceeded",
          "ClusterQuotaForCustomerExceeded",
          "NoSuchBucket");

  /** OpenSearch errors that no retry mends, whatever status they come with (some are 500). */
  private static final Set<String> OPENSEARCH_FATAL =
      Set.of(
          "snapshot_restore_exception",
          "snapshot_missing_exception",
          "invalid_snapshot_name_exception",
          "invalid_index_name_exception",
          "index_not_found_exception",
          "illegal_argument_exception",
          "action_request_validation_exception",
          "parse_exception");

  /**
   * OpenSearch errors a person mends: the repository role cannot read production's bucket, or
   * fine-grained access control does not map Slipway's role to what the call needs.
   */
  private static final Set<String> OPENSEARCH_FIX =
      Set.of("repository_verification_exception", "repository_exception", "security_exception");

  static StepResult classify(RuntimeException e) {
    if (e instanceof OpenSearchHttpException http) return classify(http);
    if (e instanceof AwsRateLimitedException || e instanceof AwsUnavailableException) {
      return StepResult.failed(ErrorKind.WAIT_AND_RETRY, "AwsUnavailable", e.getMessage());
    }
    if (e instanceof AwsServiceException ase) {
      String code = AwsErrors.errorCode(ase) == null ? "Unknown" : AwsErrors.errorCode(ase);
      String message = ReconcileErrors.describe(ase);
      if (AwsErrors.isThrottling(ase) || ase.statusCode() >= 500 || WAIT.contains(code)) {
        return StepResult.failed(ErrorKind.WAIT_AND_RETRY, code, message);
      }
      if (FIX.contains(code) || ase.statusCode() == 403) {
        return StepResult.failed(ErrorKind.FIX_AND_RETRY, code, message);
      }
      return StepResult.failed(ErrorKind.FATAL, code, message);
    }
    if (e instanceof SdkClientException) {
      // No answer at all: a connection refused or timed out needs time; anything else on our
      // side of the wire (credentials that cannot be loaded) needs a person.
      return AwsErrors.isTransientClientError(e)
          ? StepResult.failed(ErrorKind.WAIT_AND_RETRY, "Unreachable", e.getMessage())
          : StepResult.failed(ErrorKind.FIX_AND_RETRY, "ClientError", e.getMessage());
    }
    throw e;
  }

  /**
   * An answer of a domain's endpoint: 429 and 5xx need time, 401/403 a person (IAM, the domain's
   * access policy or its role mapping), other 4xx end the run; OpenSearch's error type overrides
   * the status where it knows better.
   */
  static StepResult classify(OpenSearchHttpException e) {
    String code = AwsErrors.errorCode(e);
    String message = "HTTP " + e.statusCode() + " from the domain: " + e.reason();
    String type = e.type() == null ? "" : e.type();
    if (OPENSEARCH_FATAL.contains(type)) return StepResult.failed(ErrorKind.FATAL, code, message);
    if (OPENSEARCH_FIX.contains(type)) {
      return StepResult.failed(ErrorKind.FIX_AND_RETRY, code, message);
    }
    if (e.statusCode() == 429 || e.statusCode() >= 500) {
      return StepResult.failed(ErrorKind.WAIT_AND_RETRY, code, message);
    }
    if (e.statusCode() == 401 || e.statusCode() == 403) {
      return StepResult.failed(ErrorKind.FIX_AND_RETRY, code, message);
    }
    return StepResult.failed(ErrorKind.FATAL, code, message);
  }
}
