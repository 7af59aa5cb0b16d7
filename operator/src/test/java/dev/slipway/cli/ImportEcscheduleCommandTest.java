package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code slipway import ecschedule}: manifests on stdout or in DIR, the not-imported list on
 * stderr, and exit 2 with a reason for a file that cannot be imported.
 */
class ImportEcscheduleCommandTest {
  @TempDir Path tmp;

  /** What one run printed and returned. */
  private record Run(int exit, String out, String err) {}

  private Run run(Map<String, String> env, String... args) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            K made = CommandLine.defaultFactory().create(type);
            if (made instanceof ImportEcscheduleCommand c) c.env = env;
            return made;
          }
        };
    CommandLine cli = new CommandLine(new Slipway(), factory);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path sample() throws IOException {
    Path file = tmp.resolve("ecschedule.yaml");
    try (InputStream in = getClass().getResourceAsStream("/ecschedule/sample.yaml")) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @Test
  void printsOneDocumentPerRuleAndListsWhatWasNotImportedOnStderr() throws IOException {
    Run run =
        run(
            Map.of("REPORT_BUCKET", "b"),
            "import",
            "ecschedule",
            sample().toString(),
            "--namespace",
            "batch",
            "--release-ref-map",
            "search-indexer=search");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().split("(?m)^---$")).hasSize(5);
    assertThat(run.out()).contains("kind: ScheduledTask").contains("name: reindex-2");
    assertThat(run.err())
        .contains("rule Reindex -> ScheduledTask reindex-2:")
        .contains("  not imported: taskCount: 3;")
        .contains("  not imported: group: nightly;")
        .contains("not imported: trackingId: batch-jobs;")
        .contains("check: eventBridge.roleArn")
        .contains("scheduler.amazonaws.com");
  }

  @Test
  void writesOneFilePerRuleIntoTheDirectory() throws IOException {
    Path dir = tmp.resolve("out");
    Run run =
        run(
            Map.of("REPORT_BUCKET", "b"),
            "import",
            "ecschedule",
            sample().toString(),
            "-o",
            dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "nightly-report.yaml",
              "sync-inventory.yaml",
              "legacy-cleanup.yaml",
              "reindex.yaml",
              "reindex-2.yaml");
    }
    assertThat(Files.readString(dir.resolve("reindex-2.yaml")))
        .startsWith("# Imported by slipway import ecschedule from rule Reindex");
    assertThat(run.err()).contains("wrote " + dir.resolve("reindex.yaml"));
  }

  @Test
  void aMissingMustEnvVariableFailsWithExit2() throws IOException {
    Run run = run(Map.of(), "import", "ecschedule", sample().toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("environment variable REPORT_BUCKET is not defined")
        .contains("must_env");
  }

  @Test
  void aBadFileFailsWithExit2AndSaysWhy() throws IOException {
    Path notYaml = Files.writeString(tmp.resolve("bad.yaml"), "rules: [\n  - name: a\n");
    Run bad = run(Map.of(), "import", "ecschedule", notYaml.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("bad.yaml: not valid YAML");

    Run missing = run(Map.of(), "import", "ecschedule", tmp.resolve("nope.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read").contains("nope.yaml");

    Path jsonnet = Files.writeString(tmp.resolve("c.jsonnet"), "{}");
    Run j = run(Map.of(), "import", "ecschedule", jsonnet.toString());
    assertThat(j.exit()).isEqualTo(2);
    assertThat(j.err()).contains("is Jsonnet; evaluate it first");

    Path noAccount =
        Files.writeString(
            tmp.resolve("c.yaml"),
            "region: us-east-1\ncluster: c\nrules:\n- name: a\n  scheduleExpression: rate(1 day)\n"
                + "  taskDefinition: t\n");
    Run n = run(Map.of(), "import", "ecschedule", noAccount.toString());
    assertThat(n.exit()).isEqualTo(2);
    assertThat(n.err()).contains("cannot tell the AWS account").contains("--account-id");
    assertThat(run(Map.of(), "import", "ecschedule", noAccount.toString(), "--account-id", "12"))
        .satisfies(r -> assertThat(r.err()).contains("--account-id 12 is not 12 digits"));
  }
}
