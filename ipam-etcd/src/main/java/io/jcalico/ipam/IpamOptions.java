package io.jcalico.ipam;

import java.time.Clock;

/**
 * Tuning of {@link EtcdIpam}.
 *
 * @param maxAttempts compare-and-swap attempts per write before giving up (Calico: 100)
 * @param serializePerHost run one allocation per host at a time in this process, as Calico's CNI
 *     plugin does with its host-wide IPAM lock: threads of one node then do not race each other
 *     for the same block (correctness never depends on it; the transactions guarantee that)
 * @param clock seeds new blocks' sequence numbers
 */
public record IpamOptions(int maxAttempts, boolean serializePerHost, Clock clock) {
  public static final IpamOptions DEFAULT = new IpamOptions(100, true, Clock.systemUTC());

  public IpamOptions {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
  }

  public IpamOptions withSerializePerHost(boolean v) {
    return new IpamOptions(maxAttempts, v, clock);
  }

  public IpamOptions withMaxAttempts(int v) {
    return new IpamOptions(v, serializePerHost, clock);
  }
}
