package dev.slipway.cli;

import dev.slipway.aws.SdkAwsClientFactory;
import dev.slipway.verbs.VerbResult;
import dev.slipway.verbs.Verbs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the CI verbs share: the manifest file, and where to run (real AWS with the default
 * credentials, or a sandbox's simulator with {@code --sandbox URL}). The exit code is the verb's.
 */
abstract class VerbCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Manifest (multi-document YAML).")
  Path file;

  @Option(
      names = "--sandbox",
      paramLabel = "URL",
      description = "Run against a running sandbox's simulated AWS (the API URL it prints).")
  String sandbox;

  abstract String verb();

  String format() {
    return "json";
  }

  @Override
  public Integer call() {
    String manifest;
    try {
      manifest = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("cannot read " + file + ": " + e.getMessage());
      return VerbResult.INVALID;
    }
    VerbResult result;
    try {
      result =
          sandbox != null ? Verbs.remote(sandbox, verb(), manifest, format()) : local(manifest);
    } catch (IOException e) {
      System.err.println("cannot reach the sandbox at " + sandbox + ": " + e.getMessage());
      return VerbResult.AWS_ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return VerbResult.AWS_ERROR;
    }
    System.out.print(result.stdout());
    System.err.print(result.stderr());
    System.out.flush();
    return result.exitCode();
  }

  private VerbResult local(String manifest) {
    if (verb().equals("render")) return Verbs.run("render", manifest, format(), null, null);
    try (SdkAwsClientFactory aws = new SdkAwsClientFactory()) {
      return Verbs.run(verb(), manifest, format(), aws, Verbs.calls());
    }
  }
}
