package dev.slipway.cli.kubectl;

import dev.slipway.release.ReleaseAnnotations;
import picocli.CommandLine.Command;

/** {@code kubectl slipway promote NAME}: lets a rollout that awaits promotion go on. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description =
        "Let a rollout awaiting promotion go on: sets "
            + ReleaseAnnotations.PROMOTE_ANNOTATION
            + " on the ServiceRelease. Refused (exit 1) unless its phase is AwaitingPromotion,"
            + " or with --force.")
public final class PromoteCommand extends AnnotationVerb {
  @Override
  AnnotationAction action() {
    return AnnotationAction.PROMOTE;
  }
}
