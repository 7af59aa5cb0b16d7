package dev.slipway.environment.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled example table says what it is, and a table with a mistake is refused by name. */
class PriceTableTest {
  @Test
  void theExamplesCoverTheRegionsTheDocsPromiseAndSayTheyAreExamples() throws IOException {
    PriceTable examples = PriceTable.examples();

    assertThat(examples.citation()).isEqualTo("AWS Fargate example prices (Linux), 2026-12-05");
    assertThat(examples.asOf()).isEqualTo(LocalDate.of(2026, 12, 5));
    assertThat(examples.currency()).isEqualTo("USD");
    for (String region : List.of("us-east-1", "eu-west-1", "ap-northeast-1")) {
      for (String arch : List.of("X86_64", "ARM64")) {
        PriceTable.Rates r = examples.find(region, arch).orElseThrow();
        assertThat(r.hasSpot()).as(region + " " + arch).isTrue();
        assertThat(r.spotVcpuHour()).isLessThan(r.onDemandVcpuHour());
      }
    }
    assertThat(examples.find("us-east-1", "X86_64").orElseThrow())
        .isEqualTo(new PriceTable.Rates(0.04048, 0.004445, 0.012144, 0.0013335));
    assertThat(examples.find("ap-south-1", "X86_64")).isEmpty();
    String text;
    try (InputStream in = PriceTable.class.getResourceAsStream(PriceTable.EXAMPLES)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text.lines().findFirst().orElseThrow())
        .startsWith("# EXAMPLE AWS Fargate prices, compiled 2026-12-05");
    assertThat(text).contains("not a quote", "estimate");
  }

  @Test
  void aTableFromAFileReplacesTheExamples(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prices.yaml");
    Files.writeString(
        file,
        """
        label: ACME negotiated rates
        asOf: "2027-01-31"
        currency: USD
        prices:
          - {region: ap-south-1, architecture: ARM64, onDemandVcpuHour: 0.03, onDemandGbHour: 0.003}
        """);

    PriceTable table = PriceTable.load(file);

    assertThat(table.citation()).isEqualTo("ACME negotiated rates, 2027-01-31");
    assertThat(table.find("ap-south-1", "ARM64").orElseThrow().hasSpot()).isFalse();
  }

  @Test
  void mistakesAreRefusedWithWhereTheyAre() {
    assertThatThrownBy(
            () ->
                PriceTable.parse(
                    """
                    label: x
                    asOf: "2026-12-05"
                    prices:
                      - region: us-east-1
                        architecture: X86_64
                        onDemandVcpuHour: 0.04
                        onDemandGBHour: 0.004
                    """,
                    "prices.yaml"))
        .hasMessageStartingWith("price table prices.yaml: ")
        .hasMessageContaining("onDemandGBHour");
    assertThatThrownBy(
            () ->
                PriceTable.parse(
                    """
                    label: x
                    currency: EUR
                    prices:
                      - {region: us-east-1, architecture: X86_64, onDemandVcpuHour: 0.04, onDemandGbHour: 0}
                      - {region: us-east-1, architecture: X86_64, onDemandVcpuHour: 0.04, onDemandGbHour: 0.1}
                      - {region: us-east-1, architecture: X86_64, onDemandVcpuHour: 0.04, onDemandGbHour: 0.2}
                      - {region: Tokyo, architecture: arm, onDemandVcpuHour: 0.04, onDemandGbHour: 0.1, spotVcpuHour: 0.01}
                    """,
                    "prices.yaml"))
        .hasMessage(
            "price table prices.yaml: asOf: required, the date the prices were taken; "
                + "currency: EUR; only USD is supported; "
                + "prices[0].onDemandGbHour: 0.0 must be a positive number of USD; "
                + "prices[2]: a second row for us-east-1 X86_64; "
                + "prices[3].region: Tokyo is not an AWS Region such as us-east-1; "
                + "prices[3].architecture: arm is not X86_64 or ARM64; "
                + "prices[3]: give both spotVcpuHour and spotGbHour, or neither");
  }
}
