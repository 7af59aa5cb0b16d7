package dev.slipway.cli.kubectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The summary {@code kubectl slipway status} prints: what a person asks first (phase and why, the
 * images, the revision, the ECS deployment) in labelled lines, then every other status field as
 * YAML (so fields a newer operator adds, such as progressive delivery's, show without a change
 * here), Slipway's annotations, and the latest Events.
 */
public final class StatusReport {
  /** YAML as kubectl prints it: no document marker, quotes only where needed. */
  static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  /** ServiceRelease status fields summarised above, or left to {@code -o yaml} on purpose. */
  static final Set<String> RELEASE_FIELDS =
      Set.of(
          "observedGeneration",
          "phase",
          "message",
          "conditions",
          "serviceName",
          "replicas",
          "image",
          "desiredImage",
          "taskDefinitionArn",
          "lastGoodTaskDefinitionArn",
          "deployment",
          "preDeploy",
          "retryAcknowledged",
          "specHash",
          "failedSpecHash",
          "serviceArn",
          "releaseStartedAt",
          "rolloutStartedAt",
          "history");

  /** StagingEnvironment status fields summarised above. */
  static final Set<String> ENVIRONMENT_FIELDS =
      Set.of(
          "observedGeneration",
          "phase",
          "message",
          "conditions",
          "url",
          "slug",
          "schema",
          "redisNamespace",
          "expiresAt",
          "services",
          "environments");

  private StatusReport() {}

  /** The summary of {@code object} (its JSON) with at most {@code maxEvents} of its Events. */
  public static String render(
      ObjectKind kind, JsonNode object, List<EventLine> events, int maxEvents, Instant now) {
    JsonNode meta = object.path("metadata");
    JsonNode status = object.path("status");
    LabelledLines out = new LabelledLines();
    out.title(
        kind.kind() + " " + meta.path("namespace").asText() + "/" + meta.path("name").asText());
    phase(out, meta, status);
    Set<String> summarised =
        switch (kind) {
          case SERVICE_RELEASE -> {
            release(out, status);
            yield RELEASE_FIELDS;
          }
          case STAGING_ENVIRONMENT -> {
            environment(out, object.path("spec"), status);
            yield ENVIRONMENT_FIELDS;
          }
          case SCHEDULED_TASK -> {
            ScheduledTaskSummary.render(out, object.path("spec"), status);
            yield ScheduledTaskSummary.FIELDS;
          }
        };
    otherFields(out, status, summarised);
    annotations(out, meta, status);
    return out + EventTable.render(events, maxEvents, now);
  }

  /** Phase with the Ready condition's reason, a failing pass, and a spec not yet acted on. */
  private static void phase(LabelledLines out, JsonNode meta, JsonNode status) {
    String phase = text(status.path("phase"));
    if (phase == null) {
      out.line("Phase", "<none>: the operator has not reported on it yet");
      return;
    }
    String reason = conditionField(status, "Ready", "reason");
    out.line("Phase", phase + (reason == null || reason.equals(phase) ? "" : " (" + reason + ")"));
    if ("True".equals(conditionField(status, "Degraded", "status"))) {
      String degraded = conditionField(status, "Degraded", "reason");
      if (degraded != null && !degraded.equals(reason)) {
        out.line("Degraded", degraded + ": " + conditionField(status, "Degraded", "message"));
      }
    }
    long generation = meta.path("generation").asLong(0);
    long observed = status.path("observedGeneration").asLong(0);
    if (generation > observed) {
      out.line(
          "Observed",
          "generation " + generation + " not acted on yet (this status is of " + observed + ")");
    }
    out.line("Message", text(status.path("message")));
  }

  private static void release(LabelledLines out, JsonNode status) {
    String service = text(status.path("serviceName"));
    String replicas = text(status.path("replicas"));
    out.line(
        "Service",
        service == null ? null : service + (replicas == null ? "" : ", running " + replicas));
    out.line("Image", text(status.path("image")));
    out.line("Desired", text(status.path("desiredImage")));
    String revision = text(status.path("taskDefinitionArn"));
    String lastGood = text(status.path("lastGoodTaskDefinitionArn"));
    out.line("Revision", revision(revision));
    if (lastGood != null && !lastGood.equals(revision)) out.line("Last good", revision(lastGood));
    out.line("Deployment", deployment(status.path("deployment"), revision));
    List<String> steps = new ArrayList<>();
    for (JsonNode step : status.path("preDeploy")) {
      String exit = step.hasNonNull("exitCode") ? ", exit " + step.get("exitCode").asInt() : "";
      steps.add(step.path("name").asText() + " " + step.path("state").asText() + exit);
    }
    out.line("Pre-deploy", steps.isEmpty() ? null : String.join("; ", steps));
  }

  /** {@code ecs-svc/1 COMPLETED: 2/2 running, 0 pending, 0 failed} plus what differs. */
  static String deployment(JsonNode d, String specRevision) {
    if (d.isMissingNode() || d.isNull()) return null;
    StringBuilder s = new StringBuilder();
    s.append(d.path("id").asText("?")).append(' ').append(d.path("rolloutState").asText("?"));
    s.append(": ")
        .append(d.path("running").asInt())
        .append('/')
        .append(d.path("desired").asInt())
        .append(" running, ")
        .append(d.path("pending").asInt())
        .append(" pending, ")
        .append(d.path("failed").asInt())
        .append(" failed");
    String runs = text(d.path("taskDefinitionArn"));
    if (runs != null && !runs.equals(specRevision)) s.append(", runs ").append(revision(runs));
    // ECS's reason says little more than the state once completed; before that it says why.
    String why = text(d.path("rolloutStateReason"));
    if (why != null && !"COMPLETED".equals(d.path("rolloutState").asText())) {
      s.append(" (").append(why).append(')');
    }
    return s.toString();
  }

  private static void environment(LabelledLines out, JsonNode spec, JsonNode status) {
    String branch = text(spec.path("branch"));
    if (branch != null) {
      String from = text(spec.path("from"));
      out.line("Branch", branch + (from == null ? "" : " (from " + from + ")"));
    } else if (status.has("environments")) {
      out.line("Branches", status.path("environments").asInt() + " branch environments");
    }
    out.line("URL", text(status.path("url")));
    out.line("Schema", text(status.path("schema")));
    out.line("Redis", text(status.path("redisNamespace")));
    out.line("Expires", text(status.path("expiresAt")));
    List<String[]> services = new ArrayList<>();
    for (JsonNode s : status.path("services")) {
      String where = text(s.path("url"));
      if (where == null && s.hasNonNull("port")) where = "port " + s.get("port").asInt();
      services.add(
          new String[] {
            s.path("name").asText(),
            s.path("phase").asText("-"),
            "release " + s.path("release").asText("?"),
            where == null ? "" : where
          });
    }
    if (!services.isEmpty())
      out.title("Services:\n" + Columns.format(services, "  ").stripTrailing());
  }

  /** Status fields not summarised above, as YAML under their own names. */
  private static void otherFields(LabelledLines out, JsonNode status, Set<String> summarised) {
    if (!status.isObject()) return;
    ObjectNode rest = ((ObjectNode) status).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = rest.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      boolean empty = value.isNull() || (value.isContainerNode() && value.isEmpty());
      if (summarised.contains(field.getKey()) || empty) it.remove();
    }
    if (rest.isEmpty()) return;
    try {
      out.title("Other status:");
      YAML.writeValueAsString(rest).lines().forEach(l -> out.title("  " + l));
    } catch (JsonProcessingException e) {
      out.title("  " + rest); // JSON still says it all
    }
  }

  /**
   * Slipway's annotations on the object: a promote, retry or run-now already set shows here, and
   * whether the operator has acted on its value.
   */
  private static void annotations(LabelledLines out, JsonNode meta, JsonNode status) {
    List<String> ours = new ArrayList<>();
    meta.path("annotations")
        .fields()
        .forEachRemaining(
            a -> {
              if (!a.getKey().startsWith("slipway.dev/")) return;
              String value = a.getValue().asText();
              boolean actedOn =
                  Arrays.stream(AnnotationAction.values())
                      .anyMatch(
                          action ->
                              action.annotation().equals(a.getKey())
                                  && value.equals(text(status.at(action.acknowledged()))));
              ours.add(a.getKey() + "=" + value + (actedOn ? " (acted on)" : ""));
            });
    ours.sort(null);
    for (int i = 0; i < ours.size(); i++) out.line(i == 0 ? "Annotations" : "", ours.get(i));
  }

  /** The short form of a task definition ARN, {@code family:revision}. */
  static String revision(String arn) {
    if (arn == null) return null;
    int slash = arn.lastIndexOf('/');
    return slash < 0 ? arn : arn.substring(slash + 1);
  }

  private static String conditionField(JsonNode status, String type, String field) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) return text(c.path(field));
    }
    return null;
  }

  static String text(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) return null;
    String s = node.asText();
    return s.isBlank() ? null : s;
  }
}
