package dev.slipway.sandbox.sim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The simulated IAM API: GetRole with the trust policy, URL-encoded as IAM returns it. IAM is
 * global, so its state lives in the account's "global" region state.
 */
final class IamSimulator implements IamClient {
  static final String GLOBAL = "aws-global";
  private final CallGate gate;
  private final RegionState rs;

  IamSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  @Override
  public GetRoleResponse getRole(GetRoleRequest r) {
    return gate.call(
        rs,
        AwsErrors.IAM,
        "GetRole",
        () -> {
          ReferenceModel.Role role = rs.references.roles.get(r.roleName());
          if (role == null) {
            throw AwsErrors.client(
                NoSuchEntityException.builder(),
                AwsErrors.IAM,
                "The role with name " + r.roleName() + " cannot be found.");
          }
          return GetRoleResponse.builder()
              .role(
                  Role.builder()
                      .roleName(r.roleName())
                      .arn(role.arn())
                      .path("/")
                      .assumeRolePolicyDocument(
                          URLEncoder.encode(trustPolicy(role), StandardCharsets.UTF_8))
                      .build())
              .build();
        });
  }

  static String trustPolicy(ReferenceModel.Role role) {
    String statements =
        role.trustedServices().stream()
            .map(
                s ->
                    "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                        + s
                        + "\"},\"Action\":\"sts:AssumeRole\"}")
            .collect(Collectors.joining(","));
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // Views on simulator state hold nothing to release.
  }
}
