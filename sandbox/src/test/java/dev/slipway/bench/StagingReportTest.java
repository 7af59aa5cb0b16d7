package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The staging report's derived figures and its JSON line, on a made-up result. */
class StagingReportTest {
  static final Transition SLEEP =
      new Transition(
          Transition.SLEEP,
          300,
          150,
          100,
          6000,
          Map.of(
              "ecs:UpdateService", 300L,
              "application-autoscaling:RegisterScalableTarget", 150L,
              "application-autoscaling:DescribeScalableTargets", 900L),
          Map.of(),
          Map.of("AUTOSCALING", 2.0),
          Map.of("AUTOSCALING", 500.0),
          10,
          900,
          0);
  static final RefreshRun REPLACE =
      new RefreshRun(
          "replace",
          1,
          "Succeeded",
          "every datastore is back",
          90,
          5400,
          Map.of(
              "rds:DeleteDBCluster", 3L,
              "rds:DescribeDBClusters", 40L,
              "rds:RestoreDBClusterToPointInTime", 2L),
          new CallFloor(
              Map.of("rds:DeleteDBCluster", 3L, "rds:RestoreDBClusterToPointInTime", 2L),
              Map.of("rds:DescribeDBClusters", 30L)),
          Map.of("main", 60.0, "events", 40.0),
          Map.of("RDS", 280.0),
          0,
          0,
          List.of());
  static final StagingResult RESULT =
      new StagingResult(
          300, 150, 60, 0.9, 330, SLEEP, SLEEP, List.of("main: ..."), List.of(REPLACE));

  @Test
  void refreshFiguresSeparateWritesFromPolls() {
    assertThat(REPLACE.writes()).isEqualTo(5);
    assertThat(REPLACE.reads()).isEqualTo(40);
    assertThat(REPLACE.extraWrites()).isEmpty();
    assertThat(REPLACE.polls()).isEqualTo(10);
    assertThat(REPLACE.pollsPerWaitMinute()).isEqualTo(0.1);
  }

  @Test
  void jsonLineCarriesTheSameFigures() throws Exception {
    String line = StagingJson.of(RESULT);
    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("sleepWriteBoundSeconds").asDouble()).isEqualTo(50.0);
    assertThat(json.get("sleepRatioToWriteBound").asDouble()).isEqualTo(2.0);
    assertThat(json.get("sleepCallBoundBucket").asText()).isEqualTo("AUTOSCALING");
    assertThat(json.get("sleepCallsPerService").get("ecs:UpdateService").asDouble()).isEqualTo(1.0);
    assertThat(json.get("refresh1Label").asText()).isEqualTo("replace");
    assertThat(json.get("refresh1Writes").asLong()).isEqualTo(5);
    assertThat(json.get("refresh1MinimumWrites").asLong()).isEqualTo(5);
    assertThat(json.get("refresh1LowestRdsLevel").asDouble()).isEqualTo(280.0);
  }

  @Test
  void textNamesTheBindingBuckets() {
    String text = StagingReport.text(RESULT);
    assertThat(text).contains("bound of the writes made: 50.0 s (ECS_SERVICE_WRITE, 300 tokens)");
    assertThat(text).contains("bound of all calls made:   103.0 s (AUTOSCALING, 1050 tokens)");
    assertThat(text).contains("writes 5, minimum 5 (exactly the minimum)");
  }
}
