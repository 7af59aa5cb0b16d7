package dev.slipway.cli.kubectl;

/** Labelled lines aligned in one column, skipping absent values: the body of a status summary. */
final class LabelledLines {
  private static final int LABEL = 14;
  private final StringBuilder out = new StringBuilder();

  void title(String text) {
    out.append(text).append('\n');
  }

  void line(String label, String value) {
    if (value == null) return;
    String head = label.isEmpty() ? "" : label + ":";
    out.append(head).append(" ".repeat(Math.max(1, LABEL - head.length()))).append(value);
    out.append('\n');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
