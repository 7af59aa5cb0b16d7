package dev.slipway.sandbox.sim;

import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** The simulated CloudWatch Logs API: DescribeLogGroups by name prefix. */
final class LogsSimulator implements CloudWatchLogsClient {
  private final CallGate gate;
  private final RegionState rs;

  LogsSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  @Override
  public DescribeLogGroupsResponse describeLogGroups(DescribeLogGroupsRequest r) {
    return gate.call(
        rs,
        AwsErrors.LOGS,
        "DescribeLogGroups",
        () -> {
          String prefix = r.logGroupNamePrefix() == null ? "" : r.logGroupNamePrefix();
          List<LogGroup> groups =
              rs.references.logGroups.stream()
                  .filter(name -> name.startsWith(prefix))
                  .limit(r.limit() == null ? 50 : r.limit())
                  .map(
                      name ->
                          LogGroup.builder()
                              .logGroupName(name)
                              .arn(
                                  "arn:aws:logs:"
                                      + rs.region
                                      + ":"
                                      + rs.account
                                      + ":log-group:"
                                      + name
                                      + ":*")
                              .build())
                  .toList();
          return DescribeLogGroupsResponse.builder().logGroups(groups).build();
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
