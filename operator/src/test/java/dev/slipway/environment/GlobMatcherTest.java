package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The branch policy's match glob. */
class GlobMatcherTest {
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "qa/*, qa/foo, true",
    "qa/*, qa/, true",
    "qa/*, qa/foo/bar, false",
    "qa/*, QA/foo, false",
    "qa/*, qa-foo, false",
    "qa/*, xqa/foo, false",
    "feature/**, feature/a/b/c, true",
    "feature/**, feature/a, true",
    "feature/**, feature, false",
    "**, anything/at/all, true",
    "release-?, release-1, true",
    "release-?, release-12, false",
    "release-?, release-/, false",
    "qa/*.x, qa/feature.x, true",
    "qa/*.x, qa/featureYx, false",
    "qa/[ab], qa/[ab], true",
    "qa/[ab], qa/a, false",
    "qa/(x|y), qa/(x|y), true",
    "qa/(x|y), qa/x, false",
  })
  void matches(String glob, String branch, boolean expected) {
    assertThat(GlobMatcher.of(glob).matches(branch)).isEqualTo(expected);
  }
}
