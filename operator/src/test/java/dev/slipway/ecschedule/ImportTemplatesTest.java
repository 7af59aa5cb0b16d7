package dev.slipway.ecschedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ecschedule's env and must_env as ecschedule evaluates them; other actions are kept visible. */
class ImportTemplatesTest {
  @Test
  void mustEnvReadsTheVariableInEitherQuoting() {
    var resolved =
        EcscheduleTemplates.resolve(
            "a: {{ must_env `A` }}\nb: {{must_env \"B\"}}", Map.of("A", "x", "B", "y"));
    assertThat(resolved.text()).isEqualTo("a: x\nb: y");
    assertThat(resolved.unresolved()).isEmpty();
  }

  @Test
  void envTakesTheFirstNonEmptyVariableElseTheLastArgument() {
    Map<String, String> env = Map.of("EMPTY", "", "SET", "v");
    assertThat(EcscheduleTemplates.resolve("{{ env `EMPTY` `SET` }}", env).text()).isEqualTo("v");
    assertThat(EcscheduleTemplates.resolve("{{ env `UNSET` `dflt` }}", env).text())
        .isEqualTo("dflt");
    assertThat(EcscheduleTemplates.resolve("{{ env `UNSET` }}", env).text()).isEqualTo("UNSET");
  }

  @Test
  void missingMustEnvVariablesAreNamedTogether() {
    assertThatThrownBy(
            () -> EcscheduleTemplates.resolve("{{ must_env `A` }} {{ must_env `B` }}", Map.of()))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("environment variables A and B are not defined");
  }

  @Test
  void otherActionsBecomeMarkersThatShowTheirOriginal() {
    var resolved =
        EcscheduleTemplates.resolve(
            "- {{ tfstate `aws_subnet.a.id` }}\n- {{ ssm \"/x\" 1 }}\n- {{ env `A` | lower }}",
            Map.of());
    assertThat(resolved.unresolved()).hasSize(3);
    String first = resolved.text().lines().findFirst().orElseThrow().substring(2);
    assertThat(resolved.isUnresolved(first)).isTrue();
    assertThat(resolved.original(first)).isEqualTo("{{ tfstate `aws_subnet.a.id` }}");
    assertThat(resolved.isUnresolved("subnet-1")).isFalse();
  }
}
