package dev.slipway.sandbox.sim;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.InvalidArnException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.InvalidSnapshotStateException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.SnapshotAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.SnapshotNotFoundException;
import software.amazon.awssdk.services.elasticache.model.TagNotFoundException;
import software.amazon.awssdk.services.elasticache.model.TagQuotaPerResourceExceededException;

/**
 * The ElastiCache errors the simulator raises. ElastiCache is a query-protocol service whose wire
 * codes do not follow the SDK's class names (ReplicationGroupAlreadyExistsException is sent as
 * "ReplicationGroupAlreadyExists", ReplicationGroupNotFoundException as
 * "ReplicationGroupNotFoundFault"), so each code and HTTP status here is the one the SDK 2.59.1
 * registers for that exception.
 */
final class ElastiCacheErrors {
  private ElastiCacheErrors() {}

  static AwsServiceException groupNotFound(String id) {
    return error(
        ReplicationGroupNotFoundException.builder(),
        "ReplicationGroupNotFoundFault",
        "Replication group " + id + " not found.",
        404);
  }

  static AwsServiceException groupExists(String id) {
    return error(
        ReplicationGroupAlreadyExistsException.builder(),
        "ReplicationGroupAlreadyExists",
        "Replication group " + id + " already exists.",
        400);
  }

  static AwsServiceException invalidGroupState(String message) {
    return error(
        InvalidReplicationGroupStateException.builder(),
        "InvalidReplicationGroupState",
        message,
        400);
  }

  static AwsServiceException snapshotNotFound(String name) {
    return error(
        SnapshotNotFoundException.builder(),
        "SnapshotNotFoundFault",
        "Snapshot " + name + " not found.",
        404);
  }

  static AwsServiceException snapshotExists(String message) {
    return error(
        SnapshotAlreadyExistsException.builder(), "SnapshotAlreadyExistsFault", message, 400);
  }

  static AwsServiceException invalidSnapshotState(String message) {
    return error(InvalidSnapshotStateException.builder(), "InvalidSnapshotState", message, 400);
  }

  static AwsServiceException clusterNotFound(String id) {
    return error(
        CacheClusterNotFoundException.builder(),
        "CacheClusterNotFound",
        "CacheCluster not found: " + id,
        404);
  }

  static AwsServiceException invalidValue(String message) {
    return error(InvalidParameterValueException.builder(), "InvalidParameterValue", message, 400);
  }

  static AwsServiceException invalidCombination(String message) {
    return error(
        InvalidParameterCombinationException.builder(),
        "InvalidParameterCombination",
        message,
        400);
  }

  static AwsServiceException invalidArn(String arn) {
    return error(InvalidArnException.builder(), "InvalidARN", "Invalid ARN: " + arn, 400);
  }

  static AwsServiceException tagNotFound(String key) {
    return error(TagNotFoundException.builder(), "TagNotFound", "Tag " + key + " not found.", 404);
  }

  static AwsServiceException tagQuota() {
    return error(
        TagQuotaPerResourceExceededException.builder(),
        "TagQuotaPerResourceExceeded",
        "The request cannot be processed because it would cause the resource to have more than"
            + " the allowed number of tags. The maximum number of tags permitted on a resource"
            + " is 50.",
        400);
  }

  private static AwsServiceException error(
      AwsServiceException.Builder builder, String code, String message, int status) {
    return AwsErrors.build(builder, AwsErrors.ELASTICACHE, code, message, status);
  }
}
