package dev.slipway.sandbox.sim;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.InsufficientDbClusterCapacityException;
import software.amazon.awssdk.services.rds.model.InsufficientDbInstanceCapacityException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterSnapshotStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidRestoreException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The RDS errors the simulator raises. RDS speaks the query protocol, whose error codes are the
 * model's fault names (DBClusterNotFoundFault, DBInstanceNotFound...), not the SDK class names, so
 * each code is spelled out here.
 */
final class RdsErrors {
  private RdsErrors() {}

  static AwsServiceException clusterNotFound(String id) {
    return error(
        DbClusterNotFoundException.builder(),
        "DBClusterNotFoundFault",
        "DBCluster " + id + " not found.",
        404);
  }

  static AwsServiceException clusterAlreadyExists() {
    return error(
        DbClusterAlreadyExistsException.builder(),
        "DBClusterAlreadyExistsFault",
        "DB Cluster already exists",
        400);
  }

  static AwsServiceException invalidClusterState(String message) {
    return error(
        InvalidDbClusterStateException.builder(), "InvalidDBClusterStateFault", message, 400);
  }

  static AwsServiceException instanceNotFound(String id) {
    return error(
        DbInstanceNotFoundException.builder(),
        "DBInstanceNotFound",
        "DBInstance " + id + " not found.",
        404);
  }

  static AwsServiceException instanceAlreadyExists() {
    return error(
        DbInstanceAlreadyExistsException.builder(),
        "DBInstanceAlreadyExists",
        "DB instance already exists",
        400);
  }

  static AwsServiceException invalidInstanceState(String message) {
    return error(InvalidDbInstanceStateException.builder(), "InvalidDBInstanceState", message, 400);
  }

  static AwsServiceException snapshotNotFound(String id) {
    return error(
        DbClusterSnapshotNotFoundException.builder(),
        "DBClusterSnapshotNotFoundFault",
        "DBClusterSnapshot not found: " + id,
        404);
  }

  static AwsServiceException snapshotAlreadyExists(String id) {
    return error(
        DbClusterSnapshotAlreadyExistsException.builder(),
        "DBClusterSnapshotAlreadyExistsFault",
        "Cannot create the cluster snapshot because one with the identifier "
            + id
            + " already exists.",
        400);
  }

  static AwsServiceException invalidSnapshotState(String message) {
    return error(
        InvalidDbClusterSnapshotStateException.builder(),
        "InvalidDBClusterSnapshotStateFault",
        message,
        400);
  }

  static AwsServiceException insufficientClusterCapacity() {
    return error(
        InsufficientDbClusterCapacityException.builder(),
        "InsufficientDBClusterCapacityFault",
        "The DB cluster doesn't have enough capacity for the current operation.",
        403);
  }

  static AwsServiceException insufficientInstanceCapacity(String instanceClass) {
    return error(
        InsufficientDbInstanceCapacityException.builder(),
        "InsufficientDBInstanceCapacity",
        "Cannot create a "
            + instanceClass
            + " database instance because there are no availability zones with sufficient"
            + " capacity for VPC and storage type : aurora for "
            + instanceClass
            + ". Please try the request again at a later time.",
        400);
  }

  static AwsServiceException kmsKeyNotAccessible(String message) {
    return error(KmsKeyNotAccessibleException.builder(), "KMSKeyNotAccessibleFault", message, 400);
  }

  static AwsServiceException invalidRestore(String message) {
    return error(InvalidRestoreException.builder(), "InvalidRestoreFault", message, 400);
  }

  /** RDS's generic validation error; it has no modelled exception type of its own. */
  static AwsServiceException invalidParameterValue(String message) {
    return error(RdsException.builder(), "InvalidParameterValue", message, 400);
  }

  static AwsServiceException invalidParameterCombination(String message) {
    return error(RdsException.builder(), "InvalidParameterCombination", message, 400);
  }

  static AwsServiceException missingParameter(String name) {
    return error(
        RdsException.builder(),
        "MissingParameter",
        "The request must contain the parameter " + name,
        400);
  }

  /** The message RDS gives for a malformed cluster or instance identifier. */
  static AwsServiceException invalidIdentifier(String parameter) {
    return invalidParameterValue(
        "The parameter "
            + parameter
            + " is not a valid identifier. Identifiers must begin with a letter; must contain"
            + " only ASCII letters, digits, and hyphens; and must not end with a hyphen or"
            + " contain two consecutive hyphens.");
  }

  private static AwsServiceException error(
      AwsServiceException.Builder builder, String code, String message, int status) {
    return AwsErrors.build(builder, AwsErrors.RDS, code, message, status);
  }
}
