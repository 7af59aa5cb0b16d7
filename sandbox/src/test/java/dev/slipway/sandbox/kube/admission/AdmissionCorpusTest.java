package dev.slipway.sandbox.kube.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every manifest of the admission corpus through the standalone validator. */
class AdmissionCorpusTest {
  private static final CustomResourceValidators CRDS = AdmissionCorpus.crds();

  static List<AdmissionCorpus> invalid() {
    return AdmissionCorpus.invalid();
  }

  static List<AdmissionCorpus> valid() {
    return AdmissionCorpus.valid();
  }

  @Test
  void corpusCoversEnoughCases() {
    assertThat(invalid()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(invalid()).allSatisfy(c -> assertThat(c.field()).isNotNull());
    assertThat(invalid()).allSatisfy(c -> assertThat(c.message()).isNotNull());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithTheExpectedFieldAndMessage(AdmissionCorpus c) {
    CustomResourceValidator validator = CRDS.forObject(c.first()).orElseThrow();
    Verdict verdict;
    if (c.isUpdate()) {
      Verdict original = validator.create(c.first());
      assertThat(original.errors()).as("the original of %s is valid", c).isEmpty();
      verdict = validator.update(c.update(), original.object());
    } else {
      verdict = validator.create(c.first());
    }
    assertThat(verdict.allowed()).as(c.name()).isFalse();
    assertThat(verdict.errors())
        .as("%s: %s", c, verdict.message())
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo(c.field());
              assertThat(e.toString()).contains(c.message());
            });
    assertThat(verdict.message())
        .startsWith(validator.kind() + ".slipway.dev \"" + c.name() + "\" is invalid: ")
        .contains(c.field() + ": ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void transitionRulesDoNotRunOnCreate(AdmissionCorpus c) {
    if (c.isUpdate()) {
      JsonNode changed = c.update();
      assertThat(CRDS.forObject(changed).orElseThrow().create(changed).errors()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void unknownFieldsArePrunedNotRejected(AdmissionCorpus c) {
    Verdict verdict = CRDS.forObject(c.first()).orElseThrow().create(c.first());
    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.unknownFields()).containsExactlyInAnyOrderElementsOf(c.pruned());
    for (String field : c.pruned()) {
      assertThat(verdict.object().at("/" + field.replace('.', '/')).isMissingNode()).isTrue();
    }
  }
}
