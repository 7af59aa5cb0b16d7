package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Which AWS account and Region a resource lives in, and the role to assume there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsSpec {
  /** An account id: twelve digits. */
  public static final String ACCOUNT_ID = "^[0-9]{12}$";

  /** An IAM role ARN, the grammar every roleArn field of the API uses. */
  public static final String ROLE_ARN =
      "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$";

  @JsonPropertyDescription(
      "AWS Region of the resources, e.g. ap-northeast-1. Immutable on a ServiceRelease.")
  @Required
  @Pattern("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$")
  public String region;

  /** The account Slipway must be talking to; writes are refused when STS says otherwise. */
  @JsonPropertyDescription(
      "The 12-digit AWS account the resources must live in. Before writing, Slipway asks STS "
          + "(GetCallerIdentity) which account its credentials reach and refuses every write when "
          + "it is another one (reason WrongAccount), so a staging manifest can never change "
          + "production. Immutable on a ServiceRelease.")
  @Required
  @Pattern(ACCOUNT_ID)
  public String accountId;

  @JsonPropertyDescription(
      "IAM role Slipway assumes (STS AssumeRole) for every call to this account, e.g. "
          + "arn:aws:iam::123456789012:role/slipway. It must be in accountId. Unset: the "
          + "operator's own credentials are used.")
  @Pattern(ROLE_ARN)
  public String roleArn;
}
