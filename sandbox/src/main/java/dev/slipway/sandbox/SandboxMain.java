package dev.slipway.sandbox;

import dev.slipway.Slipway;
import dev.slipway.sandbox.cli.BenchCommand;
import dev.slipway.sandbox.cli.SandboxCommand;

/**
 * Entry point of the sandbox jar: {@code slipway}'s production commands plus {@code sandbox} and
 * {@code bench}, which need the simulator and the embedded API the production jar leaves out.
 */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) {
    System.exit(
        Slipway.execute(
            args,
            cli -> cli.addSubcommand(new SandboxCommand()).addSubcommand(new BenchCommand())));
  }
}
