package dev.slipway.cli.kubectl;

import dev.slipway.release.ServiceReleaseReconciler;
import picocli.CommandLine.Command;

/** {@code kubectl slipway retry NAME}: releases a failed or rolled-back spec once more. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description =
        "Release a failed or rolled-back spec once more: sets "
            + ServiceReleaseReconciler.RETRY_ANNOTATION
            + " on the ServiceRelease. Refused (exit 1) unless its phase is Failed or RolledBack,"
            + " or with --force.")
public final class RetryCommand extends AnnotationVerb {
  @Override
  AnnotationAction action() {
    return AnnotationAction.RETRY;
  }
}
