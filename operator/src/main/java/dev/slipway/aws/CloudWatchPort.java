package dev.slipway.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The CloudWatch reads Slipway needs: the state of named alarms, which an automatic promotion
 * requires to be OK. Calls go through {@link AwsCalls} under the "monitoring" bucket.
 */
public final class CloudWatchPort {
  private static final String SERVICE = "monitoring";

  /** DescribeAlarms accepts at most 100 alarm names per call. */
  private static final int NAMES_BATCH = 100;

  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public CloudWatchPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /**
   * The state (OK, ALARM, INSUFFICIENT_DATA) of each named metric or composite alarm that exists; a
   * name CloudWatch does not know is absent from the answer.
   */
  public Map<String, String> alarmStates(AwsTarget t, List<String> names) {
    CloudWatchClient cw = clients.cloudwatch(t);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i += NAMES_BATCH) {
      List<String> batch = names.subList(i, Math.min(names.size(), i + NAMES_BATCH));
      var r =
          calls.call(
              t,
              SERVICE,
              "DescribeAlarms",
              () ->
                  cw.describeAlarms(
                      b ->
                          b.alarmNames(batch)
                              .alarmTypesWithStrings("MetricAlarm", "CompositeAlarm")));
      r.metricAlarms().forEach(a -> out.put(a.alarmName(), a.stateValueAsString()));
      r.compositeAlarms().forEach(a -> out.put(a.alarmName(), a.stateValueAsString()));
    }
    return out;
  }
}
