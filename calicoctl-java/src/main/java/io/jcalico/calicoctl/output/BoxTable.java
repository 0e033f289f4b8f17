package io.jcalico.calicoctl.output;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A boxed table as calicoctl's {@code node status} prints it (olekukonko/tablewriter defaults):
 * {@code +---+} borders, one space of padding, headers upper-cased and centred, numbers
 * right-aligned and other cells left-aligned.
 */
public final class BoxTable {
  private static final Pattern NUMBER = Pattern.compile("^-?\\d+(\\.\\d+)?%?$");

  private BoxTable() {}

  public static String render(List<String> headers, List<List<String>> rows) {
    int[] w = new int[headers.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = width(headers.get(i));
      for (List<String> r : rows) w[i] = Math.max(w[i], width(r.get(i)));
    }
    StringBuilder sb = new StringBuilder();
    border(sb, w);
    sb.append('|');
    for (int i = 0; i < w.length; i++) {
      String h = headers.get(i).toUpperCase(Locale.ROOT);
      int gap = w[i] - width(h);
      sb.append(' ').append(" ".repeat(gap / 2)).append(h).append(" ".repeat(gap - gap / 2)).append(" |");
    }
    sb.append('\n');
    border(sb, w);
    for (List<String> r : rows) {
      sb.append('|');
      for (int i = 0; i < w.length; i++) {
        String c = r.get(i);
        String pad = " ".repeat(w[i] - width(c));
        sb.append(' ').append(NUMBER.matcher(c.trim()).matches() ? pad + c : c + pad).append(" |");
      }
      sb.append('\n');
    }
    border(sb, w);
    return sb.toString();
  }

  private static void border(StringBuilder sb, int[] w) {
    sb.append('+');
    for (int x : w) sb.append("-".repeat(x + 2)).append('+');
    sb.append('\n');
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
