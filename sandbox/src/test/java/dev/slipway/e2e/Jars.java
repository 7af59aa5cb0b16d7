package dev.slipway.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged jars the E2Es start as processes: the production jar and the sandbox jar. */
public final class Jars {
  public static final Path ROOT = Path.of(System.getProperty("slipway.root", ".."));

  /** What the image ships ({@code operator/target/slipway.jar}): run, render, diff, verify. */
  public static final Path OPERATOR =
      Path.of(System.getProperty("slipway.jar", "../operator/target/slipway.jar")).toAbsolutePath();

  /** The production commands plus {@code sandbox} and {@code bench}. */
  public static final Path SANDBOX =
      Path.of(System.getProperty("slipway.sandbox.jar", "target/slipway-sandbox.jar"))
          .toAbsolutePath();

  private Jars() {}

  public static ProcessBuilder operator(String... args) {
    return java(OPERATOR, args);
  }

  public static ProcessBuilder sandbox(String... args) {
    return java(SANDBOX, args);
  }

  /** {@code java -jar <jar> <args>} from the repository root, as a user runs it. */
  private static ProcessBuilder java(Path jar, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(ROOT.toFile());
  }
}
