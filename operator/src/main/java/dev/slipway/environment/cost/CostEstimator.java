package dev.slipway.environment.cost;

import dev.slipway.environment.cost.Fleet.Placement;
import dev.slipway.environment.cost.Fleet.Service;
import dev.slipway.environment.schedule.PowerState;
import dev.slipway.environment.schedule.Schedule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an environment's Fargate tasks cost: now (the tasks running), per month with its schedule
 * (the awake share of the next 28 days), and per month always on, all on-demand (what the schedule
 * and Spot save against). Pure: a fleet, a price table, a schedule and an instant in, figures out.
 * A service the table cannot price makes the whole estimate unknown, never a partial number.
 */
public final class CostEstimator {
  /** AWS's convention for a month of hours (365 × 24 / 12). */
  public static final double HOURS_PER_MONTH = 730;

  /** Four whole weeks, so a weekly schedule projects the same share whatever the day it starts. */
  public static final Duration HORIZON = Duration.ofDays(28);

  public static final String FARGATE = "FARGATE";
  public static final String FARGATE_SPOT = "FARGATE_SPOT";

  private CostEstimator() {}

  /**
   * The figures, rounded (money and the awake share to 4 decimals, the saving to 1); null figures
   * and a message when something cannot be priced.
   */
  public record Estimate(
      String currency,
      Double hourlyNow,
      Double monthlyProjected,
      Double monthlyAlwaysOnOnDemand,
      Double savingPercent,
      Double awakeFraction,
      String prices,
      String message) {
    public boolean known() {
      return message == null;
    }
  }

  /** {@code schedule} null means always awake. */
  public static Estimate estimate(
      PriceTable table, List<Service> fleet, Schedule schedule, Instant now) {
    double awake = awakeFraction(schedule, now, HORIZON);
    List<String> problems = new ArrayList<>();
    double hourlyNow = 0;
    double hourlyAwake = 0;
    double hourlyOnDemand = 0;
    for (Service s : fleet) {
      Optional<Priced> p = price(table, s, problems);
      if (p.isEmpty()) continue;
      hourlyNow += p.get().now();
      hourlyAwake += p.get().awake();
      hourlyOnDemand += p.get().awakeOnDemand();
    }
    if (!problems.isEmpty()) {
      return new Estimate(
          table.currency(),
          null,
          null,
          null,
          null,
          round(awake, 4),
          table.citation(),
          "cost unknown: " + String.join("; ", problems.stream().distinct().toList()));
    }
    double projected = awake * hourlyAwake * HOURS_PER_MONTH;
    double alwaysOn = hourlyOnDemand * HOURS_PER_MONTH;
    return new Estimate(
        table.currency(),
        round(hourlyNow, 4),
        round(projected, 4),
        round(alwaysOn, 4),
        alwaysOn == 0 ? null : round(100 * (1 - projected / alwaysOn), 1),
        round(awake, 4),
        table.citation(),
        null);
  }

  /** One service per hour: the tasks running now, the awake fleet, and that fleet on-demand. */
  private record Priced(double now, double awake, double awakeOnDemand) {}

  private static Optional<Priced> price(PriceTable table, Service s, List<String> problems) {
    int before = problems.size();
    String who = "service " + s.name();
    if (s.windows()) problems.add(who + " runs Windows; only Linux tasks are priced");
    if (s.cpuUnits() == null || s.memoryMiB() == null) {
      problems.add(who + " has no task cpu and memory to price");
    }
    if (s.launchType() != null && !FARGATE.equals(s.launchType())) {
      problems.add(who + " uses launch type " + s.launchType() + "; only Fargate is priced");
    }
    Optional<PriceTable.Rates> rates = table.find(s.region(), s.architecture());
    if (rates.isEmpty()) {
      problems.add(
          "no price for "
              + s.region()
              + " "
              + s.architecture()
              + " (service "
              + s.name()
              + ") in "
              + table.citation()
              + "; add a row with --price-table");
    }
    if (problems.size() > before) return Optional.empty();
    double vcpu = s.cpuUnits() / 1024.0;
    double gb = s.memoryMiB() / 1024.0;
    PriceTable.Rates r = rates.get();
    double now = priced(split(s.running(), s.strategy()), r, vcpu, gb, who, problems);
    double awake = priced(split(s.awakeDesired(), s.strategy()), r, vcpu, gb, who, problems);
    if (problems.size() > before) return Optional.empty();
    return Optional.of(new Priced(now, awake, s.awakeDesired() * r.onDemand(vcpu, gb)));
  }

  /** The hourly price of tasks spread over providers; a provider with tasks must be Fargate's. */
  private static double priced(
      Map<String, Double> tasks,
      PriceTable.Rates r,
      double vcpu,
      double gb,
      String who,
      List<String> problems) {
    double sum = 0;
    for (Map.Entry<String, Double> e : tasks.entrySet()) {
      if (e.getValue() == 0) continue;
      if (FARGATE.equals(e.getKey())) {
        sum += e.getValue() * r.onDemand(vcpu, gb);
      } else if (FARGATE_SPOT.equals(e.getKey()) && r.hasSpot()) {
        sum += e.getValue() * r.spot(vcpu, gb);
      } else if (FARGATE_SPOT.equals(e.getKey())) {
        problems.add("no Fargate Spot price for " + who + " in the price table");
      } else {
        problems.add(who + " uses capacity provider " + e.getKey() + "; only Fargate is priced");
      }
    }
    return sum;
  }

  /**
   * Tasks per capacity provider as ECS places them: each provider's {@code base} first, the rest in
   * proportion to the weights. Fractions are the expected split (ECS places whole tasks, so a few
   * tasks may differ by one); no strategy means the FARGATE launch type.
   */
  public static Map<String, Double> split(int tasks, List<Placement> strategy) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (strategy.isEmpty()) {
      out.put(FARGATE, (double) tasks);
      return out;
    }
    int left = tasks;
    for (Placement p : strategy) {
      int onBase = Math.min(p.base(), left);
      out.merge(p.provider(), (double) onBase, Double::sum);
      left -= onBase;
    }
    int weights = strategy.stream().mapToInt(Placement::weight).sum();
    for (Placement p : strategy) {
      // All weights zero is only valid with a single provider, which then takes every task.
      double share = weights == 0 ? 1.0 / strategy.size() : (double) p.weight() / weights;
      out.merge(p.provider(), left * share, Double::sum);
    }
    return out;
  }

  /**
   * The share of {@code horizon} from {@code from} that the schedule is awake (1 without a
   * schedule). An on-demand wake is left out: it is an exception, not the plan.
   */
  public static double awakeFraction(Schedule schedule, Instant from, Duration horizon) {
    if (schedule == null) return 1;
    Instant end = from.plus(horizon);
    Duration awake = Duration.ZERO;
    Instant t = from;
    while (t.isBefore(end)) {
      PowerState state = schedule.at(t, null);
      Instant next = state.nextTransition() == null ? end : state.nextTransition();
      // A transition is always later than the instant asked about; this only guards the loop.
      if (!next.isAfter(t)) next = t.plusSeconds(60);
      if (next.isAfter(end)) next = end;
      if (state.awake()) awake = awake.plus(Duration.between(t, next));
      t = next;
    }
    return (double) awake.getSeconds() / horizon.getSeconds();
  }

  static double round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
