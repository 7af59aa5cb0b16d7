package dev.slipway.cli.kubectl;

import java.util.Arrays;

/**
 * The object a verb acts on, from its argument as kubectl users write it: {@code NAME}, {@code
 * KIND/NAME} ({@code sr/web}, {@code stage/qa-foo}, {@code st/nightly}), or {@code NAME} with
 * {@code --kind}. Without either kind it is of the verb's kind: a ServiceRelease, except for run.
 */
public record ObjectRef(ObjectKind kind, String name) {
  /** {@code sr (ServiceRelease), stage (StagingEnvironment) or st (ScheduledTask)}. */
  static final String KINDS_IN_WORDS =
      AnnotationAction.either(
          Arrays.stream(ObjectKind.values())
              .map(k -> k.shortName() + " (" + k.kind() + ")")
              .toList());

  /**
   * Parses {@code argument} with the optional {@code --kind} value; a message a person can act on
   * when they are malformed or disagree.
   */
  public static ObjectRef parse(String argument, String kindOption) {
    return parse(argument, kindOption, ObjectKind.SERVICE_RELEASE);
  }

  /** As {@link #parse(String, String)}, a bare NAME being of {@code bareKind}. */
  public static ObjectRef parse(String argument, String kindOption, ObjectKind bareKind) {
    int slash = argument.indexOf('/');
    String prefix = slash < 0 ? null : argument.substring(0, slash);
    String name = slash < 0 ? argument : argument.substring(slash + 1);
    if (name.isEmpty() || name.contains("/") || (prefix != null && prefix.isEmpty())) {
      throw new IllegalArgumentException(
          "expected NAME or KIND/NAME (e.g. web, sr/web, stage/qa-foo, st/nightly), got \""
              + argument
              + "\"");
    }
    ObjectKind fromPrefix = prefix == null ? null : kind(prefix);
    ObjectKind fromOption = kindOption == null ? null : kind(kindOption);
    if (fromPrefix != null && fromOption != null && fromPrefix != fromOption) {
      throw new IllegalArgumentException(
          "\""
              + argument
              + "\" names a "
              + fromPrefix.kind()
              + " but --kind says "
              + fromOption.kind());
    }
    ObjectKind kind = fromPrefix != null ? fromPrefix : fromOption != null ? fromOption : bareKind;
    return new ObjectRef(kind, name);
  }

  private static ObjectKind kind(String name) {
    return ObjectKind.named(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown kind \"" + name + "\": use " + KINDS_IN_WORDS));
  }

  /** {@code ServiceRelease "web" not found in namespace "default"}, as the message says it. */
  public String notFoundIn(String namespace) {
    return kind.kind() + " \"" + name + "\" not found in namespace \"" + namespace + "\"";
  }

  /** {@code ServiceRelease "web"}, how messages name it. */
  @Override
  public String toString() {
    return kind.kind() + " \"" + name + "\"";
  }
}
