package dev.slipway.ecschedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ecschedule's template functions, applied to the config text before it is read as YAML, as
 * ecschedule does: {@code env} and {@code must_env} are resolved from the environment; every other
 * action ({@code tfstate}, {@code ssm}, plugins, pipelines) becomes a marker the import reports
 * where it lands, because resolving it would need AWS or Terraform state.
 */
public final class EcscheduleTemplates {
  /** One {@code {{ ... }}} action; Go templates do not nest them. */
  private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

  /** {@code fn arg arg}, each argument a back-quoted or double-quoted string. */
  private static final Pattern CALL =
      Pattern.compile("\\s*([A-Za-z_]\\w*)((?:\\s+(?:`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\"))*)\\s*");

  private static final Pattern ARGUMENT = Pattern.compile("`([^`]*)`|\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern MARKER = Pattern.compile("SLIPWAY_UNRESOLVED_[0-9]+");

  /** The text with env functions applied, and each marker left in it with the action it hides. */
  public record Resolved(String text, Map<String, String> unresolved) {
    /** The value with every marker shown as the template action it stands for. */
    public String original(String value) {
      Matcher m = MARKER.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(
            out, Matcher.quoteReplacement(unresolved.getOrDefault(m.group(), m.group())));
      }
      m.appendTail(out);
      return out.toString();
    }

    /** Whether the value holds an action the import could not resolve. */
    public boolean isUnresolved(String value) {
      return value != null && MARKER.matcher(value).find();
    }
  }

  private EcscheduleTemplates() {}

  /**
   * Applies the template functions of {@code text} with {@code env} as the environment.
   *
   * @throws ImportException when {@code must_env} names an unset variable (ecschedule refuses the
   *     config then too)
   */
  public static Resolved resolve(String text, Map<String, String> env) {
    Map<String, String> unresolved = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    Matcher action = ACTION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (action.find()) {
      String value = apply(action.group(1), env, missing);
      if (value == null) {
        value = "SLIPWAY_UNRESOLVED_" + unresolved.size();
        unresolved.put(value, action.group());
      }
      action.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    action.appendTail(out);
    if (!missing.isEmpty()) {
      throw new ImportException(
          (missing.size() == 1
                  ? "environment variable " + missing.get(0) + " is not defined"
                  : "environment variables " + String.join(" and ", missing) + " are not defined")
              + " (the config reads it with must_env); set it as for `ecschedule apply`");
    }
    return new Resolved(out.toString(), unresolved);
  }

  /** The value of one action, or null when it is not an env function the import can evaluate. */
  private static String apply(String body, Map<String, String> env, List<String> missing) {
    Matcher call = CALL.matcher(body);
    if (!call.matches()) return null;
    List<String> args = new ArrayList<>();
    Matcher arg = ARGUMENT.matcher(call.group(2));
    while (arg.find()) args.add(arg.group(1) != null ? arg.group(1) : unquote(arg.group(2)));
    return switch (call.group(1)) {
      case "must_env" -> args.size() == 1 ? mustEnv(args.get(0), env, missing) : null;
      case "env" -> args.isEmpty() ? null : env(args, env);
      default -> null;
    };
  }

  private static String mustEnv(String key, Map<String, String> env, List<String> missing) {
    String value = env.get(key);
    if (value == null) {
      missing.add(key);
      return "";
    }
    return value;
  }

  /**
   * ecschedule's {@code env}: the first argument naming a non-empty variable wins; when none does,
   * the last argument itself is the default.
   */
  private static String env(List<String> keys, Map<String, String> env) {
    for (String key : keys) {
      String value = env.get(key);
      if (value != null && !value.isEmpty()) return value;
    }
    return keys.get(keys.size() - 1);
  }

  private static String unquote(String quoted) {
    return quoted.replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
