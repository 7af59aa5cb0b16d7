package dev.slipway.sandbox.sim;

import java.util.List;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * The simulated SSM Parameter Store API: DescribeParameters with a {@code Name Equals} filter
 * (metadata only; there are no values). An unreadable parameter answers AccessDeniedException.
 */
final class SsmSimulator implements SsmClient {
  private final CallGate gate;
  private final RegionState rs;

  SsmSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  @Override
  public DescribeParametersResponse describeParameters(DescribeParametersRequest r) {
    return gate.call(
        rs,
        AwsErrors.SSM,
        "DescribeParameters",
        () -> {
          List<String> names =
              r.parameterFilters().stream()
                  .filter(f -> "Name".equals(f.key()))
                  .map(ParameterStringFilter::values)
                  .flatMap(List::stream)
                  .toList();
          List<ParameterMetadata> found =
              names.stream()
                  .filter(rs.references.parameters::containsKey)
                  .map(this::metadata)
                  .toList();
          return DescribeParametersResponse.builder().parameters(found).build();
        });
  }

  private ParameterMetadata metadata(String name) {
    if (!rs.references.parameters.get(name)) {
      throw (SsmException)
          AwsErrors.build(
              SsmException.builder(),
              AwsErrors.SSM,
              "AccessDeniedException",
              "User is not authorized to access parameter " + name,
              400);
    }
    return ParameterMetadata.builder()
        .name(name)
        .type("SecureString")
        .arn("arn:aws:ssm:" + rs.region + ":" + rs.account + ":parameter" + name)
        .build();
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
