package dev.slipway.cli.kubectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl slipway status NAME}: a ServiceRelease's, StagingEnvironment's or ScheduledTask's
 * status in a few lines with its latest Events, or its status alone as JSON or YAML for scripts.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Summarise a ServiceRelease (NAME, sr/NAME): phase and reason, images, revision, the ECS"
            + " deployment; a StagingEnvironment (stage/NAME): branch, URL, datastores, services;"
            + " or a ScheduledTask (st/NAME): schedule, next run, last result, counts, latest runs"
            + " with exit codes. Then other status fields and the latest Events.")
public final class StatusCommand extends KubectlVerb {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "NAME, sr/NAME, stage/NAME or st/NAME.")
  String name;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description =
          "sr (ServiceRelease, the default), stage (StagingEnvironment) or st (ScheduledTask).")
  String kind;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json or yaml: print the object's status only, for scripts.")
  String output;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many of the latest Events to show (default: ${DEFAULT-VALUE}; 0: none).")
  int events;

  /** The clock Event ages are counted on; tests fix it. */
  Clock clock = Clock.systemUTC();

  @Override
  ObjectRef target() {
    if (output != null && !output.equals("json") && !output.equals("yaml")) {
      throw new IllegalArgumentException("-o must be json or yaml, not \"" + output + "\"");
    }
    return ObjectRef.parse(name, kind);
  }

  @Override
  int run(ObjectRef ref, Cluster cluster) {
    KubeObjects objects = new KubeObjects(cluster);
    ObjectNode object = objects.get(ref);
    if (output != null) {
      out().print(format(object.path("status"), output));
    } else {
      String uid = object.at("/metadata/uid").asText(null);
      List<EventLine> lines = events > 0 ? objects.events(ref, uid) : List.of();
      out().print(StatusReport.render(ref.kind(), object, lines, events, clock.instant()));
    }
    out().flush();
    return 0;
  }

  /** The status as JSON or YAML; an object that has none yet prints as an empty object. */
  static String format(JsonNode status, String format) {
    JsonNode value = status.isObject() ? status : JSON.createObjectNode();
    try {
      return "yaml".equals(format)
          ? StatusReport.YAML.writeValueAsString(value)
          : JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status of a parsed object is always writable", e);
    }
  }
}
