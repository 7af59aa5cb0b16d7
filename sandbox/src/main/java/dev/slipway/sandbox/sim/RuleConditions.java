package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.QueryStringKeyValuePair;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/**
 * ALB listener rule conditions: the checks ELBv2 makes (one host-header, path-pattern,
 * http-request-method and source-ip condition per rule, at most three values per condition and five
 * per rule, at most five wildcards per rule) and how a request is matched against them.
 */
final class RuleConditions {
  static final int MAX_VALUES_PER_CONDITION = 3;
  static final int MAX_VALUES_PER_RULE = 5;
  static final int MAX_WILDCARDS_PER_RULE = 5;
  private static final Set<String> FIELDS =
      Set.of(
          "host-header",
          "path-pattern",
          "http-header",
          "source-ip",
          "http-request-method",
          "query-string");
  private static final Set<String> ONCE_PER_RULE =
      Set.of("host-header", "path-pattern", "http-request-method", "source-ip");

  private RuleConditions() {}

  static void check(List<RuleCondition> conditions) {
    if (conditions == null || conditions.isEmpty()) {
      throw ElbErrors.validation("A rule must have at least one condition");
    }
    Set<String> seen = new HashSet<>();
    int values = 0;
    int wildcards = 0;
    for (RuleCondition c : conditions) {
      String field = c.field();
      if (!FIELDS.contains(field)) {
        throw ElbErrors.validation("Condition field '" + field + "' is not supported");
      }
      if (ONCE_PER_RULE.contains(field) && !seen.add(field)) {
        throw ElbErrors.validation("A rule can only have one '" + field + "' condition");
      }
      List<String> vs = comparisons(c);
      if (vs.isEmpty()) {
        throw ElbErrors.validation("A '" + field + "' condition must have at least one value");
      }
      if (vs.size() > MAX_VALUES_PER_CONDITION) {
        throw ElbErrors.validation(
            "A '" + field + "' condition can only have '" + MAX_VALUES_PER_CONDITION + "' values");
      }
      values += vs.size();
      checkValues(c, vs);
      if (!field.equals("source-ip") && !field.equals("http-request-method")) {
        for (String v : vs) wildcards += v.chars().filter(ch -> ch == '*' || ch == '?').count();
      }
    }
    if (values > MAX_VALUES_PER_RULE) {
      throw ElbErrors.validation(
          "A rule can only have '" + MAX_VALUES_PER_RULE + "' condition values");
    }
    if (wildcards > MAX_WILDCARDS_PER_RULE) {
      throw ElbErrors.validation("A rule can only have '" + MAX_WILDCARDS_PER_RULE + "' wildcards");
    }
  }

  private static void checkValues(RuleCondition c, List<String> vs) {
    switch (c.field()) {
      case "http-header" -> {
        String name = c.httpHeaderConfig() == null ? null : c.httpHeaderConfig().httpHeaderName();
        if (name == null
            || name.isEmpty()
            || name.length() > 40
            || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
            || name.contains("*")) {
          throw ElbErrors.validation("The HTTP header name '" + name + "' is not valid");
        }
        lengths(vs, 128);
      }
      case "source-ip" -> {
        for (String v : vs) {
          if (!Cidr.isValid(v)) throw ElbErrors.validation("'" + v + "' is not a valid CIDR block");
        }
      }
      case "http-request-method" -> {
        for (String v : vs) {
          if (!v.matches("[A-Z_-]{1,40}")) {
            throw ElbErrors.validation("'" + v + "' is not a valid HTTP request method");
          }
        }
      }
      default -> lengths(vs, 128);
    }
  }

  private static void lengths(List<String> vs, int max) {
    for (String v : vs) {
      if (v == null || v.length() > max) {
        throw ElbErrors.validation("Condition values can be at most " + max + " characters long");
      }
    }
  }

  /** The comparison strings of a condition (config values, legacy values or regexes). */
  static List<String> comparisons(RuleCondition c) {
    List<String> out = new ArrayList<>();
    switch (c.field()) {
      case "host-header" -> {
        if (c.hostHeaderConfig() != null) {
          out.addAll(c.hostHeaderConfig().values());
          out.addAll(c.hostHeaderConfig().regexValues());
        }
      }
      case "path-pattern" -> {
        if (c.pathPatternConfig() != null) {
          out.addAll(c.pathPatternConfig().values());
          out.addAll(c.pathPatternConfig().regexValues());
        }
      }
      case "http-header" -> {
        if (c.httpHeaderConfig() != null) {
          out.addAll(c.httpHeaderConfig().values());
          out.addAll(c.httpHeaderConfig().regexValues());
        }
      }
      case "source-ip" -> {
        if (c.sourceIpConfig() != null) out.addAll(c.sourceIpConfig().values());
      }
      case "http-request-method" -> {
        if (c.httpRequestMethodConfig() != null) out.addAll(c.httpRequestMethodConfig().values());
      }
      case "query-string" -> {
        if (c.queryStringConfig() != null) {
          for (QueryStringKeyValuePair kv : c.queryStringConfig().values()) {
            out.add((kv.key() == null ? "" : kv.key() + "=") + kv.value());
          }
        }
      }
      default -> {}
    }
    if (out.isEmpty() && c.hasValues()) out.addAll(c.values());
    return out;
  }

  /** True when the request satisfies every condition of a rule. */
  static boolean matches(List<RuleCondition> conditions, RequestShape r) {
    return conditions.stream().allMatch(c -> matches(c, r));
  }

  private static boolean matches(RuleCondition c, RequestShape r) {
    return switch (c.field()) {
      case "host-header" -> {
        String host = r.host() == null ? "" : r.host().replaceFirst(":\\d+$", "");
        var cfg = c.hostHeaderConfig();
        List<String> values = cfg != null && cfg.hasValues() ? cfg.values() : c.values();
        yield Wildcards.any(values, host, false)
            || (cfg != null && Wildcards.anyRegex(cfg.regexValues(), host));
      }
      case "path-pattern" -> {
        var cfg = c.pathPatternConfig();
        List<String> values = cfg != null && cfg.hasValues() ? cfg.values() : c.values();
        yield Wildcards.any(values, r.path(), true)
            || (cfg != null && Wildcards.anyRegex(cfg.regexValues(), r.path()));
      }
      case "http-header" -> {
        var cfg = c.httpHeaderConfig();
        String value = r.header(cfg.httpHeaderName());
        yield value != null
            && (Wildcards.any(cfg.values(), value, false)
                || Wildcards.anyRegex(cfg.regexValues(), value));
      }
      case "source-ip" ->
          c.sourceIpConfig().values().stream().anyMatch(cidr -> Cidr.contains(cidr, r.sourceIp()));
      case "http-request-method" -> c.httpRequestMethodConfig().values().contains(r.method());
      case "query-string" ->
          c.queryStringConfig().values().stream()
              .anyMatch(
                  kv ->
                      r.query().entrySet().stream()
                          .anyMatch(
                              e ->
                                  (kv.key() == null
                                          || Wildcards.matches(kv.key(), e.getKey(), false))
                                      && Wildcards.matches(kv.value(), e.getValue(), false)));
      default -> false;
    };
  }
}
