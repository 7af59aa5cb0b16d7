package dev.slipway.cli.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * promote, abort, retry and run: read the object, check that its phase is one the action applies in
 * (unless {@code --force}), then set the action's annotation to a new value.
 */
abstract class AnnotationVerb extends KubectlVerb {
  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description =
          "The object: NAME or KIND/NAME (sr/NAME for promote, abort and retry; st/NAME for"
              + " run).")
  String name;

  @Option(
      names = "--token",
      paramLabel = "VALUE",
      description =
          "The annotation's value (default: the current time, RFC 3339 with milliseconds). The"
              + " operator acts once per new value.")
  String token;

  @Option(
      names = "--force",
      description =
          "Set the annotation whatever the object's phase (a repeated value still is not).")
  boolean force;

  /** The clock of the default token; tests fix it. */
  Clock clock = Clock.systemUTC();

  abstract AnnotationAction action();

  /** What the person should know about what setting it will do; printed as warnings. */
  List<String> warnings(JsonNode object) {
    return List.of();
  }

  @Override
  ObjectRef target() {
    ObjectRef ref = ObjectRef.parse(name, null, action().kind());
    if (ref.kind() != action().kind()) {
      throw new IllegalArgumentException(
          spec.name()
              + " acts on "
              + action().kind().kind()
              + "s only, not on "
              + ref.kind().kind()
              + "s");
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("--token must not be empty");
    }
    return ref;
  }

  @Override
  int run(ObjectRef ref, Cluster cluster) {
    KubeObjects objects = new KubeObjects(cluster);
    JsonNode object = objects.get(ref);
    String phase = text(object.at("/status/phase"));
    String current = text(object.at("/metadata/annotations").path(action().annotation()));
    String value = token != null ? token : AnnotationAction.token(clock);
    Optional<String> refusal = action().refusal(ref, phase, current, value, force);
    if (refusal.isPresent()) throw KubectlFailure.refused(refusal.get());
    boolean applies = phase != null && action().phases().contains(phase);
    objects.annotate(ref, action().annotation(), value);
    out()
        .println(
            ref.kind().qualifiedName()
                + "/"
                + ref.name()
                + " annotated "
                + action().annotation()
                + "="
                + value
                + " (phase "
                + (phase == null ? "<none>" : phase)
                + (applies ? ")" : ", set with --force)"));
    out().flush();
    for (String warning : warnings(object)) err().println("warning: " + warning);
    err().flush();
    return 0;
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }
}
