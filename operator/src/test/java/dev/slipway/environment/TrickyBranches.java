package dev.slipway.environment;

import java.util.List;

/** Branch names that are hard to name, shared by the naming unit test and the database ITs. */
public final class TrickyBranches {
  private TrickyBranches() {}

  /**
   * Branches that are hard to name: separators, case, unicode, SQL/shell metacharacters, length.
   */
  public static final List<String> NAMES =
      List.of(
          "qa/foo",
          "qa-foo",
          "QA/Foo",
          "qa_foo",
          "qa.foo",
          "qa foo",
          "qa//foo",
          "qa/foo/",
          "qa/feature.x",
          "qa/feature-x",
          "qa/..",
          "..",
          "qa/../../etc/passwd",
          "qa/it's",
          "qa/\"quoted\"",
          "qa/`backtick`",
          "qa/x; DROP DATABASE mysql; --",
          "qa/x`; DROP TABLE t; --",
          "qa/café",
          "qa/cafe",
          "qa/日本語",
          "qa/中文",
          "日本語",
          "qa/🚀",
          "qa/a*b?[c]",
          "-",
          "123",
          "qa/" + "very-long-branch-name-".repeat(12),
          "qa/" + "very-long-branch-name-".repeat(12) + "2",
          "QA/" + "Very_Long_Branch_Name.".repeat(12),
          "qa/Ünïcödé_ŚTRÏNG");
}
