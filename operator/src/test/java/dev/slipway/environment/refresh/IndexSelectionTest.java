package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The refresh's index expressions: names, patterns, exclusions, and system indices never. */
class IndexSelectionTest {
  static final List<String> DOMAIN =
      List.of(".kibana_1", ".opendistro_security", "orders", "customers", "logs-2026", "logs-old");

  @Test
  void theDefaultSelectsEveryIndexButTheSystemOnes() {
    assertThat(new IndexSelection(null).select(DOMAIN))
        .containsExactly("orders", "customers", "logs-2026", "logs-old");
    assertThat(new IndexSelection("*").select(DOMAIN))
        .isEqualTo(new IndexSelection(" ").select(DOMAIN));
  }

  @Test
  void namesPatternsAndExclusionsCombineLeftToRight() {
    assertThat(new IndexSelection("orders,logs-*").select(DOMAIN))
        .containsExactly("orders", "logs-2026", "logs-old");
    assertThat(new IndexSelection("logs-*,-logs-old").select(DOMAIN)).containsExactly("logs-2026");
    // A leading exclusion starts from everything, as a snapshot restore reads it.
    assertThat(new IndexSelection("-logs-*").select(DOMAIN)).containsExactly("orders", "customers");
    assertThat(new IndexSelection("*ers").select(DOMAIN)).containsExactly("orders", "customers");
    assertThat(new IndexSelection("missing").select(DOMAIN)).isEmpty();
  }

  @Test
  void systemIndicesAreNeverSelectedAndExpressionsNamingThemAreRecognised() {
    assertThat(new IndexSelection("*,.kibana*").select(DOMAIN)).doesNotContain(".kibana_1");
    assertThat(IndexSelection.namesSystemIndices(".kibana*")).isTrue();
    assertThat(IndexSelection.namesSystemIndices("orders, .opendistro_security")).isTrue();
    assertThat(IndexSelection.namesSystemIndices("_all")).isTrue();
    assertThat(IndexSelection.namesSystemIndices("orders,-.kibana*")).isFalse();
    assertThat(IndexSelection.namesSystemIndices(null)).isFalse();
  }
}
