package dev.slipway.environment;

import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ServiceTemplate;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.CostStatus;
import dev.slipway.environment.cost.CostEstimator;
import dev.slipway.environment.cost.CostEstimator.Estimate;
import dev.slipway.environment.cost.Fleet;
import dev.slipway.environment.cost.PriceTable;
import dev.slipway.environment.schedule.Schedules;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what an environment runs (its ServiceReleases, in one list call) and the schedule in force
 * (a branch's own, else its shared environment's), and turns them into {@code status.cost} with
 * {@link CostEstimator}.
 */
final class EnvironmentCosts {
  private final KubernetesClient client;
  private final ChildReleases children;
  private final PriceTable prices;
  private final Clock clock;

  EnvironmentCosts(KubernetesClient client, PriceTable prices, Clock clock) {
    this.client = client;
    this.children = new ChildReleases(client);
    this.prices = prices;
    this.clock = clock;
  }

  CostStatus status(StagingEnvironment env) {
    Schedules.Parsed schedule = Schedules.parse(schedule(env), "schedule");
    if (!schedule.valid()) {
      return unknown("the schedule in force is invalid: " + String.join("; ", schedule.problems()));
    }
    List<Fleet.Service> fleet = releases(env).stream().map(Fleet::of).toList();
    Estimate e = CostEstimator.estimate(prices, fleet, schedule.schedule(), clock.instant());
    CostStatus c = new CostStatus();
    c.currency = e.currency();
    c.hourlyNow = e.hourlyNow();
    c.monthlyProjected = e.monthlyProjected();
    c.monthlyAlwaysOnOnDemand = e.monthlyAlwaysOnOnDemand();
    c.savingPercent = e.savingPercent();
    c.awakeFraction = e.awakeFraction();
    c.prices = e.prices();
    c.message = e.message();
    return c;
  }

  private CostStatus unknown(String message) {
    CostStatus c = new CostStatus();
    c.currency = prices.currency();
    c.prices = prices.citation();
    c.message = "cost unknown: " + message;
    return c;
  }

  /**
   * The releases the environment runs: its own children, plus for a shared environment the releases
   * it references (and sleeps). With references, one namespace listing serves both.
   */
  private List<ServiceRelease> releases(StagingEnvironment env) {
    Set<String> referenced =
        env.getSpec().services == null
            ? Set.of()
            : env.getSpec().services.stream()
                .map((ServiceTemplate s) -> s.releaseRef == null ? null : s.releaseRef.name)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    if (env.isBranch() || referenced.isEmpty()) return children.list(env);
    String uid = env.getMetadata().getUid();
    return client
        .resources(ServiceRelease.class)
        .inNamespace(env.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(
            r ->
                referenced.contains(r.getMetadata().getName())
                    || (r.getMetadata().getLabels() != null
                        && uid.equals(
                            r.getMetadata().getLabels().get(ChildReleases.OWNER_UID_LABEL))))
        .toList();
  }

  /** A branch's own schedule wins; without one it follows its shared environment's. */
  private ScheduleSpec schedule(StagingEnvironment env) {
    if (!env.isBranch() || env.getSpec().schedule != null) return env.getSpec().schedule;
    StagingEnvironment shared =
        client
            .resources(StagingEnvironment.class)
            .inNamespace(env.getMetadata().getNamespace())
            .withName(env.getSpec().from)
            .get();
    return EnvironmentPower.effective(env, shared);
  }
}
