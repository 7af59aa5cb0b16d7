package dev.slipway.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl binary against a kubeconfig, with a timeout and captured output. */
public final class Kubectl {
  static final Path BINARY = Path.of("/usr/bin/kubectl");
  private static final long TIMEOUT_SECONDS = 30;

  private final Path kubeconfig;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** What one invocation printed and returned. */
  public record Result(List<String> args, int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "kubectl "
          + String.join(" ", args)
          + " exited "
          + exitCode
          + "\nstdout:\n"
          + stdout
          + "\nstderr:\n"
          + stderr;
    }
  }

  public static void assertInstalled() {
    // CI installs kubectl; a missing binary is a broken environment, not a reason to skip.
    assertThat(Files.isExecutable(BINARY))
        .as("kubectl must be installed at %s (Debian package 'kubectl')", BINARY)
        .isTrue();
  }

  /** Runs kubectl and asserts it exited 0; the assertion message carries stdout and stderr. */
  public Result ok(String... args) {
    Result result = run(args);
    assertThat(result.exitCode()).as("%s", result).isZero();
    return result;
  }

  public Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(BINARY.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "kubectl " + String.join(" ", args) + " timed out; stderr so far:\n" + err.getNow(""));
      }
      return new Result(List.of(args), process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running kubectl", e);
    }
  }

  /** A long-running kubectl (such as {@code get -w}) whose output is read while it runs. */
  public static final class Background {
    private final Process process;
    private final StringBuffer stdout = new StringBuffer();

    private Background(Process process) {
      this.process = process;
      Thread reader = new Thread(this::pump, "kubectl-background");
      reader.setDaemon(true);
      reader.start();
    }

    public String stdout() {
      return stdout.toString();
    }

    public void stop() {
      process.destroy();
    }

    private void pump() {
      try (InputStream in = process.getInputStream()) {
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0; ) {
          stdout.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        stdout.append("<read failed: ").append(e.getMessage()).append('>');
      }
    }
  }

  public Background start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    return new Background(builder.start());
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
          }
        });
  }
}
