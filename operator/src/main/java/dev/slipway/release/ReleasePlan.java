package dev.slipway.release;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * What a ServiceRelease asks of AWS, decided from the spec alone (pure): the rendered task
 * definition and service, and the hashes that identify this content and this release.
 */
public record ReleasePlan(
    AwsTarget target,
    RegisterTaskDefinitionRequest taskDefinition,
    String contentHash,
    DesiredService service,
    String specHash,
    String image,
    Duration progressDeadline) {

  public static ReleasePlan of(ServiceRelease sr) {
    ServiceReleaseSpec spec = sr.getSpec();
    RegisterTaskDefinitionRequest td = TaskDefinitionRenderer.render(spec.taskDefinition);
    String contentHash = ContentHash.of(td);
    DesiredService service = DesiredService.from(sr);
    int deadline =
        spec.strategy == null || spec.strategy.progressDeadlineSeconds == null
            ? 900
            : spec.strategy.progressDeadlineSeconds;
    return new ReleasePlan(
        new AwsTarget(spec.aws.accountId, spec.aws.region, spec.aws.roleArn),
        td,
        contentHash,
        service,
        ContentHash.of(contentHash, service.settingsHash(), ContentHash.canonical(preDeploy(spec))),
        primaryImage(spec),
        Duration.ofSeconds(deadline));
  }

  private static String preDeploy(ServiceReleaseSpec spec) {
    StringBuilder b = new StringBuilder();
    if (spec.preDeploy != null) {
      spec.preDeploy.forEach(
          t ->
              b.append(t.name)
                  .append(' ')
                  .append(t.container)
                  .append(' ')
                  .append(t.command)
                  .append(';'));
    }
    return b.toString();
  }

  /** The image shown in kubectl: the first essential container's. */
  private static String primaryImage(ServiceReleaseSpec spec) {
    return spec.taskDefinition.containers.stream()
        .filter(ContainerSpec::isEssential)
        .map(c -> c.image)
        .findFirst()
        .orElse(spec.taskDefinition.containers.get(0).image);
  }
}
