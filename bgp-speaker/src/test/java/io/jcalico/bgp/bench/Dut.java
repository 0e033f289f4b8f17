package io.jcalico.bgp.bench;

/**
 * A system under test: one BGP speaker process that peers with the feeder (announcing nothing to
 * it) and the monitor (accepting nothing from it) and re-advertises the feed over eBGP. It runs as
 * its own process so peak RSS and CPU are read from /proc alike for every implementation. Our own
 * speaker plugs in here as a separate JVM once it has a standalone main.
 */
interface Dut extends AutoCloseable {

  /** Short name for the table ("bird", "frr", "gobgp"). */
  String name();

  /** Starts the process configured for {@code topology}; returns once it accepts commands. */
  void start(BenchTopology topology);

  long pid();

  /** Stops the process and removes its files. */
  @Override
  void close();
}
