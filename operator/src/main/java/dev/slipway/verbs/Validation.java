package dev.slipway.verbs;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.release.DependencyCycles;
import dev.slipway.release.SpecValidator;
import dev.slipway.release.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The first step of every verb: parse the manifest and validate each ServiceRelease with the
 * operator's own {@link SpecValidator}, and the dependsOn graph of the releases given together with
 * the operator's {@link DependencyCycles}; any problem ends the verb with exit code 2 before AWS is
 * asked anything.
 */
final class Validation {
  private Validation() {}

  /** Either the releases to work on (and notes for stderr), or the result to return. */
  record Checked(List<ServiceRelease> releases, String notes, VerbResult invalid) {}

  static Checked check(String manifest) {
    ManifestReader.Manifest m;
    try {
      m = ManifestReader.read(manifest);
    } catch (IllegalArgumentException e) {
      return new Checked(List.of(), "", invalid(List.of(e.getMessage()), ""));
    }
    String notes = m.notes().isEmpty() ? "" : String.join("\n", m.notes()) + "\n";
    if (m.releases().isEmpty()) {
      return new Checked(
          List.of(), notes, invalid(List.of("no ServiceRelease in the manifest"), notes));
    }
    List<String> errors = new ArrayList<>();
    for (ServiceRelease sr : m.releases()) {
      String who = sr.getMetadata().getName() == null ? "ServiceRelease (no name)" : Tags.owner(sr);
      if (sr.getMetadata().getName() == null) errors.add(who + ": metadata.name: required");
      SpecValidator.validate(sr.getSpec()).forEach(p -> errors.add(who + ": spec." + p));
    }
    errors.addAll(cycles(m.releases()));
    if (!errors.isEmpty()) return new Checked(List.of(), notes, invalid(errors, notes));
    return new Checked(m.releases(), notes, null);
  }

  /**
   * One problem per release that lies on a dependsOn cycle among the given releases (a release not
   * given is taken to depend on nothing: the files are all verify knows).
   */
  private static List<String> cycles(List<ServiceRelease> releases) {
    Map<String, ServiceRelease> byId =
        releases.stream()
            .filter(sr -> sr.getMetadata().getName() != null)
            .collect(Collectors.toMap(Tags::owner, sr -> sr, (a, b) -> a));
    List<String> errors = new ArrayList<>();
    for (ServiceRelease sr : byId.values()) {
      String namespace = sr.getMetadata().getNamespace();
      Function<String, List<String>> dependsOn =
          name -> {
            ServiceRelease other = byId.get(namespace + "/" + name);
            return other == null || other.getSpec() == null || other.getSpec().dependsOn == null
                ? List.of()
                : other.getSpec().dependsOn.stream()
                    .map(d -> d.name)
                    .filter(n -> n != null)
                    .toList();
          };
      DependencyCycles.through(sr.getMetadata().getName(), dependsOn)
          .ifPresent(c -> errors.add(Tags.owner(sr) + ": spec." + DependencyCycles.problem(c)));
    }
    return errors;
  }

  private static VerbResult invalid(List<String> errors, String notes) {
    StringBuilder err = new StringBuilder(notes);
    errors.forEach(e -> err.append("invalid: ").append(e).append('\n'));
    return new VerbResult("", err.toString(), VerbResult.INVALID);
  }
}
