package io.jcalico.calicoctl.output;

import java.util.List;

/**
 * A table laid out as calicoctl lays it out: Go's {@code text/tabwriter} with minwidth 5, padding 3
 * and every cell tab-terminated, so each cell (the last one too) is padded to its column's width
 * and lines keep their trailing spaces. Column width is {@code max(5, widest cell + 3)}, counted in
 * code points.
 */
public final class GoTable {
  private static final int MIN_WIDTH = 5;
  private static final int PADDING = 3;

  private GoTable() {}

  /** The header line and one line per row, each ending in a newline. */
  public static String render(List<String> headers, List<List<String>> rows) {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) width[i] = Math.max(MIN_WIDTH, length(headers.get(i)) + PADDING);
    for (List<String> row : rows) {
      for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], length(row.get(i)) + PADDING);
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, width);
    rows.forEach(r -> line(sb, r, width));
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    for (int i = 0; i < width.length; i++) {
      String c = cells.get(i);
      sb.append(c).append(" ".repeat(width[i] - length(c)));
    }
    sb.append('\n');
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
