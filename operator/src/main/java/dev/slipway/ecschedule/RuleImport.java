package dev.slipway.ecschedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.ContainerOverride;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.schedule.InvalidScheduleException;
import dev.slipway.schedule.ScheduleExpression;
import dev.slipway.schedule.ScheduleTimeZone;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ecschedule rule as a ScheduledTask: a pure builder, one step per part of the spec. Whatever
 * does not carry over goes to {@code unmapped} with the reason, never silently away.
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
  private final EcscheduleTemplates.Resolved templates;
  private final List<String> unmapped = new ArrayList<>();
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
    this.templates = templates;
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
    unmapped.addAll(EcscheduleKeys.unknown(rule, EcscheduleKeys.RULE, ""));
    ScheduledTask task = new ScheduledTask();
    task.setMetadata(metadata(name));
    task.setSpec(spec);
    return new ImportedTask(ruleName, task, unmapped, notes);
  }

  private io.fabric8.kubernetes.api.model.ObjectMeta metadata(String name) {
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name);
    if (options.namespace() != null) meta.withNamespace(options.namespace());
    text("description").ifPresent(d -> meta.addToAnnotations("kubernetes.io/description", d));
    return meta.build();
  }

  /** ecschedule rules run in UTC, so the expression is kept as is and the zone is said. */
  private void schedule() {
    String expression = required("scheduleExpression");
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
    String taskDefinition = required("taskDefinition");
    Optional<Arn> arn = Arn.parse(taskDefinition);
    String familyRevision = arn.map(Arn::name).orElse(taskDefinition);
    int colon = familyRevision.indexOf(':');
    String family = colon < 0 ? familyRevision : familyRevision.substring(0, colon);
    if (colon >= 0) {
      unmapped.add(
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
    String cluster = text("cluster").orElse(defaults.cluster());
    Optional<Arn> clusterArn = Arn.parse(cluster);
    String region = text("region").orElse(defaults.region());
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
    var overrides = new ScheduledTaskSpec.TaskOverrides();
    JsonNode task = rule.path("taskOverride");
    overrides.cpu = taskSize(task, "cpu", "^[0-9]{2,6}$");
    overrides.memory = taskSize(task, "memory", "^[0-9]{2,7}$");
    unmapped.addAll(EcscheduleKeys.unknown(task, EcscheduleKeys.TASK_OVERRIDE, "taskOverride."));
    JsonNode containers = rule.path("containerOverrides");
    for (int i = 0; i < containers.size(); i++) {
      if (overrides.containers == null) overrides.containers = new ArrayList<>();
      overrides.containers.add(container(containers.get(i), "containerOverrides[" + i + "]."));
    }
    if (overrides.cpu != null || overrides.memory != null || overrides.containers != null) {
      spec.overrides = overrides;
    }
  }

  private String taskSize(JsonNode task, String key, String pattern) {
    Optional<String> value = text(task, key, "taskOverride.");
    if (value.isPresent() && !value.get().matches(pattern)) {
      unmapped.add("taskOverride." + key + ": " + value.get() + " is not a whole number of units");
      return null;
    }
    return value.orElse(null);
  }

  private ContainerOverride container(JsonNode node, String path) {
    var c = new ContainerOverride();
    c.name = text(node, "name", path).orElse(null);
    JsonNode command = node.path("command");
    if (command.isArray()) {
      c.command = new ArrayList<>();
      for (int i = 0; i < command.size(); i++) {
        text(command.get(i), path + "command[" + i + "]").ifPresent(c.command::add);
      }
    } else if (!command.isMissingNode() && !command.isNull()) {
      unmapped.add(path + "command: not a list of strings");
    }
    if (node.path("environment").isObject()) {
      Map<String, String> env = new LinkedHashMap<>();
      node.path("environment")
          .fields()
          .forEachRemaining(
              e ->
                  text(e.getValue(), path + "environment." + e.getKey())
                      .ifPresent(v -> env.put(e.getKey(), v)));
      c.environment = env;
    }
    if (node.hasNonNull("cpu")) c.cpu = node.get("cpu").asInt();
    if (node.hasNonNull("memory")) c.memory = node.get("memory").asInt();
    if (node.hasNonNull("memoryReservation")) {
      unmapped.add(
          path
              + "memoryReservation: "
              + node.get("memoryReservation").asText()
              + "; ScheduledTask overrides have no soft memory limit");
    }
    unmapped.addAll(EcscheduleKeys.unknown(node, EcscheduleKeys.CONTAINER_OVERRIDE, path));
    return c;
  }

  /** Launch type or capacity providers (ECS takes one of them), and the platform version. */
  private void capacity() {
    JsonNode strategy = rule.path("capacityProviderStrategy");
    for (int i = 0; i < strategy.size(); i++) {
      JsonNode item = strategy.get(i);
      String path = "capacityProviderStrategy[" + i + "].";
      var p = new ServiceSpec.CapacityProviderItem();
      p.capacityProvider = text(item, "capacityProvider", path).orElse(null);
      if (item.hasNonNull("base")) p.base = item.get("base").asInt();
      if (item.hasNonNull("weight")) p.weight = item.get("weight").asInt();
      unmapped.addAll(EcscheduleKeys.unknown(item, EcscheduleKeys.CAPACITY_ITEM, path));
      if (spec.capacityProviderStrategy == null) spec.capacityProviderStrategy = new ArrayList<>();
      spec.capacityProviderStrategy.add(p);
    }
    text("launch_type")
        .ifPresent(
            launchType -> {
              if (spec.capacityProviderStrategy != null) {
                unmapped.add(
                    "launch_type: "
                        + launchType
                        + " together with capacityProviderStrategy, which ECS refuses; the"
                        + " strategy is kept");
              } else {
                spec.launchType = launchType;
              }
            });
    spec.platformVersion = text("platform_version").orElse(null);
  }

  private void network() {
    JsonNode network = rule.path("network_configuration");
    unmapped.addAll(
        EcscheduleKeys.unknown(network, EcscheduleKeys.NETWORK, "network_configuration."));
    JsonNode vpc = network.path("aws_vpc_configuration");
    if (!vpc.isObject()) return;
    String path = "network_configuration.aws_vpc_configuration.";
    var n = new ServiceSpec.NetworkConfiguration();
    n.subnets = texts(vpc.path("subnets"), path + "subnets");
    List<String> groups = texts(vpc.path("security_groups"), path + "security_groups");
    n.securityGroups = groups.isEmpty() ? null : groups;
    n.assignPublicIp =
        text(vpc, "assign_public_ip", path).map(v -> v.equalsIgnoreCase("ENABLED")).orElse(null);
    unmapped.addAll(EcscheduleKeys.unknown(vpc, EcscheduleKeys.AWS_VPC, path));
    if (n.subnets.isEmpty()) {
      unmapped.add(path + "subnets: none left to import; the release's network is used");
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
    text(deadLetter, "sqs", "dead_letter_config.")
        .ifPresent(
            sqs ->
                eb.deadLetterArn =
                    sqs.startsWith("arn:")
                        ? sqs
                        : "arn:aws:sqs:" + spec.aws.region + ":" + spec.aws.accountId + ":" + sqs);
    unmapped.addAll(
        EcscheduleKeys.unknown(deadLetter, EcscheduleKeys.DEAD_LETTER, "dead_letter_config."));
    spec.eventBridge = eb;
  }

  private String role() {
    String role = text("role").orElse(defaults.role());
    return role == null || role.isBlank() ? DEFAULT_ROLE : role;
  }

  /** Settings of the EventBridge target that a ScheduledTask has no field for. */
  private void unmappedTargetSettings() {
    int count = rule.path("taskCount").asInt(1);
    if (count > 1) {
      unmapped.add(
          "taskCount: "
              + count
              + "; a ScheduledTask starts one task per run (make more ScheduledTasks, or have"
              + " the task fan out)");
    }
    text("group").ifPresent(g -> unmapped.add("group: " + g + "; ScheduledTask sets no group"));
    text("propagateTags")
        .ifPresent(
            p ->
                unmapped.add(
                    "propagateTags: " + p + "; ScheduledTask does not propagate tags to tasks"));
    text("targetId")
        .ifPresent(
            t ->
                unmapped.add(
                    "targetId: "
                        + t
                        + "; an EventBridge rule target's id, a Scheduler schedule has none"));
    text("trackingId")
        .ifPresent(t -> unmapped.add("trackingId: " + t + "; ecschedule's own prune bookkeeping"));
  }

  private String required(String key) {
    if (!rule.hasNonNull(key) || rule.get(key).asText().isBlank()) {
      throw new ImportException("rule " + ruleName + ": " + key + " is missing");
    }
    String value = rule.get(key).asText();
    if (templates.isUnresolved(value)) {
      throw new ImportException(
          "rule "
              + ruleName
              + ": "
              + key
              + " is "
              + templates.original(value)
              + ", which the import cannot resolve offline");
    }
    return value;
  }

  private Optional<String> text(String key) {
    return text(rule, key, "");
  }

  private Optional<String> text(JsonNode node, String key, String path) {
    return text(node.path(key), path + key);
  }

  /** A scalar's text, or empty when absent or an action the import could not resolve. */
  private Optional<String> text(JsonNode value, String path) {
    if (value == null || value.isMissingNode() || value.isNull()) return Optional.empty();
    String text = value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    if (templates.isUnresolved(text)) {
      unmapped.add(path + ": " + templates.original(text) + " cannot be resolved offline");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  private List<String> texts(JsonNode list, String path) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      text(list.get(i), path + "[" + i + "]").ifPresent(values::add);
    }
    return values;
  }
}
