package dev.slipway.stateful;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    World<S> world;
    try {
      world = worlds.open(seed, index.getAndIncrement());
    } catch (RuntimeException e) {
      failures.add(new Failure(0, new Violation(Invariant.HARNESS, stackTrace(e))));
      return new Outcome<>(seed, steps, failures, Duration.ZERO, Duration.ZERO);
    }
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

  /** The report of a run: per broken invariant, the seeds and the shortest example as Java. */
  String report(
      long base,
      List<Outcome<S>> outcomes,
      java.util.Map<Invariant, Outcome<S>> minimal,
      Duration wall) {
    return new SequenceReport<>(name, printer).report(base, outcomes, minimal, wall);
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
      out.append("  after ")
          .append(SequenceReport.at(outcome, f))
          .append(": ")
          .append(f.violation())
          .append('\n');
    }
    throw new AssertionError(out.toString());
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
