package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A one-off task (e.g. a migration) that must exit 0 before the service is updated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreDeployTaskSpec {
  @Required
  @Pattern("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$")
  public String name;

  /** The container of the task definition whose command is overridden. */
  @Required
  @Size(max = 255)
  public String container;

  @Required
  @Size(min = 1, max = 100)
  public List<String> command;

  @Min(10)
  @Max(86400)
  public Integer timeoutSeconds = 900;
}
