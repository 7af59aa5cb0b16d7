package dev.slipway.verbs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example manifests as text for the verbs' tests to edit. */
public final class ExampleManifests {
  public static final Path FULL = examples().resolve("servicerelease-full.yaml");

  private ExampleManifests() {}

  public static String full() {
    return read(FULL);
  }

  public static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The repository's examples/ folder, whether tests run from the root or from a module. */
  public static Path examples() {
    Path here = Path.of("examples");
    return Files.isDirectory(here) ? here : Path.of("..", "examples");
  }
}
