package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The packaged production jar, as the image ships it: no harness inside, no sandbox command. */
class ShippedJarE2E {
  static final Path JAR =
      Path.of(System.getProperty("slipway.jar", "target/slipway.jar")).toAbsolutePath();

  @Test
  void theJarHoldsNoHarnessClass() throws IOException {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      List<String> entries =
          Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
      assertThat(entries).contains("dev/slipway/Slipway.class");
      for (String pkg : ProductionBoundaryTest.HARNESS) {
        String prefix = pkg.replace('.', '/') + "/";
        assertThat(entries).as(JAR + " holds " + pkg).noneMatch(e -> e.startsWith(prefix));
      }
    }
  }

  @Test
  void offersOnlyTheProductionCommands() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--help")
            .redirectErrorStream(true)
            .start();
    String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(help).isZero();
    assertThat(help.lines().map(String::strip))
        .anyMatch(l -> l.startsWith("run "))
        .anyMatch(l -> l.startsWith("verify "))
        .noneMatch(l -> l.startsWith("sandbox "))
        .noneMatch(l -> l.startsWith("bench "));
  }
}
