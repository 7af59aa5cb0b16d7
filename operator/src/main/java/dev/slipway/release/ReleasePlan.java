package dev.slipway.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * What a ServiceRelease asks of AWS, decided from the spec alone (pure): the rendered task
 * definition and service, and the hashes that identify this content and this release (the spec hash
 * covers content, service settings, pre-deploy steps, preflight checks and, for routed strategies,
 * the traffic settings).
 */
public record ReleasePlan(
    AwsTarget target,
    RegisterTaskDefinitionRequest taskDefinition,
    String contentHash,
    DesiredService service,
    String specHash,
    String image,
    Duration progressDeadline) {

  private static final ObjectMapper JSON = new ObjectMapper();

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
        specHash(spec, contentHash, service),
        primaryImage(td.containerDefinitions()),
        Duration.ofSeconds(deadline));
  }

  /**
   * What identifies a release: the task definition's content, the service settings, the pre-deploy
   * steps and, for routed strategies, the traffic settings. Those are in it because changing a
   * rule's conditions or adding a test rule is a change of the release that must be carried out and
   * followed like any other (adding or removing a test rule takes an ECS deployment); they are left
   * out for Rolling so older releases keep their hash.
   */
  private static String specHash(
      ServiceReleaseSpec spec, String contentHash, DesiredService service) {
    String hash =
        ContentHash.of(contentHash, service.settingsHash(), ContentHash.canonical(preDeploy(spec)));
    StrategySpec strategy = spec.strategy;
    if (strategy == null || strategy.type == null || strategy.type == StrategySpec.Type.Rolling) {
      return hash;
    }
    try {
      return ContentHash.of(hash, JSON.writeValueAsString(strategy.traffic));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("strategy.traffic cannot be written as JSON", e);
    }
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
    // Only when set, so the hash of every release made before refreshes existed stays the same.
    if (spec.refreshRun != null) b.append("refresh ").append(spec.refreshRun);
    // Likewise only when set. A changed check is a new spec: that is how a person fixes a check's
    // bucket or URL and has it run again.
    if (spec.preflight != null && !spec.preflight.isEmpty())
      b.append("preflight ")
          .append(ContentHash.canonical(JSON.convertValue(spec.preflight, List.class)));
    return b.toString();
  }

  /**
   * The image that stands for a revision in kubectl: the first essential container's (ECS treats an
   * unset essential as true). Used for the spec's revision and for revisions ECS reports alike.
   */
  public static String primaryImage(List<ContainerDefinition> containers) {
    return containers.stream()
        .filter(c -> c.essential() == null || c.essential())
        .map(ContainerDefinition::image)
        .findFirst()
        .orElse(containers.isEmpty() ? null : containers.get(0).image());
  }
}
