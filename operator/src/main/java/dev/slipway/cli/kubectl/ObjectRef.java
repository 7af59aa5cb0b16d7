package dev.slipway.cli.kubectl;

/**
 * The object a verb acts on, from its argument as kubectl users write it: {@code NAME}, {@code
 * KIND/NAME} ({@code sr/web}, {@code stage/qa-foo}), or {@code NAME} with {@code --kind}. Without
 * either kind it is a ServiceRelease.
 */
public record ObjectRef(ObjectKind kind, String name) {

  /**
   * Parses {@code argument} with the optional {@code --kind} value; a message a person can act on
   * when they are malformed or disagree.
   */
  public static ObjectRef parse(String argument, String kindOption) {
    int slash = argument.indexOf('/');
    String prefix = slash < 0 ? null : argument.substring(0, slash);
    String name = slash < 0 ? argument : argument.substring(slash + 1);
    if (name.isEmpty() || name.contains("/") || (prefix != null && prefix.isEmpty())) {
      throw new IllegalArgumentException(
          "expected NAME or KIND/NAME (e.g. web, sr/web, stage/qa-foo), got \"" + argument + "\"");
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
    ObjectKind kind =
        fromPrefix != null
            ? fromPrefix
            : fromOption != null ? fromOption : ObjectKind.SERVICE_RELEASE;
    return new ObjectRef(kind, name);
  }

  private static ObjectKind kind(String name) {
    return ObjectKind.named(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown kind \""
                        + name
                        + "\": use sr (ServiceRelease) or stage (StagingEnvironment)"));
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
