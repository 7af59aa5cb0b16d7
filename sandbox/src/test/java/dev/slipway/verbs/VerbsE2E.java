package dev.slipway.verbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.e2e.Jars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars: a sandbox process, and the production jar's CI verbs run against it with
 * --sandbox (the wire format is the production code's on both sides).
 */
class VerbsE2E {
  private static final Pattern URL = Pattern.compile("embedded Kubernetes API at (http://\\S+),");

  @TempDir Path tmp;

  /** What a CLI run printed and how it exited. */
  record Run(int exit, String stdout, String stderr) {}

  @Test
  void verifyAndDiffAgainstTheSandbox() throws Exception {
    Path full = Jars.ROOT.resolve("examples/servicerelease-full.yaml").toAbsolutePath();
    Path out = tmp.resolve("out.txt");
    Process sandbox =
        Jars.sandbox(
                "sandbox",
                "--apply",
                full.toString(),
                "--time-scale",
                "120",
                "--kubeconfig-out",
                tmp.resolve("kc").toString())
            .redirectOutput(out.toFile())
            .redirectError(tmp.resolve("err.txt").toFile())
            .start();
    try {
      String url = await().atMost(Duration.ofSeconds(30)).until(() -> url(out), u -> u != null);

      Run verify = cli("verify", full.toString(), "--sandbox", url);
      assertThat(verify.exit()).as(verify.stdout() + verify.stderr()).isZero();
      assertThat(verify.stdout()).contains("default/bookmark-web: ok");

      // Once the operator has deployed the example, the file itself has nothing left to change.
      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> cli("diff", full.toString(), "--sandbox", url).exit() == 0);

      Path changed = tmp.resolve("changed.yaml");
      Files.writeString(
          changed, Files.readString(full).replace("bookmark:3f2a9c1", "bookmark:5d6e7f8"));
      Run diff = cli("diff", changed.toString(), "--sandbox", url);
      assertThat(diff.exit()).as(diff.stdout() + diff.stderr()).isEqualTo(1);
      assertThat(diff.stdout())
          .contains("+   containerDefinitions[app].image: ")
          .contains(":5d6e7f8");
    } finally {
      sandbox.destroy();
      sandbox.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String url(Path out) throws java.io.IOException {
    if (!Files.exists(out)) return null;
    Matcher m = URL.matcher(Files.readString(out));
    return m.find() ? m.group(1) : null;
  }

  private Run cli(String... args) throws Exception {
    Process p = Jars.operator(args).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
