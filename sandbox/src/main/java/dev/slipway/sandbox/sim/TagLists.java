package dev.slipway.sandbox.sim;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Tag-list edits shared by the ECS and ELBv2 models (whose Tag types differ). */
final class TagLists {
  private TagLists() {}

  /** Adds tags, replacing any existing tag with the same key. */
  static <T> void put(List<T> tags, Collection<T> added, Function<T, String> key) {
    for (T tag : added) {
      tags.removeIf(t -> key.apply(t).equals(key.apply(tag)));
      tags.add(tag);
    }
  }

  static <T> void remove(List<T> tags, Collection<String> keys, Function<T, String> key) {
    tags.removeIf(t -> keys.contains(key.apply(t)));
  }
}
