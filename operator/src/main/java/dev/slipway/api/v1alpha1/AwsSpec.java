package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Which AWS account and Region a resource lives in, and the role to assume there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsSpec {
  @Required
  @Pattern("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$")
  public String region;

  /** The account Slipway must be talking to; writes are refused when STS says otherwise. */
  @Required
  @Pattern("^[0-9]{12}$")
  public String accountId;

  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$")
  public String roleArn;
}
