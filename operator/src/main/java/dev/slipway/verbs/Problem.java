package dev.slipway.verbs;

/** One thing the manifest references that is missing or unusable: which field, what, and why. */
public record Problem(String field, String what, String why) {
  /** One line for a CI log; secret values are never part of it (they are never read). */
  public String line(String resource) {
    return "PROBLEM " + resource + " " + field + ": " + what + " (" + why + ")";
  }
}
