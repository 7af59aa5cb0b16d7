package dev.slipway.cli.kubectl;

import java.util.List;

/** Rows of cells aligned in columns two spaces apart, as kubectl prints its tables. */
final class Columns {
  private Columns() {}

  static String format(List<String[]> rows, String indent) {
    int[] widths = new int[rows.stream().mapToInt(r -> r.length).max().orElse(0)];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) line.append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
