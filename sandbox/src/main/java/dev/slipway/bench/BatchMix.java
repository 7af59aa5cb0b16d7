package dev.slipway.bench;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scheduled-tasks benchmark's batches: a host's crontab moved to one cluster. Of every ten, two
 * run every minute, three every 5 minutes, three hourly (each at its own minute) and two nightly in
 * Asia/Tokyo; engines alternate; every seventh batch fails each run; one in five runs the second
 * release. A pure function of N and the start, so a run can be repeated.
 */
final class BatchMix {
  static final String APP = "app";
  static final String REPORTS = "reports";
  static final String ROLE = "arn:aws:iam::123456789012:role/slipway-scheduler";

  /** How often a batch runs. */
  enum Cadence {
    MINUTE,
    FIVE_MINUTES,
    HOURLY,
    NIGHTLY
  }

  /** One batch: what it is called, how and when it runs, what its runs do. */
  record Plan(
      String name,
      Engine engine,
      Cadence cadence,
      String schedule,
      String timeZone,
      String release,
      int runSeconds,
      int exitCode) {

    /** "Operator/every minute" and the like: the groups the report is broken down by. */
    String group() {
      return engine + " " + label(cadence);
    }
  }

  private BatchMix() {}

  static String label(Cadence c) {
    return switch (c) {
      case MINUTE -> "rate(1 minute)";
      case FIVE_MINUTES -> "rate(5 minutes)";
      case HOURLY -> "hourly cron";
      case NIGHTLY -> "nightly cron";
    };
  }

  /**
   * {@code n} batches created at {@code start}. A nightly batch's time of day is put {@code
   * nightlyAfter} past the start (in Tokyo) so that its one run a night falls into the measured
   * period: the period is hours, not a day.
   */
  static List<Plan> of(int n, Instant start, java.time.Duration nightlyAfter) {
    List<Plan> plans = new ArrayList<>();
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    for (int i = 0; i < n; i++) {
      Engine engine = i % 2 == 0 ? Engine.EventBridgeScheduler : Engine.Operator;
      Cadence cadence =
          switch (i % 10) {
            case 0, 1 -> Cadence.MINUTE;
            case 2, 3, 4 -> Cadence.FIVE_MINUTES;
            case 5, 6, 7 -> Cadence.HOURLY;
            default -> Cadence.NIGHTLY;
          };
      String zone = "UTC";
      String schedule;
      int run;
      switch (cadence) {
        case MINUTE -> {
          schedule = "rate(1 minute)";
          run = 20 + (i % 4) * 5;
        }
        case FIVE_MINUTES -> {
          schedule = "rate(5 minutes)";
          run = 60 + (i % 4) * 30;
        }
        case HOURLY -> {
          schedule = "cron(" + (i * 7) % 60 + " * * * ? *)";
          run = 120 + (i % 5) * 90;
        }
        default -> {
          ZonedDateTime at = start.plus(nightlyAfter).plusSeconds(60L * i).atZone(tokyo);
          schedule = "cron(" + at.getMinute() + " " + at.getHour() + " * * ? *)";
          zone = tokyo.getId();
          run = 300 + (i % 3) * 300;
        }
      }
      int exit = i % 7 == 3 ? 1 : 0;
      String release = i % 5 == 4 ? REPORTS : APP;
      plans.add(
          new Plan(
              String.format("batch-%03d", i), engine, cadence, schedule, zone, release, run, exit));
    }
    return plans;
  }

  /** The ScheduledTask of a plan, as a user would write it. */
  static ScheduledTask resource(Plan p, String namespace) {
    ScheduledTask st = new ScheduledTask();
    st.getMetadata().setName(p.name());
    st.getMetadata().setNamespace(namespace);
    ScheduledTaskSpec spec = new ScheduledTaskSpec();
    spec.schedule = p.schedule();
    spec.timeZone = p.timeZone();
    spec.engine = p.engine();
    spec.releaseRef = new ScheduledTaskSpec.ReleaseRef();
    spec.releaseRef.name = p.release();
    if (p.engine() == Engine.EventBridgeScheduler) {
      spec.eventBridge = new ScheduledTaskSpec.EventBridgeSettings();
      spec.eventBridge.roleArn = ROLE;
    }
    ScheduledTaskSpec.ContainerOverride app = new ScheduledTaskSpec.ContainerOverride();
    app.name = "app";
    app.command = List.of("sh", "-c", "sleep " + p.runSeconds() + "; exit " + p.exitCode());
    app.environment = Map.of("BATCH", p.name());
    spec.overrides = new ScheduledTaskSpec.TaskOverrides();
    spec.overrides.containers = new ArrayList<>(List.of(app));
    spec.timeoutSeconds = 3 * p.runSeconds() + 60;
    st.setSpec(spec);
    return st;
  }
}
