package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The production module ships no test harness: its sources name no sandbox or bench package and no
 * harness library, and none of those libraries is on its classpath. They live in sandbox/.
 */
class ProductionBoundaryTest {
  /** Packages of the sandbox module and of the libraries only the embedded API needs. */
  static final List<String> HARNESS =
      List.of(
          "dev.slipway.sandbox",
          "dev.slipway.bench",
          "io.fabric8.mockwebserver",
          "io.fabric8.kubernetes.client.server.mock",
          "dev.cel",
          "com.networknt");

  private static final Path SOURCES =
      Path.of(System.getProperty("slipway.root", "..")).resolve("operator/src/main/java");

  /** A harness package named in code: an import, a package declaration or a qualified name. */
  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\b(" + String.join("|", HARNESS.stream().map(Pattern::quote).toList()) + ")\\b");

  @Test
  void productionSourcesNameNoHarnessPackage() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = REFERENCE.matcher(lines.get(i));
          if (m.find()) found.add(SOURCES.relativize(file) + ":" + (i + 1) + " " + m.group(1));
        }
      }
    }
    assertThat(found)
        .as("production code must not use the sandbox, the bench or their libraries")
        .isEmpty();
  }

  /**
   * The test classpath holds the production runtime classpath, so a harness library missing here is
   * missing from the jar too; the operator's own tests do not need one either.
   */
  @Test
  void noHarnessLibraryOnTheClasspath() {
    List<String> found = new ArrayList<>();
    for (String entry : classpath()) {
      Path path = Path.of(entry);
      for (String pkg : HARNESS) {
        if (contains(path, pkg.replace('.', '/') + "/")) found.add(pkg + " in " + path);
      }
    }
    assertThat(found).as("harness packages on the operator's classpath").isEmpty();
  }

  @Test
  void theScanSeesTheSourcesAndTheClasspath() {
    // Guards the two scans above against passing because they looked at nothing.
    assertThat(SOURCES.resolve("dev/slipway/Slipway.java")).exists();
    assertThat(classpath()).anyMatch(e -> contains(Path.of(e), "io/fabric8/kubernetes/client/"));
  }

  /** Surefire's forked JVM reports the test classpath here (its own jar only lists it). */
  private static List<String> classpath() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(cp.split(File.pathSeparator));
  }

  /** Empty folders left by an earlier build under target/ ship nothing; files would. */
  private static boolean holdsFiles(Path dir) {
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(Files::isRegularFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }

  private static boolean contains(Path entry, String prefix) {
    if (Files.isDirectory(entry)) return holdsFiles(entry.resolve(prefix));
    if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) return false;
    try (ZipFile jar = new ZipFile(entry.toFile())) {
      return Collections.list(jar.entries()).stream().anyMatch(e -> e.getName().startsWith(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + entry, e);
    }
  }
}
