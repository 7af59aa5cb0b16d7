package dev.slipway.sandbox.sim;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/** The ECS errors the simulator raises, with ECS's codes and (where known) its messages. */
final class EcsErrors {
  private EcsErrors() {}

  static AwsServiceException invalidParameter(String message) {
    return AwsErrors.client(InvalidParameterException.builder(), AwsErrors.ECS, message);
  }

  static AwsServiceException client(String message) {
    return AwsErrors.client(ClientException.builder(), AwsErrors.ECS, message);
  }

  static AwsServiceException clusterNotFound() {
    return AwsErrors.client(
        ClusterNotFoundException.builder(), AwsErrors.ECS, "Cluster not found.");
  }

  static AwsServiceException serviceNotFound() {
    return AwsErrors.client(
        ServiceNotFoundException.builder(), AwsErrors.ECS, "Service not found.");
  }

  static AwsServiceException serviceNotActive() {
    return AwsErrors.client(
        ServiceNotActiveException.builder(), AwsErrors.ECS, "Service was not ACTIVE.");
  }

  static AwsServiceException serviceDeploymentNotFound() {
    return AwsErrors.client(
        software.amazon.awssdk.services.ecs.model.ServiceDeploymentNotFoundException.builder(),
        AwsErrors.ECS,
        "The service deployment does not exist.");
  }

  static AwsServiceException conflict(String message) {
    return AwsErrors.client(
        software.amazon.awssdk.services.ecs.model.ConflictException.builder(),
        AwsErrors.ECS,
        message);
  }

  static AwsServiceException resourceNotFound() {
    return AwsErrors.client(
        ResourceNotFoundException.builder(),
        AwsErrors.ECS,
        "The specified resource could not be found.");
  }
}
