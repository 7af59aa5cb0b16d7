package dev.slipway.verbs;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.release.SpecValidator;
import dev.slipway.release.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The first step of every verb: parse the manifest and validate each ServiceRelease with the
 * operator's own {@link SpecValidator}; any problem ends the verb with exit code 2 before AWS is
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
    if (!errors.isEmpty()) return new Checked(List.of(), notes, invalid(errors, notes));
    return new Checked(m.releases(), notes, null);
  }

  private static VerbResult invalid(List<String> errors, String notes) {
    StringBuilder err = new StringBuilder(notes);
    errors.forEach(e -> err.append("invalid: ").append(e).append('\n'));
    return new VerbResult("", err.toString(), VerbResult.INVALID);
  }
}
