package dev.slipway.stateful;

/** The two SQL engines branch environments get a schema on, as spelled in manifests. */
enum Engine {
  MYSQL("mysql"),
  POSTGRESQL("postgresql");

  final String manifest;

  Engine(String manifest) {
    this.manifest = manifest;
  }

  /** The identifier limit of the engine (MySQL 64, PostgreSQL 63). */
  int maxIdentifier() {
    return this == MYSQL ? 64 : 63;
  }
}
