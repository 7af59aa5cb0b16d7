package dev.slipway.ecschedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.schedule.InvalidScheduleException;
import dev.slipway.schedule.ScheduleExpression;
import dev.slipway.schedule.ScheduleTimeZone;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One ecschedule rule as a ScheduledTask: a pure builder, one step per part of the spec. Whatever
 * does not carry over is listed with the reason, never silently away.
 */
final class RuleImport {
  /** ecschedule's role when neither the rule nor the config names one. */
  static final String DEFAULT_ROLE = "ecsEventsRole";

  /** The top-level settings a rule falls back to, and the config's account. */
  record Defaults(String region, String cluster, String role, String account) {}

  private final JsonNode rule;
  private final String ruleName;
  private final Defaults defaults;
  private final ImportOptions options;
  private final RuleFields fields;
  private final List<String> notes = new ArrayList<>();
  private final ScheduledTaskSpec spec = new ScheduledTaskSpec();

  private RuleImport(
      JsonNode rule,
      String ruleName,
      Defaults defaults,
      ImportOptions options,
      EcscheduleTemplates.Resolved templates) {
    this.rule = rule;
    this.ruleName = ruleName;
    this.defaults = defaults;
    this.options = options;
    this.fields = new RuleFields(rule, ruleName, templates);
  }

  /** The ScheduledTask {@code name} for the rule named {@code ruleName}. */
  static ImportedTask build(
      JsonNode rule,
      String ruleName,
      String name,
      Defaults defaults,
      ImportOptions options,
      EcscheduleTemplates.Resolved templates) {
    return new RuleImport(rule, ruleName, defaults, options, templates).build(name);
  }

  private ImportedTask build(String name) {
    if (!name.equals(ResourceNames.label(ruleName))) {
      notes.add(
          "metadata.name is "
              + name
              + " because an earlier rule already became "
              + ResourceNames.label(ruleName));
    } else if (!name.equals(ruleName)) {
      notes.add("metadata.name " + name + " is the rule name " + ruleName + " as a DNS-1123 label");
    }
    spec.historyLimit = null; // the CRD's default; only what the rule says is written out
    schedule();
    releaseRef();
    placement();
    overrides();
    capacity();
    network();
    eventBridge();
    spec.suspend = rule.path("disabled").asBoolean(false);
    unmappedTargetSettings();
    fields.unknownKeys(rule, EcscheduleKeys.RULE, "");
    ScheduledTask task = new ScheduledTask();
    task.setMetadata(metadata(name));
    task.setSpec(spec);
    return new ImportedTask(ruleName, task, fields.unmapped(), notes);
  }

  private io.fabric8.kubernetes.api.model.ObjectMeta metadata(String name) {
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name);
    if (options.namespace() != null) meta.withNamespace(options.namespace());
    fields
        .text("description")
        .ifPresent(d -> meta.addToAnnotations("kubernetes.io/description", d));
    return meta.build();
  }

  /** ecschedule rules run in UTC, so the expression is kept as is and the zone is said. */
  private void schedule() {
    String expression = fields.required("scheduleExpression");
    try {
      if (!expression.startsWith("cron(") && !expression.startsWith("rate(")) {
        throw new InvalidScheduleException("EventBridge rules take cron(...) or rate(...) only");
      }
      ScheduleExpression.parse(expression);
    } catch (InvalidScheduleException e) {
      throw new ImportException(
          "rule " + ruleName + ": scheduleExpression " + expression + ": " + e.getMessage());
    }
    spec.schedule = expression;
    spec.timeZone = ScheduleTimeZone.DEFAULT;
    spec.engine = ScheduledTaskSpec.Engine.EventBridgeScheduler;
  }

  /**
   * ecschedule names a task definition that already exists; a ScheduledTask runs a release's
   * current one instead, so a family becomes a releaseRef (named by --release-ref-map, else like
   * the family) and a pinned revision cannot be kept.
   */
  private void releaseRef() {
    String taskDefinition = fields.required("taskDefinition");
    Optional<Arn> arn = Arn.parse(taskDefinition);
    String familyRevision = arn.map(Arn::name).orElse(taskDefinition);
    int colon = familyRevision.indexOf(':');
    String family = colon < 0 ? familyRevision : familyRevision.substring(0, colon);
    if (colon >= 0) {
      fields.unmapped(
          "taskDefinition: "
              + taskDefinition
              + " pins revision "
              + familyRevision.substring(colon + 1)
              + "; a releaseRef runs the ServiceRelease's current revision");
    }
    var ref = new ScheduledTaskSpec.ReleaseRef();
    String mapped = options.releaseRefs().get(family);
    ref.name = mapped != null ? mapped : ResourceNames.label(family);
    if (mapped == null) {
      notes.add(
          "assumes a ServiceRelease named "
              + ref.name
              + " in "
              + (options.namespace() == null ? "the namespace applied to" : options.namespace())
              + " runs task definition family "
              + family
              + " (map it with --release-ref-map "
              + family
              + "=RELEASE)");
    }
    spec.releaseRef = ref;
  }

  /** Region and cluster from the rule or the config; the account from an ARN or the options. */
  private void placement() {
    String cluster = fields.text("cluster").orElse(defaults.cluster());
    Optional<Arn> clusterArn = Arn.parse(cluster);
    String region = fields.text("region").orElse(defaults.region());
    if (region == null) region = clusterArn.map(Arn::region).orElse(null);
    if (region == null || region.isBlank()) {
      throw new ImportException("rule " + ruleName + ": no region (set region in the config)");
    }
    if (cluster == null || cluster.isBlank()) {
      throw new ImportException("rule " + ruleName + ": no cluster (set cluster in the config)");
    }
    spec.cluster = clusterArn.map(Arn::name).orElse(cluster);
    spec.aws = new AwsSpec();
    spec.aws.region = region;
    spec.aws.accountId = account();
  }

  /** One account for every rule, as ecschedule has; a role ARN of another one is flagged. */
  private String account() {
    Arn.parse(role())
        .filter(arn -> !arn.account().equals(defaults.account()))
        .ifPresent(
            arn ->
                notes.add(
                    "the role is in account "
                        + arn.account()
                        + ", not the schedule's "
                        + defaults.account()
                        + "; EventBridge Scheduler needs a role of the schedule's account"));
    return defaults.account();
  }

  /** taskOverride and containerOverrides, ecschedule's two halves of one ECS TaskOverride. */
  private void overrides() {
    spec.overrides = OverridesImport.of(rule, fields);
  }

  /** Launch type or capacity providers (ECS takes one of them), and the platform version. */
  private void capacity() {
    JsonNode strategy = rule.path("capacityProviderStrategy");
    for (int i = 0; i < strategy.size(); i++) {
      JsonNode item = strategy.get(i);
      String path = "capacityProviderStrategy[" + i + "].";
      var p = new ServiceSpec.CapacityProviderItem();
      p.capacityProvider = fields.text(item, "capacityProvider", path).orElse(null);
      if (item.hasNonNull("base")) p.base = item.get("base").asInt();
      if (item.hasNonNull("weight")) p.weight = item.get("weight").asInt();
      fields.unknownKeys(item, EcscheduleKeys.CAPACITY_ITEM, path);
      if (spec.capacityProviderStrategy == null) spec.capacityProviderStrategy = new ArrayList<>();
      spec.capacityProviderStrategy.add(p);
    }
    fields
        .text("launch_type")
        .ifPresent(
            launchType -> {
              if (spec.capacityProviderStrategy != null) {
                fields.unmapped(
                    "launch_type: "
                        + launchType
                        + " together with capacityProviderStrategy, which ECS refuses; the"
                        + " strategy is kept");
              } else {
                spec.launchType = launchType;
              }
            });
    spec.platformVersion = fields.text("platform_version").orElse(null);
  }

  private void network() {
    JsonNode network = rule.path("network_configuration");
    fields.unknownKeys(network, EcscheduleKeys.NETWORK, "network_configuration.");
    JsonNode vpc = network.path("aws_vpc_configuration");
    if (!vpc.isObject()) return;
    String path = "network_configuration.aws_vpc_configuration.";
    var n = new ServiceSpec.NetworkConfiguration();
    n.subnets = fields.texts(vpc.path("subnets"), path + "subnets");
    List<String> groups = fields.texts(vpc.path("security_groups"), path + "security_groups");
    n.securityGroups = groups.isEmpty() ? null : groups;
    n.assignPublicIp =
        fields
            .text(vpc, "assign_public_ip", path)
            .map(v -> v.equalsIgnoreCase("ENABLED"))
            .orElse(null);
    fields.unknownKeys(vpc, EcscheduleKeys.AWS_VPC, path);
    if (n.subnets.isEmpty()) {
      fields.unmapped(path + "subnets: none left to import; the release's network is used");
    } else {
      spec.networkConfiguration = n;
    }
  }

  /** The role the schedule assumes, and where failed invocations go. */
  private void eventBridge() {
    var eb = new ScheduledTaskSpec.EventBridgeSettings();
    String role = role();
    eb.roleArn =
        Arn.parse(role).isPresent() ? role : "arn:aws:iam::" + spec.aws.accountId + ":role/" + role;
    if (!rule.hasNonNull("role") && defaults.role() == null) {
      notes.add("eventBridge.roleArn is ecschedule's default role " + DEFAULT_ROLE);
    }
    JsonNode deadLetter = rule.path("dead_letter_config");
    fields
        .text(deadLetter, "sqs", "dead_letter_config.")
        .ifPresent(
            sqs ->
                eb.deadLetterArn =
                    sqs.startsWith("arn:")
                        ? sqs
                        : "arn:aws:sqs:" + spec.aws.region + ":" + spec.aws.accountId + ":" + sqs);
    fields.unknownKeys(deadLetter, EcscheduleKeys.DEAD_LETTER, "dead_letter_config.");
    spec.eventBridge = eb;
  }

  private String role() {
    String role = fields.text("role").orElse(defaults.role());
    return role == null || role.isBlank() ? DEFAULT_ROLE : role;
  }

  /** Settings of the EventBridge target that a ScheduledTask has no field for. */
  private void unmappedTargetSettings() {
    int count = rule.path("taskCount").asInt(1);
    if (count > 1) {
      fields.unmapped(
          "taskCount: "
              + count
              + "; a ScheduledTask starts one task per run (make more ScheduledTasks, or have"
              + " the task fan out)");
    }
    fields
        .text("group")
        .ifPresent(g -> fields.unmapped("group: " + g + "; ScheduledTask sets no group"));
    fields
        .text("propagateTags")
        .ifPresent(
            p ->
                fields.unmapped(
                    "propagateTags: " + p + "; ScheduledTask does not propagate tags to tasks"));
    fields
        .text("targetId")
        .ifPresent(
            t ->
                fields.unmapped(
                    "targetId: "
                        + t
                        + "; an EventBridge rule target's id, a Scheduler schedule has none"));
    fields
        .text("trackingId")
        .ifPresent(
            t -> fields.unmapped("trackingId: " + t + "; ecschedule's own prune bookkeeping"));
  }
}
