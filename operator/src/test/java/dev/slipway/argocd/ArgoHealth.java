package dev.slipway.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the Argo CD health scripts of examples/argocd/health with the real lua5.1 interpreter. */
final class ArgoHealth {
  static final Path LUA = Path.of("/usr/bin/lua5.1");
  static final Path HEALTH = Path.of("../examples/argocd/health");
  static final Path SERVICE_RELEASE = HEALTH.resolve("servicerelease.lua");
  static final Path STAGING_ENVIRONMENT = HEALTH.resolve("stagingenvironment.lua");
  static final Path SCHEDULED_TASK = HEALTH.resolve("scheduledtask.lua");

  /** Every script, by the kind Argo CD runs it for. */
  static final Map<String, Path> SCRIPTS =
      Map.of(
          "ServiceRelease", SERVICE_RELEASE,
          "StagingEnvironment", STAGING_ENVIRONMENT,
          "ScheduledTask", SCHEDULED_TASK);

  private static Path harness;

  /** What a health script returned: Argo CD's status and the message it shows. */
  record Health(String status, String message) {}

  private ArgoHealth() {}

  /** The script Argo CD would pick for the object's kind. */
  static Path scriptFor(JsonNode obj) {
    String kind = obj.path("kind").asText();
    Path script = SCRIPTS.get(kind);
    if (script == null) throw new IllegalArgumentException("no health script for kind " + kind);
    return script;
  }

  static Health evaluate(JsonNode obj) {
    return evaluate(scriptFor(obj), obj);
  }

  /** Runs {@code script} with {@code obj} as its global; fails on any Lua error. */
  static Health evaluate(Path script, JsonNode obj) {
    try {
      Path input = Files.createTempFile("argocd-obj", ".lua");
      try {
        Files.writeString(input, LuaLiteral.of(obj), StandardCharsets.UTF_8);
        Process lua =
            new ProcessBuilder(LUA.toString(), harness().toString(), script.toString())
                .redirectInput(input.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!lua.waitFor(10, TimeUnit.SECONDS)) {
          lua.destroyForcibly();
          throw new IllegalStateException("lua5.1 did not finish");
        }
        if (lua.exitValue() != 0)
          throw new IllegalStateException("lua5.1 exited " + lua.exitValue() + ": " + output);
        int newline = output.indexOf('\n');
        String message = output.substring(newline + 1);
        if (message.endsWith("\n")) message = message.substring(0, message.length() - 1);
        return new Health(output.substring(0, newline), message);
      } finally {
        Files.deleteIfExists(input);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a bare Lua chunk that reads the global obj and prints; for testing the converter. */
  static String print(String chunk, JsonNode obj) {
    try {
      Path file = Files.createTempFile("argocd-chunk", ".lua");
      try {
        Files.writeString(
            file, "obj = " + LuaLiteral.of(obj) + "\n" + chunk + "\n", StandardCharsets.UTF_8);
        Process lua =
            new ProcessBuilder(LUA.toString(), file.toString()).redirectErrorStream(true).start();
        byte[] output = lua.getInputStream().readAllBytes();
        lua.waitFor(10, TimeUnit.SECONDS);
        return new String(output, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The harness as a file lua5.1 can open: copied out once, because the sandbox module's tests load
   * it from this module's test jar, where it is no file.
   */
  private static synchronized Path harness() throws IOException {
    if (harness == null) {
      Path file = Files.createTempFile("argocd-harness", ".lua");
      file.toFile().deleteOnExit();
      try (InputStream in = ArgoHealth.class.getResourceAsStream("/argocd/harness.lua")) {
        Files.write(file, in.readAllBytes());
      }
      harness = file;
    }
    return harness;
  }
}
