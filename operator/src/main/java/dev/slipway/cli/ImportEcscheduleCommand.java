package dev.slipway.cli;

import dev.slipway.ecschedule.EcscheduleImport;
import dev.slipway.ecschedule.ImportException;
import dev.slipway.ecschedule.ImportOptions;
import dev.slipway.ecschedule.ImportResult;
import dev.slipway.ecschedule.ImportedManifests;
import dev.slipway.ecschedule.ImportedTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway import ecschedule FILE}: an ecschedule config's rules as ScheduledTasks, with
 * everything that did not carry over listed on stderr and atop each affected document.
 */
@Command(
    name = "ecschedule",
    mixinStandardHelpOptions = true,
    description = {
      "Turn an ecschedule config (github.com/Songmu/ecschedule, YAML or JSON) into one"
          + " ScheduledTask per rule, printed as YAML documents or written to DIR/NAME.yaml."
          + " {{ env }} and {{ must_env }} are read from the environment as ecschedule does.",
      "Settings a ScheduledTask cannot express, and assumptions to check, are listed on stderr"
          + " and in a comment atop each document; nothing is dropped silently.",
      "Exit 0 written, 2 the file cannot be imported (the message says why), 1 DIR cannot be"
          + " written."
    })
public final class ImportEcscheduleCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int WRITE_FAILED = 1;
  static final int INVALID = 2;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "ecschedule config (YAML or JSON).")
  Path file;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "metadata.namespace of the manifests (default: none, kubectl's).")
  String namespace;

  @Option(
      names = "--release-ref-map",
      paramLabel = "FAMILY=RELEASE",
      description =
          "The ServiceRelease that runs a task definition family (repeatable). Unmapped families"
              + " refer to a ServiceRelease named like the family, listed as an assumption.")
  Map<String, String> releaseRefs = new LinkedHashMap<>();

  @Option(
      names = "--account-id",
      paramLabel = "ACCOUNT",
      description =
          "AWS account of the schedules; needed when no ARN in the config (role, cluster,"
              + " taskDefinition, dead letter queue) names it.")
  String accountId;

  @Option(
      names = {"-o", "--output-dir"},
      paramLabel = "DIR",
      description = "Write one file per rule, DIR/NAME.yaml, instead of printing to stdout.")
  Path outputDir;

  /** The environment {{ env }} and {{ must_env }} read; tests replace it. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (file.getFileName().toString().endsWith(".jsonnet")) {
      err.println(
          "slipway import ecschedule: "
              + file
              + " is Jsonnet; evaluate it first (jsonnet "
              + file
              + " > ecschedule.json) and import the JSON");
      return INVALID;
    }
    ImportResult result;
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      result =
          EcscheduleImport.read(text, new ImportOptions(namespace, releaseRefs, accountId, env));
    } catch (IOException e) {
      err.println("slipway import ecschedule: cannot read " + file + ": " + e.getMessage());
      return INVALID;
    } catch (ImportException e) {
      err.println("slipway import ecschedule: " + file + ": " + e.getMessage());
      return INVALID;
    }
    report(result, err);
    List<ImportedManifests.Document> documents =
        ImportedManifests.render(result, file.getFileName().toString());
    if (outputDir == null) {
      out.print(ImportedManifests.stream(documents));
      out.flush();
      return OK;
    }
    return write(documents, err);
  }

  /** Everything not imported and every assumption, per rule, then what holds for all. */
  private static void report(ImportResult result, PrintWriter err) {
    for (ImportedTask task : result.tasks()) {
      if (task.unmapped().isEmpty() && task.notes().isEmpty()) continue;
      err.println("rule " + task.rule() + " -> ScheduledTask " + task.name() + ":");
      task.unmapped().forEach(u -> err.println("  not imported: " + u));
      task.notes().forEach(n -> err.println("  check: " + n));
    }
    result.unmapped().forEach(u -> err.println("not imported: " + u));
    result.notes().forEach(n -> err.println("check: " + n));
    err.flush();
  }

  private int write(List<ImportedManifests.Document> documents, PrintWriter err) {
    try {
      Files.createDirectories(outputDir);
      for (ImportedManifests.Document d : documents) {
        Path target = outputDir.resolve(d.name() + ".yaml");
        Files.writeString(target, d.text(), StandardCharsets.UTF_8);
        err.println("wrote " + target);
      }
      err.flush();
      return OK;
    } catch (IOException e) {
      err.println("slipway import ecschedule: cannot write " + outputDir + ": " + e.getMessage());
      err.flush();
      return WRITE_FAILED;
    }
  }
}
