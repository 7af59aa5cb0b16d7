package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.ListenerModel;
import dev.slipway.sandbox.sim.ForwardActions.WeightedTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated clients of one account and Region's listeners. Each source sends its requests every
 * simulated second through the listener as it is at that moment; between two changes of ELB state
 * the routing is constant, so a whole interval is counted at once.
 */
final class TrafficModel {
  /** Requests per simulated second a source sends unless told otherwise. */
  static final int DEFAULT_RATE = 100;

  /** A client population sending to one listener. */
  static final class Source {
    final String listenerArn;
    final int rate;
    final List<RequestShape> shapes;
    final Instant startedAt;
    final Apportioner byShape = new Apportioner();
    final Map<String, Apportioner> byTargetGroup = new HashMap<>();
    final Map<String, Apportioner> byRevision = new HashMap<>();

    Source(String listenerArn, int rate, List<RequestShape> shapes, Instant startedAt) {
      this.listenerArn = listenerArn;
      this.rate = rate;
      this.shapes = List.copyOf(shapes);
      this.startedAt = startedAt;
    }
  }

  /** Lost requests of one (listener, shape, target group, reason), as they accumulate. */
  private static final class Lost {
    long requests;
    Instant first;
    Instant last;
  }

  final Map<String, Source> sources = new LinkedHashMap<>();
  private final Map<List<String>, Long> counts = new LinkedHashMap<>();
  private final Map<List<String>, Lost> lost = new LinkedHashMap<>();
  final List<ForeignActionWrite> foreignWrites = new ArrayList<>();
  private Instant accountedUntil;

  void start(String listenerArn, int rate, List<RequestShape> shapes, Instant now) {
    if (rate < 1) throw new IllegalArgumentException("a source sends at least 1 request/s");
    if (shapes.isEmpty()) throw new IllegalArgumentException("a source needs request shapes");
    if (shapes.stream().map(RequestShape::name).distinct().count() != shapes.size()) {
      throw new IllegalArgumentException("request shape names must be distinct");
    }
    sources.put(listenerArn, new Source(listenerArn, rate, shapes, now));
  }

  /** Counts every request sent in [accounted until, t) with the ELB state as it is now. */
  void accountUntil(Instant t, ElbModel elb) {
    if (accountedUntil == null || sources.isEmpty()) {
      accountedUntil = t;
      return;
    }
    if (!t.isAfter(accountedUntil)) return;
    for (Source s : sources.values()) {
      Instant from = s.startedAt.isAfter(accountedUntil) ? s.startedAt : accountedUntil;
      long ticks = ceilSecond(t) - ceilSecond(from);
      if (ticks > 0) send(s, ticks * s.rate, elb, from, t);
    }
    accountedUntil = t;
  }

  private void send(Source s, long requests, ElbModel elb, Instant from, Instant to) {
    Map<String, Double> shares = new LinkedHashMap<>();
    s.shapes.forEach(shape -> shares.put(shape.name(), shape.share()));
    Map<String, Long> perShape = s.byShape.split(requests, shares);
    ListenerModel l = elb.listeners.get(s.listenerArn);
    for (RequestShape shape : s.shapes) {
      long n = perShape.getOrDefault(shape.name(), 0L);
      if (n == 0) continue;
      if (l == null) {
        lose(s.listenerArn, shape.name(), null, "no-listener", n, from, to);
        continue;
      }
      TrafficRouter.Route route = TrafficRouter.route(l, shape);
      if (!route.actionType().equals("forward")) {
        count(s.listenerArn, shape.name(), route.actionType(), null, null, n);
        continue;
      }
      Map<String, Double> weights = new LinkedHashMap<>();
      for (WeightedTarget w : route.targets()) weights.put(w.targetGroupArn(), (double) w.weight());
      if (weights.values().stream().allMatch(w -> w == 0)) {
        lose(s.listenerArn, shape.name(), null, "all-weights-zero", n, from, to);
        continue;
      }
      Map<String, Long> perGroup =
          s.byTargetGroup.computeIfAbsent(shape.name(), k -> new Apportioner()).split(n, weights);
      perGroup.forEach((tg, m) -> deliver(s, shape, elb, tg, m, from, to));
    }
  }

  private void deliver(
      Source s, RequestShape shape, ElbModel elb, String tg, long n, Instant from, Instant to) {
    TrafficRouter.Delivery d = TrafficRouter.deliver(elb.targetGroup(tg));
    if (d.lostReason() != null) {
      lose(s.listenerArn, shape.name(), tg, d.lostReason(), n, from, to);
      return;
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    d.targetsByRevision().forEach((rev, targets) -> weights.put(rev, (double) targets));
    s.byRevision
        .computeIfAbsent(shape.name() + "|" + tg, k -> new Apportioner())
        .split(n, weights)
        .forEach((rev, m) -> count(s.listenerArn, shape.name(), "forward", tg, rev, m));
  }

  private void count(
      String listener, String shape, String action, String tg, String revision, long n) {
    counts.merge(listKey(listener, shape, action, tg, revision), n, Long::sum);
  }

  private void lose(
      String listener, String shape, String tg, String reason, long n, Instant from, Instant to) {
    Lost x = lost.computeIfAbsent(listKey(listener, shape, tg, reason), k -> new Lost());
    x.requests += n;
    if (x.first == null) x.first = from;
    x.last = to;
  }

  List<TrafficCount> counts() {
    List<TrafficCount> out = new ArrayList<>();
    counts.forEach(
        (k, n) -> out.add(new TrafficCount(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), n)));
    return out;
  }

  List<LostRequests> lost() {
    List<LostRequests> out = new ArrayList<>();
    lost.forEach(
        (k, x) ->
            out.add(
                new LostRequests(
                    k.get(0), k.get(1), k.get(2), k.get(3), x.requests, x.first, x.last)));
    return out;
  }

  void reset() {
    counts.clear();
    lost.clear();
    foreignWrites.clear();
  }

  private static List<String> listKey(String... parts) {
    return java.util.Arrays.asList(parts);
  }

  /** The first whole second at or after {@code t}: requests go out on whole seconds. */
  private static long ceilSecond(Instant t) {
    return t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
  }
}
