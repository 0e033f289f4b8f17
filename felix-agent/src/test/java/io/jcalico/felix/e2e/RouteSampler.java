package io.jcalico.felix.e2e;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Watches, every few hundred milliseconds, that routes which must never go away (while a daemon
 * is killed and restarted) are present, and records every sample in which one was missing.
 */
final class RouteSampler implements AutoCloseable {
  /** A route a node must keep: described for the report, recognised by a predicate. */
  record Expectation(TestNode node, String description, Predicate<KernelRoute> matches) {
    static Expectation via(TestNode node, IPAddress block, TestNode nextHop) {
      return new Expectation(node, block + " via " + nextHop.name(),
          r -> r.destination().equals(block) && r.isLearnedVia(nextHop.ipv4()));
    }

    static Expectation podRoute(TestPod pod) {
      return new Expectation(pod.node(), pod.ip() + " dev " + pod.hostInterface(),
          r -> r.destination().equals(pod.ip()) && r.device().equals(pod.hostInterface()));
    }
  }

  private final List<Expectation> expectations;
  private final List<String> gaps = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final long started = System.nanoTime();
  private volatile boolean stopped;
  private volatile int samples;

  RouteSampler(List<Expectation> expectations) {
    this.expectations = List.copyOf(expectations);
    this.thread = new Thread(this::loop, "route-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stopped) {
      for (TestNode n : expectations.stream().map(Expectation::node).distinct().toList()) {
        List<KernelRoute> routes = n.ourRoutes();
        for (Expectation e : expectations) {
          if (e.node() == n && routes.stream().noneMatch(e.matches())) {
            gaps.add("+" + (System.nanoTime() - started) / 1_000_000 + " ms " + n.name() + " lacked " + e.description());
          }
        }
      }
      samples++;
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops sampling; the samples in which a route was missing (empty: none ever was). */
  List<String> stop() {
    stopped = true; // no interrupt: it would break a running ip command; a sample ends soon
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new ArrayList<>(gaps);
  }

  int samples() {
    return samples;
  }

  @Override
  public void close() {
    stop();
  }
}
