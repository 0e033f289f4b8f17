package io.jcalico.felix.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Liveness and readiness of the daemon as the sum of its parts, as Felix's health aggregator:
 * each component registers with a timeout and reports periodically; a component that stops
 * reporting for longer than its timeout counts as not live and not ready.
 */
public final class HealthAggregator {
  /** One component's last report. */
  public record Report(boolean live, boolean ready, String detail, Instant at, Duration timeout) {
    boolean fresh(Instant now) {
      return timeout.isZero() || !at.plus(timeout).isBefore(now);
    }
  }

  /** The state of every component, for the HTTP endpoints. */
  public record Summary(boolean live, boolean ready, Map<String, String> components) {}

  private final Map<String, Report> reports = new ConcurrentHashMap<>();
  private final Clock clock;

  public HealthAggregator(Clock clock) {
    this.clock = clock;
  }

  /** Records a component's state; {@code timeout} zero means the report never goes stale. */
  public void report(String component, boolean live, boolean ready, String detail, Duration timeout) {
    reports.put(component, new Report(live, ready, detail == null ? "" : detail, clock.instant(), timeout));
  }

  public Summary summary() {
    Instant now = clock.instant();
    boolean live = true;
    boolean ready = !reports.isEmpty();
    Map<String, String> out = new TreeMap<>();
    for (var e : reports.entrySet()) {
      Report r = e.getValue();
      boolean fresh = r.fresh(now);
      boolean l = r.live() && fresh;
      boolean rd = r.ready() && fresh;
      live &= l;
      ready &= rd;
      out.put(e.getKey(), (l ? "live" : "not live") + ", " + (rd ? "ready" : "not ready")
          + (fresh ? "" : ", no report for " + Duration.between(r.at(), now).toSeconds() + " s")
          + (r.detail().isEmpty() ? "" : ": " + r.detail()));
    }
    return new Summary(live, ready, out);
  }
}
