package dev.slipway.verbs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.release.ReleasePlan;
import dev.slipway.release.ReleaseRequests;
import dev.slipway.release.Tags;
import java.util.List;

/**
 * {@code slipway render}: the AWS API requests the operator would send for a fresh service, built
 * by the same code the reconciler uses ({@link ReleaseRequests}), as wire JSON or YAML. No AWS
 * calls. Values the operator derives from the live resource's uid are shown as placeholders.
 */
public final class RenderVerb {
  static final String REVISION_PLACEHOLDER =
      "<taskDefinitionArn returned by RegisterTaskDefinition>";
  static final String UID_PLACEHOLDER = "<derived from the resource uid when applied>";

  private RenderVerb() {}

  public static VerbResult run(String manifest, String format) {
    Validation.Checked checked = Validation.check(manifest);
    if (checked.invalid() != null) return checked.invalid();
    ArrayNode releases = JsonNodeFactory.instance.arrayNode();
    for (ServiceRelease sr : checked.releases()) releases.add(release(sr));
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("releases", releases);
    String out = "yaml".equals(format) ? WireJson.yaml(root) : WireJson.json(root);
    return new VerbResult(out, checked.notes(), VerbResult.OK);
  }

  /** One release's requests, in the order the reconcile pass sends them. */
  static ObjectNode release(ServiceRelease sr) {
    ReleasePlan plan = ReleasePlan.of(sr);
    ArrayNode requests = JsonNodeFactory.instance.arrayNode();
    requests.add(
        request(
            "ecs",
            "RegisterTaskDefinition",
            ReleaseRequests.registerTaskDefinition(sr, plan),
            "registered only when no revision of the family carries "
                + Tags.CONTENT_HASH
                + "="
                + plan.contentHash()));
    List<PreDeployTaskSpec> preDeploy =
        sr.getSpec().preDeploy == null ? List.of() : sr.getSpec().preDeploy;
    for (PreDeployTaskSpec task : preDeploy) {
      requests.add(
          request(
              "ecs",
              "RunTask",
              ReleaseRequests.preDeployRunTask(
                  sr, plan.service(), task, REVISION_PLACEHOLDER, UID_PLACEHOLDER, UID_PLACEHOLDER),
              "pre-deploy step " + task.name + "; must exit 0 before the service is touched"));
    }
    requests.add(
        request(
            "ecs",
            "CreateService",
            ReleaseRequests.createService(
                sr, plan.service(), REVISION_PLACEHOLDER, UID_PLACEHOLDER),
            null));
    ReleaseRequests.autoscaling(sr)
        .ifPresent(
            a -> {
              requests.add(
                  request("application-autoscaling", "RegisterScalableTarget", a.target(), null));
              requests.add(
                  request("application-autoscaling", "PutScalingPolicy", a.policy(), null));
            });
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("resource", Tags.owner(sr));
    node.put("contentHash", plan.contentHash());
    node.put("specHash", plan.specHash());
    node.set("requests", requests);
    return node;
  }

  private static JsonNode request(String service, String operation, Object body, String note) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("operation", service + ":" + operation);
    if (note != null) node.put("note", note);
    node.set("request", WireJson.of(body));
    return node;
  }
}
