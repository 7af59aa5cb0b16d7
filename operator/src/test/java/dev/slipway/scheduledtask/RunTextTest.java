package dev.slipway.scheduledtask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a run's record reads in the status summary and the sandbox's progress view. */
class RunTextTest {
  @Test
  void finishedRunsAreTheOnesThatStartedOrFailedToStart() {
    for (String result : new String[] {"Succeeded", "Failed", "TimedOut", "Replaced", "NotStarted"})
      assertThat(RunText.finished(result)).as(result).isTrue();
    for (String result : new String[] {"Running", "Skipped", "Missed", "Unknown"})
      assertThat(RunText.finished(result)).as(result).isFalse();
    assertThat(RunText.finished(null)).isFalse();
    assertThat(RunText.running("Running")).isTrue();
    assertThat(RunText.succeeded("Succeeded")).isTrue();
  }

  @Test
  void exitCodesInContainerOrderAndDurationsInTheirLargestUnits() {
    Map<String, Integer> codes = new LinkedHashMap<>();
    codes.put("app", 1);
    codes.put("sidecar", 137);
    assertThat(RunText.exitCodes(codes)).isEqualTo("app=1, sidecar=137");
    assertThat(RunText.exitCodes(Map.of())).isEqualTo("-");
    assertThat(RunText.exitCodes(null)).isEqualTo("-");
    assertThat(RunText.duration(null)).isEqualTo("-");
    assertThat(RunText.duration(0L)).isEqualTo("0s");
    assertThat(RunText.duration(59L)).isEqualTo("59s");
    assertThat(RunText.duration(420L)).isEqualTo("7m00s");
    assertThat(RunText.duration(3599L)).isEqualTo("59m59s");
    assertThat(RunText.duration(7380L)).isEqualTo("2h03m");
  }
}
