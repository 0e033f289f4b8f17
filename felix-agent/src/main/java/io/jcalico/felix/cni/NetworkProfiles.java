package io.jcalico.felix.cni;

import io.jcalico.felix.shim.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profile a container attached outside Kubernetes lists: the one named after its network.
 * As Calico's CNI plugin does on ADD, it is created when absent; a network config that names a
 * policy type leaves profiles to that policy's owner, and a Kubernetes pod lists its namespace's
 * profile instead. It is never updated and never deleted, not even by DEL of the network's last
 * container.
 *
 * <p>ADD latency: a network whose profile was found or made is taken as having it for a while
 * ({@link #REMEMBER} in the daemon), so only the first ADD of a network, and one in that while
 * after, asks the datastore; a profile an operator deleted comes back at that ADD.
 */
public final class NetworkProfiles {
  /** How long the daemon takes a profile seen to exist as existing. */
  public static final Duration REMEMBER = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(NetworkProfiles.class);
  private static final NetworkProfiles NONE = new NetworkProfiles(null, Clock.system(), Duration.ZERO);

  /** Null for {@link #NONE}. */
  private final ProfileWriter writer;
  private final Clock clock;
  private final long rememberNanos;
  /** Network name to the {@link Clock#nanoTime} its profile was last seen to exist. */
  private final ConcurrentMap<String, Long> confirmed = new ConcurrentHashMap<>();

  public NetworkProfiles(ProfileWriter writer, Clock clock, Duration remember) {
    this.writer = writer;
    this.clock = clock;
    this.rememberNanos = remember.toNanos();
  }

  /** Makes no profiles: the endpoints' profiles are someone else's business. */
  public static NetworkProfiles none() {
    return NONE;
  }

  /** The profile the attachment's endpoint needs made: its network's, for a container outside Kubernetes. */
  public static Optional<String> profileToMake(Attachment a) {
    return a.pod().isEmpty() && a.conf().policyType().isEmpty() ? Optional.of(a.conf().name()) : Optional.empty();
  }

  /** Makes sure the profile the attachment needs exists (see {@link #profileToMake}). */
  public void ensureFor(Attachment a) throws AttachException {
    Optional<String> name = profileToMake(a);
    if (writer == null || name.isEmpty()) {
      return;
    }
    long now = clock.nanoTime();
    Long seen = confirmed.get(name.get());
    if (seen != null && now - seen < rememberNanos) {
      return;
    }
    if (writer.createIfAbsent(name.get())) {
      LOG.info("created Profile {} for the containers of network {}", name.get(), name.get());
    }
    confirmed.put(name.get(), now);
  }
}
