package dev.slipway.sandbox.sim;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The simulated Secrets Manager API: DescribeSecret only (metadata; there are no values). A secret
 * seeded as unreadable answers AccessDeniedException, as a resource policy denying the caller
 * would.
 */
final class SecretsSimulator implements SecretsManagerClient {
  private final CallGate gate;
  private final RegionState rs;

  SecretsSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  @Override
  public DescribeSecretResponse describeSecret(DescribeSecretRequest r) {
    return gate.call(
        rs,
        AwsErrors.SECRETS,
        "DescribeSecret",
        () -> {
          String arn = r.secretId();
          Boolean readable = rs.references.secrets.get(arn);
          if (readable == null) {
            throw AwsErrors.client(
                ResourceNotFoundException.builder(),
                AwsErrors.SECRETS,
                "Secrets Manager can't find the specified secret.");
          }
          if (!readable) {
            throw (SecretsManagerException)
                AwsErrors.build(
                    SecretsManagerException.builder(),
                    AwsErrors.SECRETS,
                    "AccessDeniedException",
                    "User is not authorized to perform: secretsmanager:DescribeSecret on resource: "
                        + arn,
                    400);
          }
          String name = arn.substring(arn.indexOf(":secret:") + ":secret:".length());
          return DescribeSecretResponse.builder().arn(arn).name(name).build();
        });
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
