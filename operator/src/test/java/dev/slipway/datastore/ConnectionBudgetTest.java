package dev.slipway.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The connection budget refuses with numbers before the server would say "Too many connections".
 */
class ConnectionBudgetTest {
  @Test
  void refusesWhenTheNewEnvironmentWouldExceedTheLimitAndSaysWhy() {
    var decision =
        ConnectionBudget.check(Collections.nCopies(25, 2), 2, 20, 1000, OptionalInt.of(1000));
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.needed()).isEqualTo(1040);
    assertThat(decision.limit()).isEqualTo(1000);
    assertThat(decision.message())
        .isEqualTo(
            "would use 1,040 of 1,000 connections (26 environments × 2 tasks × 20 per task);"
                + " max_connections 1,000, policy cap 1,000");
  }

  @Test
  void allowsExactlyAtTheLimit() {
    var decision =
        ConnectionBudget.check(Collections.nCopies(24, 2), 2, 20, 1000, OptionalInt.empty());
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.needed()).isEqualTo(1000);
    assertThat(decision.message()).endsWith("max_connections 1,000, no policy cap");
  }

  @Test
  void thePolicyCapWinsWhenLowerThanTheServer() {
    var decision = ConnectionBudget.check(List.of(2, 2), 2, 20, 1000, OptionalInt.of(100));
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.limit()).isEqualTo(100);
    assertThat(decision.message()).contains("120 of 100").contains("policy cap 100");
  }

  @Test
  void theServerWinsWhenLowerThanThePolicyCap() {
    var decision = ConnectionBudget.check(List.of(), 1, 20, 151, OptionalInt.of(1000));
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.limit()).isEqualTo(151);
    assertThat(decision.message())
        .isEqualTo(
            "would use 20 of 151 connections (1 environment × 1 task × 20 per task);"
                + " max_connections 151, policy cap 1,000");
  }

  @Test
  void unevenEnvironmentsAreSummarisedByTaskTotal() {
    var decision = ConnectionBudget.check(List.of(1, 3, 4), 2, 10, 1000, OptionalInt.empty());
    assertThat(decision.needed()).isEqualTo(100);
    assertThat(decision.message()).contains("(4 environments, 10 tasks × 10 per task)");
  }
}
