package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.bench.ScheduledTaskFigures.BucketLoad;
import dev.slipway.bench.ScheduledTaskFigures.Discovery;
import dev.slipway.bench.ScheduledTaskFigures.Slots;
import dev.slipway.bench.ScheduledTaskFigures.Spread;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduled-tasks report: every figure printed, the JSON line parseable. */
class ScheduledTaskReportTest {
  private static final ScheduledTaskResult RESULT =
      new ScheduledTaskResult(
          50,
          30,
          2.0,
          "a .. b",
          Map.of("Operator rate(1 minute)", 5, ScheduledTaskFigures.ALL, 50),
          Map.of("Operator rate(1 minute)", Map.of("RunTask", 60.0, "ListTasks", 60.0)),
          Map.of("Operator rate(1 minute)", 300.0, ScheduledTaskFigures.ALL, 80.0),
          Map.of("DescribeServices", 12.0),
          List.of(new BucketLoad("ECS_CLUSTER_READ", 7200, 1.0, 25, 50, 20, 31)),
          new Spread(600, 0.3, 0.5, 0.9, 1.2),
          new Slots(600, 600, 0, 0, 0),
          new Discovery(590, 590, new Spread(590, 2.0, 4.0, 5.0, 6.0)),
          List.of(new ScheduledTaskFigures.Counted("Operator", 700, 700)),
          new Spread(10000, 0.0, 0.2, 0.4, 3.0),
          0,
          20,
          40,
          45);

  @Test
  void textShowsEachFigure() {
    String text = ScheduledTaskReport.text(RESULT);
    assertThat(text)
        .contains("50 ScheduledTasks")
        .contains("Operator rate(1 minute)")
        .contains("ECS_CLUSTER_READ")
        .contains("1.25") // 25 per second at a refill of 20
        .contains("Slots with a task count other than 1: 0 (must be 0)")
        .contains("590 tasks the scheduler started, 590 shown in status");
    assertThat(ScheduledTaskReport.operations(RESULT))
        .startsWith("ListTasks", "DescribeTasks", "RunTask");
  }

  @Test
  void jsonCarriesTheSameFigures() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ScheduledTaskReport.json(RESULT));
    assertThat(json.get("batches").asInt()).isEqualTo(50);
    assertThat(json.get("operatorSlotsNotOne").asInt()).isZero();
    assertThat(json.get("buckets").get(0).get("peakToRefill").asDouble()).isEqualTo(1.25);
    assertThat(
            json.get("callsPerBatchHour").get("Operator rate(1 minute)").get("RunTask").asDouble())
        .isEqualTo(60.0);
  }
}
