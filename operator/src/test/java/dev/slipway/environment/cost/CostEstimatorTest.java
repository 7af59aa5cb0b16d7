package dev.slipway.environment.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.ServiceSpec.CapacityProviderItem;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.environment.cost.CostEstimator.Estimate;
import dev.slipway.environment.cost.Fleet.Placement;
import dev.slipway.environment.schedule.Schedule;
import dev.slipway.environment.schedule.Schedules;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cost figures for a known fleet equal a computation written out by hand below, with a price table
 * of the test's own (the bundled example prices may change without changing this arithmetic).
 */
class CostEstimatorTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  /** USD per vCPU-hour / GB-hour in ap-northeast-1 (the example table's Tokyo rows). */
  static final PriceTable PRICES =
      PriceTable.parse(
          """
          label: test prices
          asOf: "2026-12-05"
          prices:
            - region: ap-northeast-1
              architecture: X86_64
              onDemandVcpuHour: 0.05056
              onDemandGbHour: 0.00553
              spotVcpuHour: 0.015168
              spotGbHour: 0.001659
            - region: ap-northeast-1
              architecture: ARM64
              onDemandVcpuHour: 0.04045
              onDemandGbHour: 0.00442
            - region: us-east-1
              architecture: X86_64
              onDemandVcpuHour: 0.04048
              onDemandGbHour: 0.004445
          """,
          "test");

  /** Mon-Fri 08:00-21:00 in Tokyo (no daylight saving time, no holidays). */
  static final Schedule BUSINESS_HOURS = businessHours();

  /*
   * The fleet, by hand.
   *
   * web: X86_64, 0.5 vCPU, 1 GB, desiredCount 3, strategy FARGATE base 1 weight 1 + FARGATE_SPOT
   * weight 3. ECS puts the base (1 task) on FARGATE, then splits the other 2 by weight 1:3:
   *   FARGATE 1 + 2 × 1/4 = 1.5 tasks, FARGATE_SPOT 2 × 3/4 = 1.5 tasks.
   *   one task on-demand = 0.5 × 0.05056 + 1 × 0.00553  = 0.02528 + 0.00553   = 0.03081 $/h
   *   one task on Spot   = 0.5 × 0.015168 + 1 × 0.001659 = 0.007584 + 0.001659 = 0.009243 $/h
   *   web awake          = 1.5 × 0.03081 + 1.5 × 0.009243 = 0.046215 + 0.0138645 = 0.0600795 $/h
   *
   * worker: ARM64, 256 CPU units = 0.25 vCPU, 512 MiB = 0.5 GB, desiredCount 1, strategy FARGATE:
   *   worker awake       = 0.25 × 0.04045 + 0.5 × 0.00442 = 0.0101125 + 0.00221 = 0.0123225 $/h
   *
   * awake fleet          = 0.0600795 + 0.0123225 = 0.072402 $/h
   * all on-demand        = 3 × 0.03081 + 0.0123225 = 0.09243 + 0.0123225 = 0.1047525 $/h
   *
   * awake share of 28 days = 4 weeks × 5 days × 13 h / (28 × 24 h) = 260 / 672 = 0.386904…
   * monthly always on, on-demand = 0.1047525 × 730 = 76.469325 → 76.4693
   * monthly projected = 0.072402 × 730 × 260 / 672 = 52.85346 × 260 / 672 = 20.449255… → 20.4493
   * saving = 1 − 20.449255 / 76.469325 = 1 − 0.267418 = 73.258 % → 73.3
   */
  static final double AWAKE_HOURLY = 0.0724;
  static final double MONTHLY_PROJECTED = 20.4493;
  static final double MONTHLY_ALWAYS_ON = 76.4693;
  static final double SAVING = 73.3;
  static final double AWAKE_SHARE = 0.3869;

  @Test
  void aKnownFleetCostsWhatTheHandComputationSays() {
    Instant mondayMorning = tokyo("2026-12-07T10:00");
    List<Fleet.Service> fleet = List.of(web("3/3"), worker("1/1"));

    Estimate e = CostEstimator.estimate(PRICES, fleet, BUSINESS_HOURS, mondayMorning);

    assertThat(e.message()).isNull();
    assertThat(e.currency()).isEqualTo("USD");
    assertThat(e.hourlyNow()).isEqualTo(AWAKE_HOURLY);
    assertThat(e.monthlyProjected()).isEqualTo(MONTHLY_PROJECTED);
    assertThat(e.monthlyAlwaysOnOnDemand()).isEqualTo(MONTHLY_ALWAYS_ON);
    assertThat(e.savingPercent()).isEqualTo(SAVING);
    assertThat(e.awakeFraction()).isEqualTo(AWAKE_SHARE);
    assertThat(e.prices()).isEqualTo("test prices, 2026-12-05");
  }

  @Test
  void asleepNothingRunsNowButTheMonthIsTheSame() {
    // Saturday: the schedule has put every service to zero tasks.
    Instant saturday = tokyo("2026-12-12T12:00");

    Estimate e =
        CostEstimator.estimate(
            PRICES, List.of(web("0/0"), worker("0/0")), BUSINESS_HOURS, saturday);

    assertThat(e.hourlyNow()).isEqualTo(0.0);
    assertThat(e.monthlyProjected()).isEqualTo(MONTHLY_PROJECTED);
    assertThat(e.monthlyAlwaysOnOnDemand()).isEqualTo(MONTHLY_ALWAYS_ON);
    assertThat(e.savingPercent()).isEqualTo(SAVING);
  }

  @Test
  void withoutAScheduleOnlySpotSaves() {
    Estimate e =
        CostEstimator.estimate(
            PRICES, List.of(web("3/3"), worker("1/1")), null, tokyo("2026-12-07T10:00"));

    // 0.072402 × 730 = 52.85346; 1 − 52.85346 / 76.469325 = 30.883 %.
    assertThat(e.awakeFraction()).isEqualTo(1.0);
    assertThat(e.monthlyProjected()).isEqualTo(52.8535);
    assertThat(e.savingPercent()).isEqualTo(30.9);
  }

  @Test
  void aRegionOrArchitectureMissingFromTheTableIsUnknownNeverAGuess() {
    Fleet.Service mumbai =
        service("api", "ap-south-1", "X86_64", "256", "512", 1, "1/1", List.of());

    Estimate e =
        CostEstimator.estimate(
            PRICES, List.of(web("3/3"), mumbai), BUSINESS_HOURS, tokyo("2026-12-07T10:00"));

    assertThat(e.hourlyNow()).isNull();
    assertThat(e.monthlyProjected()).isNull();
    assertThat(e.monthlyAlwaysOnOnDemand()).isNull();
    assertThat(e.savingPercent()).isNull();
    assertThat(e.message())
        .isEqualTo(
            "cost unknown: no price for ap-south-1 X86_64 (service api) in test prices, "
                + "2026-12-05; add a row with --price-table");
  }

  @Test
  void whatTheTableCannotPriceIsNamed() {
    Fleet.Service spotWithoutPrice =
        service(
            "batch",
            "ap-northeast-1",
            "ARM64",
            "256",
            "512",
            2,
            "2/2",
            List.of(provider("FARGATE_SPOT", 0, 1)));
    Fleet.Service ec2 =
        service("legacy", "ap-northeast-1", "X86_64", "256", "512", 1, "1/1", List.of());
    ec2 = withLaunchType(ec2, "EC2");

    Estimate e =
        CostEstimator.estimate(PRICES, List.of(spotWithoutPrice, ec2), null, Instant.EPOCH);

    assertThat(e.message())
        .isEqualTo(
            "cost unknown: no Fargate Spot price for service batch in the price table; "
                + "service legacy uses launch type EC2; only Fargate is priced");
  }

  @Test
  void ecsPlacesTheBaseFirstAndTheRestByWeight() {
    List<Placement> strategy =
        List.of(new Placement("FARGATE", 1, 1), new Placement("FARGATE_SPOT", 0, 3));

    assertThat(CostEstimator.split(3, strategy))
        .isEqualTo(Map.of("FARGATE", 1.5, "FARGATE_SPOT", 1.5));
    assertThat(CostEstimator.split(1, strategy))
        .isEqualTo(Map.of("FARGATE", 1.0, "FARGATE_SPOT", 0.0));
    assertThat(CostEstimator.split(9, strategy))
        .isEqualTo(Map.of("FARGATE", 3.0, "FARGATE_SPOT", 6.0));
    assertThat(CostEstimator.split(4, List.of())).isEqualTo(Map.of("FARGATE", 4.0));
  }

  @Test
  void fourWholeWeeksGiveTheSameAwakeShareFromAnyStart() {
    for (String start :
        List.of("2026-12-07T00:00", "2026-12-09T15:30", "2026-12-12T23:59", "2026-12-11T20:59")) {
      assertThat(CostEstimator.awakeFraction(BUSINESS_HOURS, tokyo(start), CostEstimator.HORIZON))
          .as(start)
          .isCloseTo(260.0 / 672, within(1e-12));
    }
    assertThat(CostEstimator.awakeFraction(null, Instant.EPOCH, Duration.ofDays(28))).isEqualTo(1);
  }

  @Test
  void theFleetIsReadFromServiceReleases() {
    Fleet.Service web = web("2/3");

    assertThat(web.cpuUnits()).isEqualTo(512);
    assertThat(web.memoryMiB()).isEqualTo(1024);
    assertThat(web.architecture()).isEqualTo("X86_64");
    assertThat(web.running()).isEqualTo(2);
    assertThat(web.awakeDesired()).isEqualTo(3);
    assertThat(web.launchType()).isNull();
    assertThat(worker("1/1").architecture()).isEqualTo("ARM64");
    assertThat(worker("1/1").launchType()).isNull();

    ServiceRelease autoscaled = release("api", "us-east-1", "X86_64", "256", "512", 1, null);
    autoscaled.getSpec().service.autoscaling = new ServiceSpec.Autoscaling();
    autoscaled.getSpec().service.autoscaling.minCapacity = 2;
    autoscaled.getSpec().service.autoscaling.maxCapacity = 5;
    assertThat(Fleet.of(autoscaled).awakeDesired()).isEqualTo(2);
    assertThat(Fleet.of(autoscaled).running()).isZero();
    assertThat(Fleet.of(autoscaled).launchType()).isEqualTo("FARGATE");
  }

  private static Fleet.Service web(String replicas) {
    return service(
        "web",
        "ap-northeast-1",
        null,
        "0.5 vCPU",
        "1 GB",
        3,
        replicas,
        List.of(provider("FARGATE", 1, 1), provider("FARGATE_SPOT", null, 3)));
  }

  private static Fleet.Service worker(String replicas) {
    return service(
        "worker",
        "ap-northeast-1",
        "ARM64",
        "256",
        "512",
        1,
        replicas,
        List.of(provider("FARGATE", null, 1)));
  }

  private static Fleet.Service service(
      String name,
      String region,
      String arch,
      String cpu,
      String memory,
      int desired,
      String replicas,
      List<CapacityProviderItem> strategy) {
    ServiceRelease sr = release(name, region, arch, cpu, memory, desired, replicas);
    sr.getSpec().service.capacityProviderStrategy = strategy.isEmpty() ? null : strategy;
    return Fleet.of(sr);
  }

  private static ServiceRelease release(
      String name,
      String region,
      String arch,
      String cpu,
      String memory,
      int desired,
      String replicas) {
    ServiceRelease sr = new ServiceRelease();
    sr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    ServiceReleaseSpec spec = new ServiceReleaseSpec();
    spec.aws = new AwsSpec();
    spec.aws.region = region;
    spec.taskDefinition = new TaskDefinitionSpec();
    spec.taskDefinition.cpu = cpu;
    spec.taskDefinition.memory = memory;
    if (arch != null) {
      spec.taskDefinition.runtimePlatform = new TaskDefinitionSpec.RuntimePlatform();
      spec.taskDefinition.runtimePlatform.cpuArchitecture = arch;
    }
    spec.service = new ServiceSpec();
    spec.service.desiredCount = desired;
    sr.setSpec(spec);
    if (replicas != null) {
      sr.setStatus(new ServiceReleaseStatus());
      sr.getStatus().replicas = replicas;
    }
    return sr;
  }

  private static CapacityProviderItem provider(String name, Integer base, Integer weight) {
    CapacityProviderItem i = new CapacityProviderItem();
    i.capacityProvider = name;
    i.base = base;
    i.weight = weight;
    return i;
  }

  private static Fleet.Service withLaunchType(Fleet.Service s, String launchType) {
    return new Fleet.Service(
        s.name(),
        s.region(),
        s.architecture(),
        s.windows(),
        s.cpuUnits(),
        s.memoryMiB(),
        launchType,
        s.strategy(),
        s.running(),
        s.awakeDesired());
  }

  private static Instant tokyo(String local) {
    return LocalDateTime.parse(local).atZone(TOKYO).toInstant();
  }

  private static Schedule businessHours() {
    ScheduleSpec spec = new ScheduleSpec();
    spec.timeZone = "Asia/Tokyo";
    ScheduleSpec.AwakeWindow w = new ScheduleSpec.AwakeWindow();
    w.days = "Mon-Fri";
    w.from = "08:00";
    w.to = "21:00";
    spec.awake = List.of(w);
    return Schedules.parse(spec, "schedule").schedule();
  }
}
