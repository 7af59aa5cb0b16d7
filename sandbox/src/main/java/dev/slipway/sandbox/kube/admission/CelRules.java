package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a schema's {@code x-kubernetes-validations} with the CEL Java implementation, at each
 * rule's schema location for every node there (list items and map values included). Rules that use
 * {@code oldSelf} are transition rules: they run only on update, and only where the old object has
 * a correlated value (object properties and map keys, not list items), as Kubernetes does.
 */
final class CelRules {
  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .enableRegexPartialMatch(true)
          .build();
  private static final CelCompiler SELF_ONLY = compiler(false);
  private static final CelCompiler WITH_OLD_SELF = compiler(true);
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addLibraries(CelExtensions.strings())
          .build();

  /** One compiled expression; {@code error} is set instead when it does not compile. */
  private record Compiled(CelRuntime.Program program, boolean usesOldSelf, String error) {}

  private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

  /** Every rule failure in {@code object} (old object null on create). */
  List<FieldError> validate(JsonNode object, JsonNode old, JsonNode schema) {
    List<FieldError> errors = new ArrayList<>();
    walk(object, old, schema, "", errors);
    return errors;
  }

  private void walk(
      JsonNode value, JsonNode old, JsonNode schema, String path, List<FieldError> out) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      check(rule, value, old, schema, path, out);
    }
    if (value.isObject()) {
      boolean map = Schemas.isMap(schema);
      value
          .fields()
          .forEachRemaining(
              field ->
                  Schemas.child(schema, field.getKey())
                      .ifPresent(
                          child ->
                              walk(
                                  field.getValue(),
                                  old == null ? null : old.get(field.getKey()),
                                  child,
                                  map
                                      ? path + "[" + field.getKey() + "]"
                                      : join(path, field.getKey()),
                                  out)));
    } else if (value.isArray()) {
      Optional<JsonNode> items = Schemas.items(schema);
      if (items.isPresent()) {
        for (int i = 0; i < value.size(); i++) {
          // Atomic lists do not correlate items with the old list, so oldSelf is unbound there.
          walk(value.get(i), null, items.get(), path + "[" + i + "]", out);
        }
      }
    }
  }

  private void check(
      JsonNode rule,
      JsonNode value,
      JsonNode old,
      JsonNode schema,
      String path,
      List<FieldError> out) {
    String expression = rule.path("rule").asText();
    Compiled compiled = compile(expression);
    String at =
        rule.hasNonNull("fieldPath") ? join(path, stripDot(rule.get("fieldPath").asText())) : path;
    String type = Schemas.type(schema);
    if (compiled.error() != null) {
      out.add(FieldError.invalid(at, type, "compilation failed: " + compiled.error()));
      return;
    }
    if (compiled.usesOldSelf() && old == null) {
      return;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(value));
    if (compiled.usesOldSelf()) {
      vars.put("oldSelf", toCel(old));
    }
    Object result;
    try {
      result = compiled.program().eval(vars);
    } catch (CelEvaluationException e) {
      out.add(
          FieldError.invalid(at, type, e.getMessage() + " evaluating rule: " + expression.strip()));
      return;
    }
    if (!Boolean.TRUE.equals(result)) {
      out.add(failure(rule, at, type, message(rule, vars)));
    }
  }

  /** The rule's message: messageExpression if it yields text, else message, else the rule. */
  private String message(JsonNode rule, Map<String, Object> vars) {
    if (rule.hasNonNull("messageExpression")) {
      Compiled compiled = compile(rule.get("messageExpression").asText());
      if (compiled.error() == null) {
        try {
          Object text = compiled.program().eval(vars);
          if (text instanceof String s && !s.isBlank()) {
            return s;
          }
        } catch (CelEvaluationException e) {
          // Kubernetes falls back to the static message when messageExpression fails.
        }
      }
    }
    String message = rule.path("message").asText("");
    return message.isEmpty() ? "failed rule: " + rule.path("rule").asText().strip() : message;
  }

  private static FieldError failure(JsonNode rule, String at, String type, String detail) {
    return switch (rule.path("reason").asText("FieldValueInvalid")) {
      case "FieldValueRequired" -> FieldError.required(at, detail);
      case "FieldValueForbidden" -> new FieldError(FieldError.Type.FORBIDDEN, at, null, detail);
      case "FieldValueDuplicate" ->
          new FieldError(
              FieldError.Type.DUPLICATE,
              at,
              com.fasterxml.jackson.databind.node.TextNode.valueOf(type),
              "");
      default -> FieldError.invalid(at, type, detail);
    };
  }

  private Compiled compile(String expression) {
    return cache.computeIfAbsent(expression, CelRules::compileNow);
  }

  /** Compiles without oldSelf first: a rule that needs it is a transition rule. */
  private static Compiled compileNow(String expression) {
    CelValidationResult selfOnly = SELF_ONLY.compile(expression);
    boolean usesOldSelf = selfOnly.hasError();
    CelValidationResult result = usesOldSelf ? WITH_OLD_SELF.compile(expression) : selfOnly;
    try {
      return new Compiled(RUNTIME.createProgram(result.getAst()), usesOldSelf, null);
    } catch (CelValidationException e) {
      return new Compiled(null, false, result.getErrorString());
    } catch (CelEvaluationException e) {
      return new Compiled(null, false, e.getMessage());
    }
  }

  private static CelCompiler compiler(boolean withOldSelf) {
    var builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .addVar("self", SimpleType.DYN);
    if (withOldSelf) {
      builder.addVar("oldSelf", SimpleType.DYN);
    }
    return builder.build();
  }

  /** JSON as CEL values: objects as maps, arrays as lists, integers as int, null as null. */
  static Object toCel(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> map.put(f.getKey(), toCel(f.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) return node.asLong();
    if (node.isNumber()) return node.asDouble();
    if (node.isBoolean()) return node.asBoolean();
    return node.asText();
  }

  private static String stripDot(String fieldPath) {
    return fieldPath.startsWith(".") ? fieldPath.substring(1) : fieldPath;
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }
}
