package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway verify FILE}: checks that everything the manifest references exists in AWS. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Check account, cluster, target groups, roles, secrets, images and log groups the manifest"
            + " references. Exit 0 ok, 1 problems, 2 invalid manifest, 3 could not check.")
public final class VerifyCommand extends VerbCommand {
  @Override
  String verb() {
    return "verify";
  }
}
