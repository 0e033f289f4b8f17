package io.jcalico.calicoctl.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A boxed table as calicoctl's {@code ipam show} draws it (olekukonko/tablewriter defaults): a
 * {@code +---+} border above and below the header and at the end, headers centred, cells that
 * are plain numbers right-aligned and the others left-aligned, one space of padding each side.
 */
public final class BoxTable {
  private static final Pattern NUMBER = Pattern.compile("^-?\\d+\\.?\\d*$");

  private BoxTable() {}

  public static String render(List<String> headers, List<List<String>> rows) {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) width[i] = length(headers.get(i));
    for (List<String> row : rows) {
      for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], length(row.get(i)));
    }
    StringBuilder sb = new StringBuilder();
    border(sb, width);
    sb.append('|');
    for (int i = 0; i < width.length; i++) sb.append(' ').append(centre(headers.get(i), width[i])).append(" |");
    sb.append('\n');
    border(sb, width);
    for (List<String> row : rows) {
      sb.append('|');
      for (int i = 0; i < width.length; i++) {
        String c = row.get(i);
        String pad = " ".repeat(width[i] - length(c));
        sb.append(' ').append(NUMBER.matcher(c).matches() ? pad + c : c + pad).append(" |");
      }
      sb.append('\n');
    }
    border(sb, width);
    return sb.toString();
  }

  /** Go's {@code %.5g}: five significant digits, trailing zeros dropped, exponent form from 1e5. */
  public static String g5(BigDecimal v) {
    if (v.signum() == 0) return "0";
    BigDecimal r = v.round(new MathContext(5, RoundingMode.HALF_EVEN));
    int exp = r.precision() - r.scale() - 1;
    if (exp < -4 || exp >= 5) {
      String mantissa = r.movePointLeft(exp).stripTrailingZeros().toPlainString();
      return mantissa + (exp < 0 ? "e-" : "e+") + String.format("%02d", Math.abs(exp));
    }
    return r.stripTrailingZeros().toPlainString();
  }

  /** {@code n (p%)} with the percentage of total rounded as Go's {@code %.0f} rounds it. */
  public static String withPercent(BigDecimal n, BigDecimal total) {
    BigDecimal pct = total.signum() == 0 ? BigDecimal.ZERO
        : n.multiply(BigDecimal.valueOf(100)).divide(total, 0, RoundingMode.HALF_EVEN);
    return g5(n) + " (" + pct.toPlainString() + "%)";
  }

  private static void border(StringBuilder sb, int[] width) {
    sb.append('+');
    for (int w : width) sb.append("-".repeat(w + 2)).append('+');
    sb.append('\n');
  }

  /** tablewriter's Pad: the smaller half of the gap on the left. */
  private static String centre(String s, int width) {
    int gap = width - length(s);
    int left = gap / 2;
    return " ".repeat(left) + s + " ".repeat(gap - left);
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
