package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Simulated clients in front of the simulated load balancers, on the simulated clock. A source
 * sends requests to a listener every simulated second; each goes through the listener's rules in
 * priority order to a weighted-chosen target group and a healthy target there. The counts say which
 * revision served what; {@link #requestsToNothing()} counts requests that reached an empty, still
 * registering or unhealthy target group (a release that switches traffic truthfully keeps it at 0).
 * Accounts and Regions come from the listener ARN.
 */
public final class Traffic {
  private final AwsSimulator aws;

  Traffic(AwsSimulator aws) {
    this.aws = aws;
  }

  /** Starts (or replaces) the source of a listener at 100 requests per simulated second. */
  public void start(String listenerArn, List<RequestShape> shapes) {
    start(listenerArn, TrafficModel.DEFAULT_RATE, shapes);
  }

  /** Starts (or replaces) the source of a listener; shapes split the rate by their shares. */
  public void start(String listenerArn, int requestsPerSecond, List<RequestShape> shapes) {
    String[] at = accountAndRegion(listenerArn);
    aws.locked(
        at[0],
        at[1],
        rs -> {
          rs.traffic.start(listenerArn, requestsPerSecond, shapes, rs.now());
          return null;
        });
  }

  /** Stops the source of a listener; what it sent stays counted. */
  public void stop(String listenerArn) {
    String[] at = accountAndRegion(listenerArn);
    aws.locked(at[0], at[1], rs -> rs.traffic.sources.remove(listenerArn));
  }

  /** Every count so far, across accounts and Regions. */
  public List<TrafficCount> counts() {
    List<TrafficCount> out = new ArrayList<>();
    aws.acrossRegions(rs -> rs.traffic.counts()).forEach(out::addAll);
    return out;
  }

  /** Requests of one shape served per target group ARN (forwarded requests only). */
  public Map<String, Long> byTargetGroup(String listenerArn, String shape) {
    Map<String, Long> out = new TreeMap<>();
    forwarded(listenerArn, shape)
        .forEach(c -> out.merge(c.targetGroupArn(), c.requests(), Long::sum));
    return out;
  }

  /** Requests of one shape served per task definition ARN (forwarded requests only). */
  public Map<String, Long> byTaskDefinition(String listenerArn, String shape) {
    Map<String, Long> out = new TreeMap<>();
    forwarded(listenerArn, shape)
        .forEach(c -> out.merge(c.taskDefinitionArn(), c.requests(), Long::sum));
    return out;
  }

  private List<TrafficCount> forwarded(String listenerArn, String shape) {
    Predicate<TrafficCount> mine =
        c ->
            c.listenerArn().equals(listenerArn)
                && c.shape().equals(shape)
                && c.action().equals("forward");
    return counts().stream().filter(mine).toList();
  }

  /** Requests that reached an empty, still registering or unhealthy target group, or nothing. */
  public long requestsToNothing() {
    return requestsToNothingBreakdown().stream().mapToLong(LostRequests::requests).sum();
  }

  /** {@link #requestsToNothing()} by listener, shape, target group and reason. */
  public List<LostRequests> requestsToNothingBreakdown() {
    List<LostRequests> out = new ArrayList<>();
    aws.acrossRegions(rs -> rs.traffic.lost()).forEach(out::addAll);
    return out;
  }

  /**
   * How many times someone other than ECS changed the actions of a service's production or test
   * listener rule while an ECS blue/green, canary or linear deployment of it was in progress.
   */
  public long foreignActionWritesDuringDeployment() {
    return foreignActionWrites().size();
  }

  public List<ForeignActionWrite> foreignActionWrites() {
    List<ForeignActionWrite> out = new ArrayList<>();
    aws.acrossRegions(rs -> List.copyOf(rs.traffic.foreignWrites)).forEach(out::addAll);
    return out;
  }

  /** Forgets counts, lost requests and foreign writes; sources keep sending. */
  public void reset() {
    aws.acrossRegions(
        rs -> {
          rs.traffic.reset();
          return null;
        });
  }

  private static String[] accountAndRegion(String listenerArn) {
    String[] parts = listenerArn == null ? new String[0] : listenerArn.split(":");
    if (parts.length < 6 || !parts[5].startsWith("listener/")) {
      throw new IllegalArgumentException("not a listener ARN: " + listenerArn);
    }
    return new String[] {parts[4], parts[3]};
  }
}
