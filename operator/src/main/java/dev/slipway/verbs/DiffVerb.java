package dev.slipway.verbs;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.EcsPort;
import dev.slipway.release.ReleasePlan;
import dev.slipway.release.ServiceDrift;
import dev.slipway.release.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code slipway diff}: what applying the manifest would change in ECS, decided as the operator
 * decides it (content hash on the family's latest revision, then {@link ServiceDrift} against the
 * described service), printed as a unified-style diff. Reads only.
 */
public final class DiffVerb {
  private final EcsPort ecs;
  private final AutoScalingPort autoscaling;
  private final AccountGuard accounts;

  public DiffVerb(AwsClientFactory clients, AwsCalls calls) {
    this.ecs = new EcsPort(clients, calls);
    this.autoscaling = new AutoScalingPort(clients, calls);
    this.accounts = new AccountGuard(clients, calls);
  }

  public VerbResult run(String manifest) {
    Validation.Checked checked = Validation.check(manifest);
    if (checked.invalid() != null) return checked.invalid();
    StringBuilder out = new StringBuilder();
    boolean changes = false;
    for (ServiceRelease sr : checked.releases()) {
      try {
        List<String> lines = diff(sr);
        changes |= !lines.isEmpty();
        if (lines.isEmpty()) out.append(Tags.owner(sr)).append(": no changes\n");
        else lines.forEach(l -> out.append(l).append('\n'));
      } catch (RuntimeException e) {
        if (e instanceof WrongAccount w) {
          return new VerbResult(
              out.toString(), checked.notes() + w.getMessage() + "\n", VerbResult.AWS_ERROR);
        }
        return new VerbResult(
            out.toString(),
            checked.notes()
                + Tags.owner(sr)
                + ": cannot read from AWS: "
                + AwsFailure.describe(e)
                + "\n",
            VerbResult.AWS_ERROR);
      }
    }
    return new VerbResult(
        out.toString(), checked.notes(), changes ? VerbResult.CHANGES : VerbResult.OK);
  }

  /** The diff lines for one release; empty when nothing would change. */
  List<String> diff(ServiceRelease sr) {
    ReleasePlan plan = ReleasePlan.of(sr);
    AccountCheck account = accounts.verify(plan.target());
    if (!account.matches()) {
      throw new WrongAccount(
          Tags.owner(sr)
              + ": credentials are for account "
              + account.actual()
              + " but spec.aws.accountId is "
              + account.expected());
    }
    String name = plan.service().serviceName();
    String cluster = plan.service().cluster();
    Optional<Service> service =
        ecs.describeService(plan.target(), cluster, name)
            .filter(s -> !"INACTIVE".equals(s.status()));
    Optional<EcsPort.Revision> latest =
        ecs.describeTaskDefinition(plan.target(), plan.taskDefinition().family());
    boolean reuse =
        latest
            .flatMap(r -> Tags.find(r.tags(), Tags.CONTENT_HASH))
            .filter(plan.contentHash()::equals)
            .isPresent();
    List<String> lines = new ArrayList<>();
    String header = "--- live  ecs service " + cluster + "/" + name;
    String plus = "+++ want  " + Tags.owner(sr) + " (content hash " + plan.contentHash() + ")";
    if (service.isEmpty()) {
      lines.add(header + " (does not exist)");
      lines.add(plus);
      lines.add("+ would create service " + name + " in cluster " + cluster);
      lines.add(
          reuse
              ? "  with existing revision " + latest.get().definition().taskDefinitionArn()
              : "+ would register a new revision of family " + plan.taskDefinition().family());
      return lines;
    }
    Service live = service.get();
    String tdArn =
        reuse
            ? latest.get().definition().taskDefinitionArn()
            : "<new revision of " + plan.taskDefinition().family() + ">";
    List<String> body = new ArrayList<>();
    Tags.find(live.tags(), Tags.OWNER)
        .filter(o -> !o.equals(Tags.owner(sr)))
        .ifPresentOrElse(
            o ->
                body.add(
                    "! service is managed by ServiceRelease "
                        + o
                        + "; the operator would refuse (Conflict)"),
            () -> {
              if (Tags.find(live.tags(), Tags.OWNER).isEmpty())
                body.add(
                    "! service was not created by Slipway; the operator would refuse unless annotated slipway.dev/adopt");
            });
    if (!reuse) {
      body.add("  task definition (new revision of " + plan.taskDefinition().family() + "):");
      Optional<EcsPort.Revision> running =
          ecs.describeTaskDefinition(plan.target(), live.taskDefinition());
      List<String> td =
          running
              .map(r -> TaskDefinitionDiff.lines(r.definition(), plan.taskDefinition()))
              .orElse(List.of());
      body.addAll(td.isEmpty() ? List.of("    (only fields ECS fills in differ)") : td);
    }
    List<ServiceDrift.Difference> drift = ServiceDrift.between(plan.service(), tdArn, live);
    if (!drift.isEmpty()) {
      body.add("  service:");
      for (ServiceDrift.Difference d : drift) {
        body.add("-   " + d.field() + ": " + d.observed());
        body.add("+   " + d.field() + ": " + d.desired());
      }
    }
    body.addAll(autoscalingLines(sr, plan, cluster, name));
    if (body.isEmpty()) return List.of();
    lines.add(header + " (" + shortArn(live.taskDefinition()) + ")");
    lines.add(plus);
    lines.addAll(body);
    return lines;
  }

  private List<String> autoscalingLines(
      ServiceRelease sr, ReleasePlan plan, String cluster, String name) {
    ServiceSpec.Autoscaling want =
        sr.getSpec().service == null ? null : sr.getSpec().service.autoscaling;
    if (want == null) return List.of();
    Optional<ScalableTarget> have =
        autoscaling.describe(plan.target(), AutoScalingPort.resourceId(cluster, name));
    String h = have.map(t -> t.minCapacity() + ".." + t.maxCapacity()).orElse("none");
    String w = want.minCapacity + ".." + want.maxCapacity;
    if (h.equals(w)) return List.of();
    return List.of("  autoscaling:", "-   capacity: " + h, "+   capacity: " + w);
  }

  private static String shortArn(String arn) {
    return arn == null ? "-" : arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** The credentials are not for the manifest's account: nothing read would mean anything. */
  private static final class WrongAccount extends RuntimeException {
    WrongAccount(String message) {
      super(message);
    }
  }
}
