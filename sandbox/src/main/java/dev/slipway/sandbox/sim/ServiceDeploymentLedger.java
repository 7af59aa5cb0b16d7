package dev.slipway.sandbox.sim;

import java.time.Instant;

/**
 * Records a service revision and a service deployment for every ECS deployment (rolling ones too,
 * so ListServiceDeployments works for every service), supersedes the one in progress, and notes how
 * rolling deployments end.
 */
final class ServiceDeploymentLedger {
  private final RegionState rs;

  ServiceDeploymentLedger(RegionState rs) {
    this.rs = rs;
  }

  /** Starts the service deployment of {@code target}, rolling out from {@code source}. */
  ServiceDeploymentModel begin(
      ServiceModel s, DeploymentModel target, ServiceRevisionModel source, Instant t) {
    ServiceDeploymentModel previous = s.activeServiceDeployment();
    ServiceRevisionModel revision = new ServiceRevisionModel(revisionArn(s), s, target, t);
    rs.ecs.serviceRevisions.put(revision.arn, revision);
    ServiceDeploymentModel sd =
        new ServiceDeploymentModel(
            deploymentArn(s), s, s.strategy(), s.deploymentConfiguration, source, revision, t);
    target.serviceDeployment = sd;
    if (previous != null) {
      previous.status("STOPPED", "Stopped by service deployment " + sd.arn + ".", t);
      previous.stoppedAt = t;
      for (ServiceRevisionModel r : new ServiceRevisionModel[] {previous.target, previous.source}) {
        if (r != null && r != source && r.deployment.hasUnstoppedTasks()) sd.leftovers.add(r);
      }
    }
    if (!sd.isNative()) {
      sd.status("IN_PROGRESS", null, t);
      sd.startedAt = t;
    }
    s.serviceDeployments.add(0, sd);
    rs.ecs.serviceDeployments.put(sd.arn, sd);
    return sd;
  }

  /** A rolling deployment (or the rollback deployment of one) reached COMPLETED. */
  void completed(ServiceModel s, DeploymentModel d, Instant t) {
    ServiceDeploymentModel own = d.serviceDeployment;
    if (own != null && own.isActive() && !own.isNative()) {
      own.status("SUCCESSFUL", "Service deployment completed.", t);
      own.finishedAt = t;
      s.productionRevision = own.target;
      return;
    }
    for (ServiceDeploymentModel sd : s.serviceDeployments) {
      if (sd.rollbackDeployment == d && sd.isActive()) {
        sd.status("ROLLBACK_SUCCESSFUL", null, t);
        sd.finishedAt = t;
        s.productionRevision = sd.source;
      }
    }
  }

  /** A rolling deployment failed; {@code rollback} redeploys its source revision, if any. */
  void failed(DeploymentModel d, DeploymentModel rollback, String reason, Instant t) {
    ServiceDeploymentModel sd = d.serviceDeployment;
    if (sd == null || !sd.isActive() || sd.isNative()) return;
    if (rollback == null) {
      sd.status("STOPPED", reason, t);
      sd.stoppedAt = t;
      return;
    }
    sd.status("ROLLBACK_IN_PROGRESS", reason, t);
    sd.rollbackReason = reason;
    sd.rollbackStartedAt = t;
    sd.rollbackDeployment = rollback;
    if (sd.source != null) sd.source.deployment = rollback;
  }

  private String deploymentArn(ServiceModel s) {
    return "arn:aws:ecs:"
        + rs.region
        + ":"
        + rs.account
        + ":service-deployment/"
        + s.clusterName
        + "/"
        + s.name
        + "/"
        + rs.ids.token(22);
  }

  private String revisionArn(ServiceModel s) {
    return "arn:aws:ecs:"
        + rs.region
        + ":"
        + rs.account
        + ":service-revision/"
        + s.clusterName
        + "/"
        + s.name
        + "/"
        + rs.ids.digits(19);
  }
}
