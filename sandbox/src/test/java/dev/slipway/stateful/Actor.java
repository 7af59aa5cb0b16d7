package dev.slipway.stateful;

/** The object whose pass is running (kind, name, uid): what AWS effects are attributed to. */
record Actor(String kind, String name, String uid) {
  @Override
  public String toString() {
    return kind + " " + name;
  }
}
