package dev.slipway.environment.refresh;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsRateLimitedException;
import dev.slipway.aws.AwsUnavailableException;
import dev.slipway.status.ReconcileErrors;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

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

  static StepResult classify(RuntimeException e) {
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
    throw e;
  }
}
