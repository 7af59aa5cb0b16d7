package dev.slipway.release;

import dev.slipway.api.v1alpha1.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Expands the placeholders of preflight templates from the spec alone (pure): {@code ${imageTag}}
 * is the tag of the first container's image, {@code ${imageTag:NAME}} that of container NAME. The
 * spec has no docker labels, so there is no {@code ${label:…}}. Anything else inside {@code ${…}}
 * is a problem, found by the validator before any AWS call, never a literal sent to AWS.
 */
public final class PreflightTemplates {
  static final String KNOWN = "${imageTag} and ${imageTag:CONTAINER}";
  private static final String IMAGE_TAG = "imageTag";

  private PreflightTemplates() {}

  /** The expanded text, or the problems that stop it (each "what is wrong", without a field). */
  public record Expansion(String value, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  public static Expansion expand(String template, List<ContainerSpec> containers) {
    StringBuilder out = new StringBuilder();
    List<String> problems = new ArrayList<>();
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf("${", at);
      if (open < 0) {
        out.append(template, at, template.length());
        break;
      }
      out.append(template, at, open);
      int close = template.indexOf('}', open + 2);
      if (close < 0) {
        // Not echoed: the rest of a URL may be a query string holding a token.
        problems.add("unterminated placeholder: a ${ without a closing }");
        break;
      }
      String placeholder = template.substring(open + 2, close);
      resolve(placeholder, containers, problems).ifPresent(out::append);
      at = close + 1;
    }
    return new Expansion(problems.isEmpty() ? out.toString() : null, List.copyOf(problems));
  }

  private static Optional<String> resolve(
      String placeholder, List<ContainerSpec> containers, List<String> problems) {
    int colon = placeholder.indexOf(':');
    String kind = colon < 0 ? placeholder : placeholder.substring(0, colon);
    if (!kind.equals(IMAGE_TAG)) {
      problems.add("unknown placeholder ${" + placeholder + "}; known: " + KNOWN);
      return Optional.empty();
    }
    Optional<ContainerSpec> container =
        colon < 0
            ? containers.stream().findFirst()
            : named(containers, placeholder.substring(colon + 1));
    if (container.isEmpty()) {
      problems.add("${" + placeholder + "} names no container of taskDefinition.containers");
      return Optional.empty();
    }
    return tagOf(container.get(), placeholder, problems);
  }

  private static Optional<ContainerSpec> named(List<ContainerSpec> containers, String name) {
    return containers.stream().filter(c -> name.equals(c.name)).findFirst();
  }

  /** An image without tag or digest is pulled as latest; one pinned only by digest has no tag. */
  private static Optional<String> tagOf(
      ContainerSpec container, String placeholder, List<String> problems) {
    Optional<ImageReference> image = ImageReference.parse(container.image);
    if (image.isEmpty()) {
      problems.add(
          "${" + placeholder + "}: the image of container " + container.name + " is not valid");
      return Optional.empty();
    }
    ImageReference ref = image.get();
    if (ref.tag() != null) return Optional.of(ref.tag());
    if (ref.digest() == null) return Optional.of("latest");
    problems.add(
        "${"
            + placeholder
            + "}: the image of container "
            + container.name
            + " is pinned by digest and has no tag");
    return Optional.empty();
  }
}
