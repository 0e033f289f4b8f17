package io.jcalico.felix.calc;

import com.google.common.collect.ImmutableSet;
import io.jcalico.datastore.model.BGPConfiguration;
import io.jcalico.datastore.model.BGPConfigurationSpec;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.BGPPeerSpec;
import io.jcalico.datastore.model.ObjectMeta;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGPPeer and BGPConfiguration fields calico-node acts on, in one place, and a WARN for every
 * resource that sets others: such a field has no effect in jcalico, and saying so once beats a
 * silently different network. One warning per resource version (a resync of the same version says
 * nothing again); a changed or re-created resource is looked at afresh.
 */
public final class IgnoredBgpFields {
  private static final Logger log = LoggerFactory.getLogger(IgnoredBgpFields.class);

  /** BGPPeer spec fields that reach the peer computation, the speaker or its route filters. */
  public static final Set<String> PEER_FIELDS = ImmutableSet.of(
      "node", "nodeSelector", "peerIP", "asNumber", "localASNumber", "peerSelector", "reversePeering",
      "keepOriginalNextHop", "nextHopMode", "password", "sourceAddress", "maxRestartTime",
      "numAllowedLocalASNumbers", "ttlSecurity", "keepaliveTime", "filters");

  /** BGPConfiguration "default" fields acted on. */
  public static final Set<String> GLOBAL_CONFIG_FIELDS = ImmutableSet.of(
      "nodeToNodeMeshEnabled", "asNumber", "listenPort", "nodeMeshPassword", "nodeMeshMaxRestartTime",
      "communities", "prefixAdvertisements", "serviceClusterIPs", "serviceExternalIPs", "serviceLoadBalancerIPs");

  /** BGPConfiguration "node.&lt;name&gt;" fields acted on (the rest are read from "default" only). */
  public static final Set<String> NODE_CONFIG_FIELDS = ImmutableSet.of("listenPort", "communities",
      "prefixAdvertisements");

  private final String nodeName;
  private final Consumer<String> warn;
  /** "kind/name" of each resource looked at → the version looked at. */
  private final Map<String, Object> seen = new HashMap<>();

  public IgnoredBgpFields(String nodeName) {
    this(nodeName, log::warn);
  }

  /** @param warn where warnings go (tests collect them) */
  public IgnoredBgpFields(String nodeName, Consumer<String> warn) {
    this.nodeName = nodeName;
    this.warn = warn;
  }

  /** Warns about the ignored fields of resources (versions) not looked at before. */
  public synchronized void check(List<BGPPeer> peers, List<BGPConfiguration> configs) {
    Map<String, Object> now = new HashMap<>();
    for (BGPPeer p : peers) {
      if (p.spec() != null) look(now, "BGPPeer", p.metadata(), p.spec(), ignored(p.spec()));
    }
    for (BGPConfiguration c : configs) {
      if (c.spec() == null) continue;
      if (c.name().equals("default")) {
        look(now, "BGPConfiguration", c.metadata(), c.spec(), ignored(c.spec(), GLOBAL_CONFIG_FIELDS));
      } else if (c.name().equals("node." + nodeName)) {
        look(now, "BGPConfiguration", c.metadata(), c.spec(), ignored(c.spec(), NODE_CONFIG_FIELDS));
      }
    }
    seen.keySet().retainAll(now.keySet()); // a deleted resource, when re-created, is new again
    seen.putAll(now);
  }

  private void look(Map<String, Object> now, String kind, ObjectMeta meta, Record spec, List<String> ignored) {
    String key = kind + "/" + meta.name();
    // the resource version, or the spec itself where the store gives none
    Object version = meta.resourceVersion() != null ? meta.resourceVersion() : spec;
    now.put(key, version);
    if (Objects.equals(seen.get(key), version) || ignored.isEmpty()) return;
    warn.accept(kind + " " + meta.name() + ": " + String.join(", ", ignored)
        + (ignored.size() == 1 ? " is" : " are") + " set but " + (ignored.size() == 1 ? "has" : "have")
        + " no effect in jcalico (ignored)");
  }

  /** The set BGPPeer fields calico-node does not act on. */
  public static List<String> ignored(BGPPeerSpec spec) {
    return setFieldsOutside(spec, PEER_FIELDS);
  }

  /** The set BGPConfiguration fields outside {@code handled}. */
  static List<String> ignored(BGPConfigurationSpec spec, Set<String> handled) {
    return setFieldsOutside(spec, handled);
  }

  /** Components that are set (not null, not an empty string or collection) and not handled, in order. */
  static List<String> setFieldsOutside(Record spec, Set<String> handled) {
    List<String> out = new ArrayList<>();
    for (RecordComponent c : spec.getClass().getRecordComponents()) {
      if (handled.contains(c.getName())) continue;
      Object v;
      try {
        v = c.getAccessor().invoke(spec);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName(), e);
      }
      boolean set = v != null && !(v instanceof String s && s.isEmpty())
          && !(v instanceof Collection<?> col && col.isEmpty());
      if (set) out.add(c.getName());
    }
    return out;
  }
}
