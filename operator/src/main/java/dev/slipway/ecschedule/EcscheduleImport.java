package dev.slipway.ecschedule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code slipway import ecschedule}'s builder: an ecschedule config (YAML or JSON, the text of one
 * file) to one ScheduledTask per rule. Pure: the environment comes in the options, nothing is read
 * from disk or AWS.
 */
public final class EcscheduleImport {
  /** Floats as written (an environment value of 1.50 stays 1.50), duplicate keys refused. */
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private EcscheduleImport() {}

  /**
   * The config's rules as ScheduledTasks.
   *
   * @throws ImportException when the text is no ecschedule config, a must_env variable is unset, or
   *     a rule lacks what every ScheduledTask needs (schedule, task, region, cluster, account)
   */
  public static ImportResult read(String text, ImportOptions options) {
    if (options.accountId() != null && !options.accountId().matches("^[0-9]{12}$")) {
      throw new ImportException("--account-id " + options.accountId() + " is not 12 digits");
    }
    EcscheduleTemplates.Resolved templates = EcscheduleTemplates.resolve(text, options.env());
    JsonNode config = parse(templates.text());
    RuleImport.Defaults defaults =
        new RuleImport.Defaults(
            topLevel(config, "region", templates),
            topLevel(config, "cluster", templates),
            topLevel(config, "role", templates),
            account(config, options));
    ResourceNames names = new ResourceNames();
    List<ImportedTask> tasks = new ArrayList<>();
    for (JsonNode rule : config.get("rules")) {
      String ruleName = ruleName(rule, tasks.size(), templates);
      tasks.add(
          RuleImport.build(rule, ruleName, names.unique(ruleName), defaults, options, templates));
    }
    return new ImportResult(tasks, unmapped(config), notes());
  }

  private static JsonNode parse(String text) {
    JsonNode config;
    try {
      config = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ImportException("not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (config == null || !config.isObject()) {
      throw new ImportException("not an ecschedule config: expected a mapping with rules");
    }
    JsonNode rules = config.path("rules");
    if (!rules.isArray() || rules.isEmpty()) {
      throw new ImportException("not an ecschedule config: no rules list");
    }
    for (JsonNode rule : rules) {
      if (!rule.isObject()) {
        throw new ImportException("not an ecschedule config: a rule is not a mapping: " + rule);
      }
    }
    return config;
  }

  /**
   * ecschedule learns the account from STS when it runs, one for every rule; offline it is the
   * --account-id option, else the account of the first ARN the config uses.
   */
  private static String account(JsonNode config, ImportOptions options) {
    if (options.accountId() != null) return options.accountId();
    List<JsonNode> places = new ArrayList<>(List.of(config));
    config.get("rules").forEach(places::add);
    for (JsonNode place : places) {
      for (JsonNode value :
          List.of(
              place.path("role"),
              place.path("cluster"),
              place.path("taskDefinition"),
              place.path("dead_letter_config").path("sqs"))) {
        Optional<Arn> arn = Arn.parse(value.asText(null));
        if (arn.isPresent()) return arn.get().account();
      }
    }
    throw new ImportException(
        "cannot tell the AWS account: ecschedule asks STS when it runs, and no role, cluster,"
            + " taskDefinition or dead letter queue ARN in the config names it; pass --account-id"
            + " 123456789012");
  }

  private static String topLevel(
      JsonNode config, String key, EcscheduleTemplates.Resolved templates) {
    if (!config.hasNonNull(key)) return null;
    String value = config.get(key).asText();
    if (templates.isUnresolved(value)) {
      throw new ImportException(
          key + " is " + templates.original(value) + ", which the import cannot resolve offline");
    }
    return value.isBlank() ? null : value;
  }

  private static String ruleName(JsonNode rule, int index, EcscheduleTemplates.Resolved templates) {
    String name = rule.path("name").asText("");
    if (name.isBlank()) throw new ImportException("rule " + (index + 1) + " has no name");
    if (templates.isUnresolved(name)) {
      throw new ImportException(
          "rule " + (index + 1) + ": name " + templates.original(name) + " cannot be resolved");
    }
    return name;
  }

  /** Config-wide settings that carry over to no manifest. */
  private static List<String> unmapped(JsonNode config) {
    List<String> unmapped = new ArrayList<>(EcscheduleKeys.unknown(config, EcscheduleKeys.TOP, ""));
    if (config.has("plugins")) {
      unmapped.add(
          "plugins: not run; values that used them (tfstate, ssm, ...) are listed per rule");
    }
    if (config.has("trackingId")) {
      unmapped.add(
          "trackingId: "
              + config.get("trackingId").asText()
              + "; ecschedule's prune bookkeeping, Slipway deletes the schedule of a deleted"
              + " ScheduledTask itself");
    }
    return unmapped;
  }

  /** What holds for every imported rule: the roles' trust and the retry default. */
  private static List<String> notes() {
    return List.of(
        "eventBridge.roleArn: an ecschedule role is trusted by events.amazonaws.com; EventBridge"
            + " Scheduler assumes it only if its trust policy also allows scheduler.amazonaws.com,"
            + " so add that principal before applying",
        "an EventBridge rule retried a failed RunTask up to 185 times over 24 hours; a"
            + " ScheduledTask retries none unless spec.eventBridge.maximumRetryAttempts is set");
  }
}
