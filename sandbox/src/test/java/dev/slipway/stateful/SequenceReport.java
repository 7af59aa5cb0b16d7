package dev.slipway.stateful;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a run of sequences tells a person: how long it took, which invariants broke in which seeds,
 * and for each the shortest (or minimized) sequence as Java to paste into a regression test, with
 * the flags that replay it.
 */
final class SequenceReport<S> {
  private final String name;
  private final Function<S, String> printer;

  SequenceReport(String name, Function<S, String> printer) {
    this.name = name;
    this.printer = printer;
  }

  /** A report of all outcomes: per invariant, which seeds broke it and the shortest example. */
  String report(
      long base,
      List<SequenceRunner.Outcome<S>> outcomes,
      Map<Invariant, SequenceRunner.Outcome<S>> minimal,
      Duration wall) {
    Duration total =
        outcomes.stream().map(SequenceRunner.Outcome::took).reduce(Duration.ZERO, Duration::plus);
    long cpu =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    long failing = outcomes.stream().filter(o -> !o.failures().isEmpty()).count();
    StringBuilder out = new StringBuilder();
    out.append(name)
        .append(": ")
        .append(outcomes.size())
        .append(" sequences (seeds ")
        .append(base)
        .append("..")
        .append(base + outcomes.size() - 1)
        .append("), ")
        .append(outcomes.stream().mapToInt(o -> o.steps().size()).sum())
        .append(" steps in ")
        .append(wall.toSeconds())
        .append(" s wall (")
        .append(total.toSeconds())
        .append(" s summed over sequences, of which checking invariants and opening/closing ")
        .append(
            outcomes.stream()
                .map(SequenceRunner.Outcome::checking)
                .reduce(Duration.ZERO, Duration::plus)
                .toSeconds())
        .append(" s; JVM CPU so far ")
        .append(cpu / 1_000_000_000L)
        .append(" s); ")
        .append(failing)
        .append(" broke an invariant\n");
    Map<Invariant, List<SequenceRunner.Outcome<S>>> byInvariant = new LinkedHashMap<>();
    for (Invariant invariant : Invariant.values()) {
      List<SequenceRunner.Outcome<S>> broken =
          outcomes.stream().filter(o -> o.broke(invariant)).toList();
      if (!broken.isEmpty()) byInvariant.put(invariant, broken);
    }
    byInvariant.forEach(
        (invariant, broken) -> describe(out, invariant, broken, minimal.get(invariant)));
    return out.toString();
  }

  private void describe(
      StringBuilder out,
      Invariant invariant,
      List<SequenceRunner.Outcome<S>> broken,
      SequenceRunner.Outcome<S> minimal) {
    out.append("\n")
        .append(invariant)
        .append(": broken in ")
        .append(broken.size())
        .append(" sequences; seeds ")
        .append(broken.stream().limit(12).map(o -> Long.toString(o.seed())).toList())
        .append('\n');
    SequenceRunner.Outcome<S> example =
        minimal != null
            ? minimal
            : broken.stream().min(Comparator.comparingInt(o -> o.steps().size())).orElseThrow();
    SequenceRunner.Failure first =
        example.failures().stream()
            .filter(f -> f.violation().invariant() == invariant)
            .findFirst()
            .orElseThrow();
    String at = first.step() < example.steps().size() ? "step " + (first.step() + 1) : "the finish";
    out.append("  ")
        .append(minimal != null ? "minimized" : "shortest")
        .append(" example: seed ")
        .append(example.seed())
        .append(", ")
        .append(example.steps().size())
        .append(" steps, at ")
        .append(at)
        .append(": ")
        .append(Texts.shorten(first.violation().detail()))
        .append('\n');
    out.append("  replay: -Dslipway.stateful.seed=")
        .append(example.seed())
        .append(" -Dslipway.stateful.tries=1\n  steps: List.of(\n");
    for (int i = 0; i < example.steps().size(); i++) {
      out.append("      ")
          .append(printer.apply(example.steps().get(i)))
          .append(i + 1 < example.steps().size() ? "," : ")")
          .append('\n');
    }
  }

  /** Writes the report under target/stateful/ and returns its path. */
  static Path save(String file, String report, List<? extends SequenceRunner.Outcome<?>> outcomes) {
    Path dir = Path.of("target", "stateful");
    try {
      Files.createDirectories(dir);
      StringBuilder details = new StringBuilder(report).append("\n\nall failures:\n");
      for (SequenceRunner.Outcome<?> o : outcomes) {
        for (SequenceRunner.Failure f : o.failures()) {
          details
              .append("seed ")
              .append(o.seed())
              .append(' ')
              .append(at(o, f))
              .append(": ")
              .append(f.violation())
              .append('\n');
        }
      }
      details.append("\ntimes:\n");
      for (SequenceRunner.Outcome<?> o : outcomes) {
        details
            .append("seed ")
            .append(o.seed())
            .append(": ")
            .append(o.steps().size())
            .append(" steps, ")
            .append(o.took().toMillis())
            .append(" ms\n");
      }
      Path path = dir.resolve(file);
      Files.writeString(path, details);
      return path;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the report", e);
    }
  }

  static String at(SequenceRunner.Outcome<?> o, SequenceRunner.Failure f) {
    return f.step() < o.steps().size() ? "step " + (f.step() + 1) : "finish";
  }
}
