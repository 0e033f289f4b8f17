package io.jcalico.datastore.validate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} grammar, which Kubernetes' {@code metav1.Duration} (and so
 * Calico's {@code maxRestartTime}, {@code keepaliveTime}) uses: an optional sign and a sequence
 * of decimal numbers with units ns, us (µs), ms, s, m, h, such as {@code 120s} or {@code 1h30m}.
 */
public final class GoDuration {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS = Map.of(
      "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {}

  public static Optional<Duration> parse(String s) {
    if (s == null || s.isEmpty()) return Optional.empty();
    String body = s;
    boolean negative = false;
    if (body.charAt(0) == '-' || body.charAt(0) == '+') {
      negative = body.charAt(0) == '-';
      body = body.substring(1);
    }
    if (body.equals("0")) return Optional.of(Duration.ZERO);
    if (body.isEmpty()) return Optional.empty();
    Matcher m = PART.matcher(body);
    BigDecimal total = BigDecimal.ZERO;
    int at = 0;
    while (at < body.length()) {
      if (!m.find(at) || m.start() != at) return Optional.empty();
      total = total.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
          .multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      at = m.end();
    }
    if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return Optional.empty();
    long nanos = total.longValue();
    return Optional.of(Duration.ofNanos(negative ? -nanos : nanos));
  }
}
