package dev.slipway.cli.kubectl;

import dev.slipway.release.ReleaseAnnotations;
import picocli.CommandLine.Command;

/** {@code kubectl slipway abort NAME}: stops a rollout in progress, back to the old revision. */
@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description =
        "Stop a rollout and put the previous revision back: sets "
            + ReleaseAnnotations.ABORT_ANNOTATION
            + " on the ServiceRelease. Refused (exit 1) unless its phase is Progressing,"
            + " AwaitingPromotion or Baking, or with --force.")
public final class AbortCommand extends AnnotationVerb {
  @Override
  AnnotationAction action() {
    return AnnotationAction.ABORT;
  }
}
