package dev.slipway.environment.cost;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fargate prices per Region and CPU architecture (USD per vCPU-hour and per GB-hour, on-demand and
 * Spot), with the label and date a person needs to judge them. The operator ships an example table
 * ({@link #examples()}); {@code --price-table FILE} replaces it.
 */
public record PriceTable(String label, LocalDate asOf, String currency, Map<Key, Rates> rates) {
  /** The bundled example table, inside the jar. */
  public static final String EXAMPLES = "/dev/slipway/prices/fargate-example.yaml";

  /** Fargate is billed in US dollars; a table in another currency would mislabel every figure. */
  public static final String USD = "USD";

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Where a price applies: an AWS Region and X86_64 or ARM64. */
  public record Key(String region, String architecture) {
    @Override
    public String toString() {
      return region + " " + architecture;
    }
  }

  /** One row's prices; the Spot pair may be absent (then Spot tasks there cannot be priced). */
  public record Rates(
      double onDemandVcpuHour, double onDemandGbHour, Double spotVcpuHour, Double spotGbHour) {
    /** Price of one task of {@code vcpu} and {@code gb} for an hour on demand. */
    public double onDemand(double vcpu, double gb) {
      return vcpu * onDemandVcpuHour + gb * onDemandGbHour;
    }

    public boolean hasSpot() {
      return spotVcpuHour != null && spotGbHour != null;
    }

    /** The same on Fargate Spot; only when {@link #hasSpot()}. */
    public double spot(double vcpu, double gb) {
      return vcpu * spotVcpuHour + gb * spotGbHour;
    }
  }

  public Optional<Rates> find(String region, String architecture) {
    return Optional.ofNullable(rates.get(new Key(region, architecture)));
  }

  /** "AWS Fargate example prices (Linux), 2026-12-05": what status and the dashboard cite. */
  public String citation() {
    return label + ", " + asOf;
  }

  private static PriceTable examplesCache;

  /** The example table bundled with the operator (read once). */
  public static synchronized PriceTable examples() {
    if (examplesCache == null) {
      try (InputStream in = PriceTable.class.getResourceAsStream(EXAMPLES)) {
        if (in == null) throw new IllegalStateException("price table missing from the jar");
        examplesCache = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), EXAMPLES);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return examplesCache;
  }

  /** A table from a file; a problem is an {@link IllegalArgumentException} naming the file. */
  public static PriceTable load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read price table " + file + ": " + e, e);
    }
  }

  /** Parses and checks a table; {@code origin} names it in messages. */
  public static PriceTable parse(String yaml, String origin) {
    TableFile file;
    try {
      file = YAML.readValue(yaml, TableFile.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(
          "price table " + origin + ": " + e.getOriginalMessage() + at(e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("price table " + origin + ": not YAML: " + e, e);
    }
    List<String> problems = new ArrayList<>();
    if (file == null) file = new TableFile();
    if (file.label == null || file.label.isBlank()) problems.add("label: required");
    LocalDate asOf = null;
    try {
      asOf = file.asOf == null ? null : LocalDate.parse(file.asOf);
    } catch (DateTimeParseException e) {
      problems.add("asOf: " + file.asOf + " is not a date YYYY-MM-DD");
    }
    if (file.asOf == null) problems.add("asOf: required, the date the prices were taken");
    String currency = file.currency == null ? USD : file.currency;
    if (!USD.equals(currency)) problems.add("currency: " + currency + "; only USD is supported");
    Map<Key, Rates> rates = new LinkedHashMap<>();
    List<Row> rows = file.prices == null ? List.of() : file.prices;
    if (rows.isEmpty()) problems.add("prices: at least one row is needed");
    for (int i = 0; i < rows.size(); i++) {
      row(rows.get(i), "prices[" + i + "]", rates, problems);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "price table " + origin + ": " + String.join("; ", problems));
    }
    return new PriceTable(file.label, asOf, currency, Map.copyOf(rates));
  }

  private static void row(Row r, String path, Map<Key, Rates> rates, List<String> problems) {
    int before = problems.size();
    if (r.region == null || !r.region.matches("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$")) {
      problems.add(path + ".region: " + r.region + " is not an AWS Region such as us-east-1");
    }
    if (!"X86_64".equals(r.architecture) && !"ARM64".equals(r.architecture)) {
      problems.add(path + ".architecture: " + r.architecture + " is not X86_64 or ARM64");
    }
    price(r.onDemandVcpuHour, path + ".onDemandVcpuHour", true, problems);
    price(r.onDemandGbHour, path + ".onDemandGbHour", true, problems);
    price(r.spotVcpuHour, path + ".spotVcpuHour", false, problems);
    price(r.spotGbHour, path + ".spotGbHour", false, problems);
    if ((r.spotVcpuHour == null) != (r.spotGbHour == null)) {
      problems.add(path + ": give both spotVcpuHour and spotGbHour, or neither");
    }
    if (problems.size() > before) return;
    Key key = new Key(r.region, r.architecture);
    Rates previous =
        rates.put(
            key, new Rates(r.onDemandVcpuHour, r.onDemandGbHour, r.spotVcpuHour, r.spotGbHour));
    if (previous != null) problems.add(path + ": a second row for " + key);
  }

  private static void price(Double value, String path, boolean required, List<String> problems) {
    if (value == null) {
      if (required) problems.add(path + ": required");
    } else if (!Double.isFinite(value) || value <= 0) {
      problems.add(path + ": " + value + " must be a positive number of USD");
    }
  }

  private static String at(JsonMappingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }

  /** The file as written; every key is checked, so a misspelt one is refused. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  static final class TableFile {
    public String label;
    public String asOf;
    public String currency;
    public List<Row> prices;
  }

  /** One row as written; {@code note} is for people (where the number comes from). */
  static final class Row {
    public String region;
    public String architecture;
    public Double onDemandVcpuHour;
    public Double onDemandGbHour;
    public Double spotVcpuHour;
    public Double spotGbHour;
    public String note;
  }
}
