package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A one-off task (e.g. a migration) that must exit 0 before the service is updated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreDeployTaskSpec {
  @JsonPropertyDescription(
      "Name of the step, e.g. migrate; lower-case letters, digits and '-', at most 32. Unique "
          + "within preDeploy.")
  @Required
  @Pattern("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$")
  public String name;

  /** The container of the task definition whose command is overridden. */
  @JsonPropertyDescription(
      "The container of the task definition whose command is replaced; the task runs with the new "
          + "revision and the service's network settings.")
  @Required
  @Size(max = 255)
  public String container;

  @JsonPropertyDescription(
      "Command to run, e.g. [bin/rails, db:migrate]. The step succeeds when every essential "
          + "container exits 0.")
  @Required
  @Size(min = 1, max = 100)
  public List<String> command;

  @JsonPropertyDescription(
      "Seconds the task may run, 10 to 86400. Default 900; when they pass Slipway stops the task "
          + "and the release fails.")
  @Min(10)
  @Max(86400)
  public Integer timeoutSeconds = 900;
}
