package dev.slipway.ecschedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rule names become unique DNS-1123 labels. */
class ImportNamesTest {
  @Test
  void ruleNamesBecomeLabels() {
    assertThat(ResourceNames.label("Daily_Report.v2")).isEqualTo("daily-report-v2");
    assertThat(ResourceNames.label("--a__b--")).isEqualTo("a-b");
    assertThat(ResourceNames.label("___")).isEqualTo("rule");
    String longName = "x".repeat(62) + "_y";
    assertThat(ResourceNames.label(longName)).isEqualTo("x".repeat(62));
  }

  @Test
  void collisionsGetNumberedInOrderAndStayWithin63() {
    ResourceNames names = new ResourceNames();
    assertThat(names.unique("reindex")).isEqualTo("reindex");
    assertThat(names.unique("Reindex")).isEqualTo("reindex-2");
    assertThat(names.unique("REINDEX")).isEqualTo("reindex-3");
    String longName = "a".repeat(70);
    assertThat(names.unique(longName)).isEqualTo("a".repeat(63));
    assertThat(names.unique(longName)).isEqualTo("a".repeat(61) + "-2").hasSize(63);
  }
}
