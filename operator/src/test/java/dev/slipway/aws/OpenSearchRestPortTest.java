package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How index names go into request paths, and which throttle bucket the REST calls draw from. */
class OpenSearchRestPortTest {

  @Test
  void longNameListsAreSplitIntoRequestLinesADomainAccepts() {
    List<String> names = IntStream.range(0, 400).mapToObj(i -> "logs-2026-" + i).toList();
    List<String> groups = OpenSearchRestPort.groups(names);
    assertThat(groups).hasSizeGreaterThan(1).allSatisfy(g -> assertThat(g).hasSizeLessThan(3001));
    assertThat(String.join(",", groups).split(",")).containsExactlyElementsOf(names);
    assertThat(OpenSearchRestPort.groups(List.of("a", "b"))).containsExactly("a,b");
  }

  @Test
  void pathSegmentsKeepIndexNamesAndEncodeTheRest() {
    assertThat(OpenSearchRestPort.segment("logs-2026.12_a+b")).isEqualTo("logs-2026.12_a+b");
    assertThat(OpenSearchRestPort.segment("a b/c,d")).isEqualTo("a%20b%2Fc%2Cd");
  }

  @Test
  void restCallsDrawFromTheDomainsBucketAndConfigurationCallsFromTheApisOne() {
    for (String op : OpenSearchRestPort.OPERATIONS) {
      assertThat(ThrottleBucket.forCall("es", op))
          .containsExactly(ThrottleBucket.OPENSEARCH_DOMAIN);
    }
    assertThat(ThrottleBucket.forCall("es", "DescribeDomain"))
        .containsExactly(ThrottleBucket.OPENSEARCH);
  }
}
