package dev.slipway.release;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The structural rules of the CRD schema (required, pattern, length, item count, numeric bounds),
 * checked in Java by reading the same fabric8 generator annotations the CRD is generated from: the
 * schema and this check cannot drift apart, and a bound added to an API class is enforced by the
 * operator and {@code slipway verify} the moment it is added. CEL rules, which annotations cannot
 * evaluate, are mirrored by hand in {@link SpecValidator}; the admission corpus test holds both to
 * the API server's verdicts.
 *
 * <p>Works on any object of the API package, so the StagingEnvironment validator can call {@link
 * #check} on its spec too. Problems are "path: what", paths relative to the object given.
 */
public final class SchemaBounds {
  private static final String API_PACKAGE = "dev.slipway.api.v1alpha1";
  private static final Map<String, java.util.regex.Pattern> PATTERNS = new ConcurrentHashMap<>();

  private SchemaBounds() {}

  /**
   * Adds to {@code problems} each bound whose field they do not already explain: the hand-written
   * rules say how to fix a problem, so their words win; a missing field is often explained on its
   * parent ("autoscaling: minCapacity and maxCapacity are required").
   */
  public static void addUnexplained(List<String> problems, List<String> bounds) {
    for (String bound : bounds) {
      String field = bound.substring(0, bound.indexOf(": "));
      String parent = bound.endsWith(": required") ? parentOf(field) : field;
      if (problems.stream().noneMatch(p -> names(p, field) || p.startsWith(parent + ": "))) {
        problems.add(bound);
      }
    }
  }

  private static String parentOf(String field) {
    int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
    return cut < 0 ? field : field.substring(0, cut);
  }

  /** Whether {@code problem} is about {@code field} (or something inside it). */
  private static boolean names(String problem, String field) {
    if (!problem.startsWith(field)) return false;
    if (problem.length() == field.length()) return true;
    char next = problem.charAt(field.length());
    return next == '.' || next == '[' || next == ':' || next == ' ';
  }

  /** Every structural problem in {@code object} (an instance of an API class). */
  public static List<String> check(Object object) {
    List<String> problems = new ArrayList<>();
    walk(object, "", problems);
    return problems;
  }

  private static void walk(Object object, String path, List<String> problems) {
    if (object == null || !isApiType(object.getClass())) return;
    for (Class<?> c = object.getClass(); isApiType(c); c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || !Modifier.isPublic(field.getModifiers()))
          continue;
        String at = join(path, jsonName(field));
        Object value = read(field, object);
        checkValue(field, value, at, problems);
        descend(field.getAnnotatedType(), value, at, problems);
      }
    }
  }

  /** Items of lists and values of maps carry their own (type-use) annotations. */
  private static void descend(AnnotatedType type, Object value, String at, List<String> problems) {
    if (value instanceof List<?> list) {
      AnnotatedType item = typeArgument(type, 0);
      for (int i = 0; i < list.size(); i++) {
        String itemAt = at + "[" + i + "]";
        if (item != null) checkValue(item, list.get(i), itemAt, problems);
        walk(list.get(i), itemAt, problems);
      }
    } else if (value instanceof Map<?, ?> map) {
      AnnotatedType entry = typeArgument(type, 1);
      map.forEach(
          (k, v) -> {
            // The API server names a map value by its key after a dot: secrets.DB_PASSWORD.
            String entryAt = at + "." + k;
            if (entry != null) checkValue(entry, v, entryAt, problems);
            walk(v, entryAt, problems);
          });
    } else {
      walk(value, at, problems);
    }
  }

  private static void checkValue(
      AnnotatedElement rules, Object value, String at, List<String> problems) {
    if (value == null) {
      if (rules.isAnnotationPresent(Required.class)) problems.add(at + ": required");
      return;
    }
    Pattern pattern = rules.getAnnotation(Pattern.class);
    // The API server searches with the pattern (unanchored); every pattern here anchors itself.
    if (pattern != null
        && value instanceof String s
        && !compiled(pattern.value()).matcher(s).find())
      problems.add(at + ": must match " + pattern.value());
    Size size = rules.getAnnotation(Size.class);
    if (size != null) checkSize(size, value, at, problems);
    Min min = rules.getAnnotation(Min.class);
    if (min != null && value instanceof Number n && below(n.doubleValue(), min))
      problems.add(
          at + ": must be " + (min.inclusive() ? "at least " : "above ") + format(min.value()));
    Max max = rules.getAnnotation(Max.class);
    if (max != null && value instanceof Number n && above(n.doubleValue(), max))
      problems.add(
          at + ": must be " + (max.inclusive() ? "at most " : "below ") + format(max.value()));
  }

  private static boolean below(double v, Min min) {
    return min.inclusive() ? v < min.value() : v <= min.value();
  }

  private static boolean above(double v, Max max) {
    return max.inclusive() ? v > max.value() : v >= max.value();
  }

  private static void checkSize(Size size, Object value, String at, List<String> problems) {
    long count;
    String unit;
    if (value instanceof String s) {
      count = s.codePointCount(0, s.length()); // the API server counts characters, not bytes
      unit = "characters";
    } else if (value instanceof Collection<?> c) {
      count = c.size();
      unit = "items";
    } else if (value instanceof Map<?, ?> m) {
      count = m.size();
      unit = "entries";
    } else {
      return;
    }
    if (count < size.min()) problems.add(at + ": at least " + size.min() + " " + unit);
    if (count > size.max()) problems.add(at + ": at most " + size.max() + " " + unit);
  }

  private static java.util.regex.Pattern compiled(String regex) {
    return PATTERNS.computeIfAbsent(regex, java.util.regex.Pattern::compile);
  }

  private static AnnotatedType typeArgument(AnnotatedType type, int index) {
    if (!(type instanceof AnnotatedParameterizedType p)) return null;
    AnnotatedType[] args = p.getAnnotatedActualTypeArguments();
    return index < args.length ? args[index] : null;
  }

  private static boolean isApiType(Class<?> c) {
    return c != null && c.getPackageName().equals(API_PACKAGE) && !c.isEnum();
  }

  private static String jsonName(Field field) {
    JsonProperty property = field.getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : field.getName();
  }

  private static Object read(Field field, Object object) {
    try {
      return field.get(object);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("API field " + field + " is not readable", e);
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }
}
