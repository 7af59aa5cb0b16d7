package dev.slipway.stateful;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Runs seeded step sequences, each in a fresh {@link World}, checking the invariants after every
 * step and once more after the world's finish (causes gone, everything deleted). A failing sequence
 * is reported with its seed, the replay flags and the steps as Java, ready to become a regression
 * test; {@link #minimize} shortens one first.
 */
final class SequenceRunner<S> {
  /** One sequence's world: applies steps and checks invariants. */
  interface World<S> extends AutoCloseable {
    void apply(S step);

    List<Violation> check();

    /** Removes every cause of trouble, deletes everything, checks that everything is gone. */
    List<Violation> finish();

    String dump();

    @Override
    void close();
  }

  /** Makes the world for sequence number {@code index} with simulator seed {@code seed}. */
  interface Worlds<S> {
    World<S> open(long seed, int index);
  }

  /** An invariant broken at step {@code step} (steps.size() = the finish). */
  record Failure(int step, Violation violation) {}

  /** One sequence as it ran. */
  record Outcome<S>(
      long seed, List<S> steps, List<Failure> failures, Duration took, Duration checking) {
    boolean broke(Invariant invariant) {
      return failures.stream().anyMatch(f -> f.violation().invariant() == invariant);
    }
  }

  private final String name;
  private final LongFunction<List<S>> generator;
  private final Worlds<S> worlds;
  private final Function<S, String> printer;
  private final AtomicInteger index = new AtomicInteger();

  SequenceRunner(
      String name, LongFunction<List<S>> generator, Worlds<S> worlds, Function<S, String> java) {
    this.name = name;
    this.generator = generator;
    this.worlds = worlds;
    this.printer = java;
  }

  /**
   * Runs {@code tries} sequences with seeds {@code base}, {@code base + 1}, … on {@code parallel}
   * threads (each sequence has its own world, so they never share state); in seed order.
   */
  List<Outcome<S>> runMany(long base, int tries, int parallel) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
    try {
      List<Future<Outcome<S>>> futures = new ArrayList<>();
      for (int i = 0; i < tries; i++) {
        long seed = base + i;
        futures.add(pool.submit(() -> run(seed, generator.apply(seed))));
      }
      List<Outcome<S>> outcomes = new ArrayList<>();
      for (Future<Outcome<S>> f : futures) outcomes.add(f.get());
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a sequence could not run", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs one sequence; the world is closed (its namespace and datastore names removed) after. */
  Outcome<S> run(long seed, List<S> steps) {
    long started = System.nanoTime();
    List<Failure> failures = new ArrayList<>();
    long checking = 0;
    long opening = System.nanoTime();
    World<S> world = worlds.open(seed, index.getAndIncrement());
    checking += System.nanoTime() - opening;
    try {
      int at = 0;
      try {
        for (; at < steps.size(); at++) {
          long stepStarted = System.nanoTime();
          world.apply(steps.get(at));
          int step = at;
          long checkStarted = System.nanoTime();
          List<Violation> found = world.check();
          checking += System.nanoTime() - checkStarted;
          found.forEach(v -> addOnce(failures, new Failure(step, v)));
          trace(seed, at, steps.get(at), found, world, stepStarted);
        }
        int finish = at;
        world.finish().forEach(v -> addOnce(failures, new Failure(finish, v)));
      } catch (StepDriver.NotSettled e) {
        failures.add(new Failure(at, new Violation(Invariant.SETTLES, e.getMessage())));
      } catch (RuntimeException e) {
        failures.add(
            new Failure(at, new Violation(Invariant.HARNESS, stackTrace(e) + "\n" + world.dump())));
      }
    } finally {
      long closing = System.nanoTime();
      world.close();
      checking += System.nanoTime() - closing;
    }
    return new Outcome<>(
        seed,
        steps,
        failures,
        Duration.ofNanos(System.nanoTime() - started),
        Duration.ofNanos(checking));
  }

  /** A violation still there a step later is the same one: report where it first showed. */
  private static void addOnce(List<Failure> failures, Failure failure) {
    String key = failure.violation().toString().replaceAll("Request ID: [-0-9a-f]+", "");
    boolean seen =
        failures.stream()
            .anyMatch(
                f -> f.violation().toString().replaceAll("Request ID: [-0-9a-f]+", "").equals(key));
    if (!seen) failures.add(failure);
  }

  /** With -Dslipway.stateful.trace=true: each step, what it broke and the world after it. */
  private void trace(
      long seed, int at, S step, List<Violation> found, World<S> world, long started) {
    if (!StatefulSupport.TRACE) return;
    System.out.printf(
        "seed %d step %d (%d ms): %s%n%s%s%n",
        seed,
        at + 1,
        (System.nanoTime() - started) / 1_000_000,
        printer.apply(step),
        found.isEmpty() ? "" : "  broke: " + found + "\n",
        world.dump());
  }

  /**
   * Drops steps while the sequence still breaks {@code invariant} (one at a time, from the end),
   * within {@code budget}; returns the shortest sequence found.
   */
  Outcome<S> minimize(Outcome<S> failed, Invariant invariant, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    Outcome<S> best = failed;
    boolean shrunk = true;
    while (shrunk && System.nanoTime() < deadline) {
      shrunk = false;
      for (int i = best.steps().size() - 1; i >= 0 && System.nanoTime() < deadline; i--) {
        List<S> fewer = new ArrayList<>(best.steps());
        fewer.remove(i);
        Outcome<S> attempt = run(best.seed(), fewer);
        if (attempt.broke(invariant)) {
          best = attempt;
          shrunk = true;
        }
      }
    }
    return best;
  }

  /** A report of all outcomes: per invariant, which seeds broke it and the shortest example. */
  String report(
      long base, List<Outcome<S>> outcomes, Map<Invariant, Outcome<S>> minimal, Duration wall) {
    Duration total = outcomes.stream().map(Outcome::took).reduce(Duration.ZERO, Duration::plus);
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
                .map(Outcome::checking)
                .reduce(Duration.ZERO, Duration::plus)
                .toSeconds())
        .append(" s; JVM CPU so far ")
        .append(cpu / 1_000_000_000L)
        .append(" s); ")
        .append(failing)
        .append(" broke an invariant\n");
    Map<Invariant, List<Outcome<S>>> byInvariant = new LinkedHashMap<>();
    for (Invariant invariant : Invariant.values()) {
      List<Outcome<S>> broken = outcomes.stream().filter(o -> o.broke(invariant)).toList();
      if (!broken.isEmpty()) byInvariant.put(invariant, broken);
    }
    byInvariant.forEach(
        (invariant, broken) -> describe(out, invariant, broken, minimal.get(invariant)));
    return out.toString();
  }

  private void describe(
      StringBuilder out, Invariant invariant, List<Outcome<S>> broken, Outcome<S> minimal) {
    out.append("\n")
        .append(invariant)
        .append(": broken in ")
        .append(broken.size())
        .append(" sequences; seeds ")
        .append(broken.stream().limit(12).map(o -> Long.toString(o.seed())).toList())
        .append('\n');
    Outcome<S> example =
        minimal != null
            ? minimal
            : broken.stream().min(Comparator.comparingInt(o -> o.steps().size())).orElseThrow();
    Failure first =
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
  static Path save(String file, String report, List<? extends Outcome<?>> outcomes) {
    Path dir = Path.of("target", "stateful");
    try {
      Files.createDirectories(dir);
      StringBuilder details = new StringBuilder(report).append("\n\nall failures:\n");
      for (Outcome<?> o : outcomes) {
        for (Failure f : o.failures()) {
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
      for (Outcome<?> o : outcomes) {
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

  private static String at(Outcome<?> o, Failure f) {
    return f.step() < o.steps().size() ? "step " + (f.step() + 1) : "finish";
  }

  /**
   * Runs one recorded sequence (a regression test) and fails with every violation it shows, each
   * with the step it appeared after.
   */
  void replay(long seed, List<S> steps) {
    Outcome<S> outcome = run(seed, steps);
    if (outcome.failures().isEmpty()) return;
    StringBuilder out = new StringBuilder("the sequence broke invariants:\n");
    for (Failure f : outcome.failures()) {
      out.append("  after ").append(at(outcome, f)).append(": ").append(f.violation()).append('\n');
    }
    throw new AssertionError(out.toString());
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
