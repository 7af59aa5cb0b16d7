package dev.slipway.dashboard;

import java.util.List;

/** The JSON the dashboard page reads: only the fields it shows, never a spec's env or secrets. */
public final class Views {
  private Views() {}

  /**
   * How a state is coloured: {@code ok} (green), {@code busy} (blue), {@code bad} (red), {@code
   * idle} (grey). The page maps only these four words to CSS classes.
   */
  public enum Tone {
    ok,
    busy,
    bad,
    idle
  }

  /** A phase as the page shows it: the word, its colour and the operator's message. */
  public record PhaseView(String phase, Tone tone, String message) {}

  /**
   * A point in time: ISO-8601 for the tooltip and a plain-words form ("in 3 days", "5 minutes ago")
   * relative to when the answer was made.
   */
  public record TimeView(String at, String relative) {}

  /** A link only when {@code href} is an http(s) URL; otherwise the page shows {@code text}. */
  public record LinkView(String text, String href) {}

  /** The outcome of the most recent release: "Deployed", "Failed", ... with its colour and time. */
  public record ResultView(String result, Tone tone, String message, TimeView at) {}

  /**
   * An environment's estimated cost as the page shows it: USD per hour now ("$0.0724", or
   * "unknown"), per month with its schedule ("$20.45"), the saving against always-on on-demand
   * ("-73.3%") and, for the tooltip, how it was reckoned or why it is unknown.
   */
  public record CostView(String hourly, String monthly, String saving, String detail) {}

  /** One row of the environments table. */
  public record EnvironmentRow(
      String namespace,
      String name,
      String kind,
      String branch,
      String from,
      LinkView url,
      PhaseView phase,
      String imageTag,
      ResultView lastResult,
      TimeView expires,
      Integer branchEnvironments,
      CostView cost) {}

  /** One row of the releases table. */
  public record ReleaseRow(
      String namespace,
      String name,
      String environment,
      String branch,
      PhaseView phase,
      String image,
      String replicas,
      ResultView lastResult,
      TimeView updated) {}

  /** An answer of {@code /api/environments}. */
  public record EnvironmentList(String generatedAt, List<EnvironmentRow> items) {}

  /** An answer of {@code /api/releases}. */
  public record ReleaseList(String generatedAt, List<ReleaseRow> items) {}
}
