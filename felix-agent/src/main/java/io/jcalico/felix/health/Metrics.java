package io.jcalico.felix.health;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;

/**
 * A small Prometheus registry: counters, gauges (set or computed at scrape time) and
 * histograms, each with fixed label names, rendered in the text exposition format 0.0.4.
 */
public final class Metrics {
  private final Map<String, Family> families = new ConcurrentHashMap<>();

  private sealed interface Family permits Counter, Gauge, Histogram {
    String name();

    String help();

    String type();

    void render(StringBuilder sb);
  }

  public Counter counter(String name, String help, String... labelNames) {
    return (Counter) families.computeIfAbsent(name, n -> new Counter(n, help, List.of(labelNames)));
  }

  public Gauge gauge(String name, String help, String... labelNames) {
    return (Gauge) families.computeIfAbsent(name, n -> new Gauge(n, help, List.of(labelNames)));
  }

  /** A histogram with upper bounds in seconds (or whatever unit the name says). */
  public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    return (Histogram) families.computeIfAbsent(name, n -> new Histogram(n, help, buckets.clone(), List.of(labelNames)));
  }

  /** The text exposition of every family, sorted by name. */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(families).values().forEach(f -> {
      sb.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
      sb.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
      f.render(sb);
    });
    return sb.toString();
  }

  private static String labels(List<String> names, List<String> values, String extra) {
    if (names.isEmpty() && extra == null) return "";
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append(names.get(i)).append("=\"")
          .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
    }
    if (extra != null) sb.append(names.isEmpty() ? "" : ",").append(extra);
    return sb.append('}').toString();
  }

  private static List<String> check(List<String> names, String[] values) {
    if (values.length != names.size()) {
      throw new IllegalArgumentException("expected labels " + names + ", got " + Arrays.toString(values));
    }
    return List.of(values);
  }

  private static String num(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  public static final class Counter implements Family {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, DoubleAdder> values = new ConcurrentHashMap<>();

    Counter(String name, String help, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = labelNames;
    }

    public void inc(String... labelValues) {
      add(1, labelValues);
    }

    public void add(double v, String... labelValues) {
      values.computeIfAbsent(check(labelNames, labelValues), k -> new DoubleAdder()).add(v);
    }

    public double get(String... labelValues) {
      DoubleAdder a = values.get(List.of(labelValues));
      return a == null ? 0 : a.sum();
    }

    @Override public String name() { return name; }

    @Override public String help() { return help; }

    @Override public String type() { return "counter"; }

    @Override
    public void render(StringBuilder sb) {
      values.forEach((k, v) -> sb.append(name).append(labels(labelNames, k, null)).append(' ').append(num(v.sum())).append('\n'));
    }
  }

  public static final class Gauge implements Family {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, Supplier<Double>> values = new ConcurrentHashMap<>();

    Gauge(String name, String help, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = labelNames;
    }

    public void set(double v, String... labelValues) {
      values.put(check(labelNames, labelValues), () -> v);
    }

    /** A value computed when scraped, e.g. the number of established sessions. */
    public void track(Supplier<Double> v, String... labelValues) {
      values.put(check(labelNames, labelValues), v);
    }

    public void remove(String... labelValues) {
      values.remove(List.of(labelValues));
    }

    @Override public String name() { return name; }

    @Override public String help() { return help; }

    @Override public String type() { return "gauge"; }

    @Override
    public void render(StringBuilder sb) {
      values.forEach((k, v) -> sb.append(name).append(labels(labelNames, k, null)).append(' ').append(num(v.get())).append('\n'));
    }
  }

  public static final class Histogram implements Family {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final List<String> labelNames;
    private final Map<List<String>, Cells> values = new ConcurrentHashMap<>();

    private record Cells(AtomicLong[] counts, DoubleAdder sum, AtomicLong count) {}

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.bounds = bounds;
      this.labelNames = labelNames;
    }

    public void observe(double v, String... labelValues) {
      Cells c = values.computeIfAbsent(check(labelNames, labelValues), k -> {
        AtomicLong[] counts = new AtomicLong[bounds.length];
        Arrays.setAll(counts, i -> new AtomicLong());
        return new Cells(counts, new DoubleAdder(), new AtomicLong());
      });
      for (int i = 0; i < bounds.length; i++) if (v <= bounds[i]) c.counts()[i].incrementAndGet();
      c.sum().add(v);
      c.count().incrementAndGet();
    }

    @Override public String name() { return name; }

    @Override public String help() { return help; }

    @Override public String type() { return "histogram"; }

    @Override
    public void render(StringBuilder sb) {
      values.forEach((k, c) -> {
        for (int i = 0; i < bounds.length; i++) {
          sb.append(name).append("_bucket").append(labels(labelNames, k, "le=\"" + num(bounds[i]) + "\""))
              .append(' ').append(c.counts()[i].get()).append('\n');
        }
        sb.append(name).append("_bucket").append(labels(labelNames, k, "le=\"+Inf\"")).append(' ').append(c.count().get()).append('\n');
        sb.append(name).append("_sum").append(labels(labelNames, k, null)).append(' ').append(num(c.sum().sum())).append('\n');
        sb.append(name).append("_count").append(labels(labelNames, k, null)).append(' ').append(c.count().get()).append('\n');
      });
    }
  }
}
