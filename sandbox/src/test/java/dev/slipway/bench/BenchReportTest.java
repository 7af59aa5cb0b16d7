package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's derived figures and its JSON line, on a made-up result. */
class BenchReportTest {
  static final BenchResult.Phase CREATE =
      new BenchResult.Phase(1100, 1000, 1000, 1000, Map.of(), Map.of("X", 2200.0), 5, 5);
  static final BenchResult.Phase BUMP =
      new BenchResult.Phase(
          1150, 1000, 1000, 1000, Map.of("ecs:UpdateService", 2L), Map.of(), 0, 0);
  static final BenchResult RESULT =
      new BenchResult(
          1000,
          60,
          3,
          0.9,
          CREATE,
          new BenchResult.Heap(30, 130),
          new BenchResult.Resync(300, 0, 12),
          BUMP,
          new BenchResult.Latencies(1000, 500, 1080, 500.5, 1081, 900, 1150),
          new BenchResult.Probe(3.5, 3.4));

  @Test
  void derivedFigures() {
    assertThat(RESULT.describesPerServicePerResync()).isEqualTo(0.1);
    assertThat(RESULT.registrationsPerContent()).isEqualTo(1.0);
    assertThat(RESULT.serviceWriteBoundAws()).isEqualTo(190.0);
    assertThat(RESULT.phaseBoundAws()).isEqualTo(980.0);
    assertThat(CREATE.meanThreadsWaiting()).isEqualTo(2.0);
    assertThat(BUMP.awsThrottledTotal()).isEqualTo(2);
    assertThat(BenchReport.perReleaseKb(RESULT)).isEqualTo(102.4);
  }

  @Test
  void jsonLineCarriesTheSameFigures() throws Exception {
    String line = BenchReport.json(RESULT);
    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("describeServicesPerServicePerResync").asDouble()).isEqualTo(0.1);
    assertThat(json.get("registrationsPerDistinctContent").asDouble()).isEqualTo(1.0);
    assertThat(json.get("updateServiceBoundSeconds").asDouble()).isEqualTo(190.0);
    assertThat(json.get("bumpRatioToUpdateServiceBound").asDouble()).isEqualTo(6.053);
    assertThat(json.get("awsThrottledBump").asLong()).isEqualTo(2);
  }

  @Test
  void aZeroBoundHasNoRatio() throws Exception {
    BenchResult small =
        new BenchResult(
            50,
            60,
            3,
            0.9,
            CREATE,
            RESULT.heap(),
            RESULT.resync(),
            BUMP,
            RESULT.latencies(),
            RESULT.probe());
    JsonNode json = new ObjectMapper().readTree(BenchReport.json(small));
    assertThat(json.get("bumpRatioToUpdateServiceBound").isNull()).isTrue();
    assertThat(BenchReport.text(small, 10)).contains("ratio n/a (bound 0)");
  }
}
