package dev.slipway.stateful;

/** The properties the stateful tests check after every step, numbered as in the issue. */
enum Invariant {
  LIVE_DATA_KEPT("SE-1", "no table or key of a live, admitted environment is ever lost"),
  DELETED_LEAVES_NOTHING("SE-2", "a deleted (or expired) environment leaves nothing it owned"),
  NO_ORPHANS("SE-3", "no resource is owned by nobody"),
  NAMED_PHASE("SE-4", "every environment has a named phase and reason, not an exception text"),
  DELETION_FINISHES(
      "SE-5", "every deletion finishes, or shows Deleting/TeardownBlocked until its cause is gone"),
  INVALID_SOURCE_WRITES_NOTHING(
      "SE-6", "an invalid shared environment is not Ready; its branch environments write nothing"),
  DESTROYS_ONLY_OWN(
      "SE-7",
      "a deletion (AWS resource, SQL schema) targets only what the deleter or a child made"),
  FOREIGN_UNTOUCHED("SR-1", "nothing Slipway did not create is deleted, deregistered or changed"),
  RETAIN_KEEPS("SR-2", "deletionPolicy Retain leaves the service and its revisions"),
  DELETE_REMOVES_OWN("SR-3", "deletionPolicy Delete removes exactly what that release created"),
  RELEASE_NAMED_PHASE("SR-4", "every release has a named phase and reason, not an exception text"),
  RELEASE_DELETION_FINISHES("SR-5", "every release deletion finishes"),
  SETTLES("settle", "the operator comes to rest (bounded passes and simulated time)"),
  HARNESS("harness", "the test could carry out every step");

  final String id;
  final String description;

  Invariant(String id, String description) {
    this.id = id;
    this.description = description;
  }

  @Override
  public String toString() {
    return id + " (" + description + ")";
  }
}
