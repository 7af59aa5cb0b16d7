package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateRequest;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateResponse;

/**
 * The simulated CloudWatch alarms API (DescribeAlarms, SetAlarmState) for one account and Region.
 */
public final class CloudWatchSimulator implements CloudWatchClient {
  private final CallGate gate;
  private final RegionState rs;

  CloudWatchSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.MONITORING, operation, body);
  }

  @Override
  public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest r) {
    return call(
        "DescribeAlarms",
        () -> {
          if (r.hasAlarmNames() && r.alarmNames().size() > 100) {
            throw invalid("The collection AlarmNames must not have a size greater than 100.");
          }
          List<MetricAlarm> all =
              rs.alarms.alarms.values().stream()
                  .filter(
                      a ->
                          !r.hasAlarmNames()
                              || r.alarmNames().isEmpty()
                              || r.alarmNames().contains(a.name))
                  .filter(
                      a -> r.alarmNamePrefix() == null || a.name.startsWith(r.alarmNamePrefix()))
                  .filter(a -> r.stateValue() == null || a.state.equals(r.stateValueAsString()))
                  .map(CloudWatchSimulator::view)
                  .toList();
          var page =
              Pagination.page(
                  all, r.nextToken(), r.maxRecords(), 50, 100, CloudWatchSimulator::invalid);
          return DescribeAlarmsResponse.builder()
              .metricAlarms(page.items())
              .nextToken(page.nextToken())
              .build();
        });
  }

  @Override
  public SetAlarmStateResponse setAlarmState(SetAlarmStateRequest r) {
    return call(
        "SetAlarmState",
        () -> {
          if (rs.alarms.get(r.alarmName()) == null) {
            throw AwsErrors.build(
                ResourceNotFoundException.builder(),
                AwsErrors.MONITORING,
                "ResourceNotFound",
                "Alarm " + r.alarmName() + " not found",
                404);
          }
          rs.alarms.set(rs, r.alarmName(), r.stateValueAsString(), r.stateReason());
          return SetAlarmStateResponse.builder().build();
        });
  }

  private static MetricAlarm view(AlarmStore.Alarm a) {
    return MetricAlarm.builder()
        .alarmName(a.name)
        .alarmArn(a.arn)
        .stateValue(a.state)
        .stateReason(a.reason)
        .stateUpdatedTimestamp(a.updatedAt)
        .actionsEnabled(true)
        .build();
  }

  private static RuntimeException invalid(String message) {
    return AwsErrors.build(
        software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException.builder(),
        AwsErrors.MONITORING,
        "InvalidParameterValue",
        message,
        400);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // A view on simulator state holds nothing to release.
  }
}
