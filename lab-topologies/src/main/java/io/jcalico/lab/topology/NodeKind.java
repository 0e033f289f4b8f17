package io.jcalico.lab.topology;

import java.util.Locale;
import java.util.Optional;

/**
 * What a node runs, resolved from its containerlab {@code kind} and {@code image}: a {@code linux}
 * node whose image is a known router image runs that router's Debian daemon, so labs written for
 * real containerlab keep working; {@code bird}, {@code frr} and {@code gobgp} are shorthands;
 * {@code bridge} is a Linux bridge (in its own namespace here, not on the host).
 */
public enum NodeKind {
  LINUX,
  BRIDGE,
  BIRD,
  FRR,
  GOBGP,
  CALICO_NODE;

  /** The containerlab kind names we build, for error messages. */
  public static final String KNOWN = "linux, bridge, bird, frr, gobgp, calico-node";

  /** The kind a topology's {@code kind} name stands for, empty if we do not know it. */
  public static Optional<NodeKind> ofKindName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "linux" -> Optional.of(LINUX);
      case "bridge" -> Optional.of(BRIDGE);
      case "bird" -> Optional.of(BIRD);
      case "frr" -> Optional.of(FRR);
      case "gobgp" -> Optional.of(GOBGP);
      case "calico-node", "calico_node" -> Optional.of(CALICO_NODE);
      default -> Optional.empty();
    };
  }

  /** A {@code linux} node whose image is a router's runs that router; any other image stays plain linux. */
  public static NodeKind forLinuxImage(String image) {
    if (image == null) {
      return LINUX;
    }
    String repo = image.toLowerCase(Locale.ROOT);
    int tag = repo.lastIndexOf(':');
    if (tag > repo.lastIndexOf('/')) {
      repo = repo.substring(0, tag);
    }
    if (repo.equals("frrouting/frr") || repo.endsWith("/frrouting/frr") || repo.startsWith("frrouting/frr")) {
      return FRR;
    }
    if (repo.contains("bird")) {
      return BIRD;
    }
    if (repo.contains("gobgp")) {
      return GOBGP;
    }
    return LINUX;
  }

  /** Whether this kind runs one of the reference BGP daemons. */
  public boolean isRouter() {
    return this == BIRD || this == FRR || this == GOBGP;
  }

  /** The name containerlab would print. */
  public String kindName() {
    return this == CALICO_NODE ? "calico-node" : name().toLowerCase(Locale.ROOT);
  }
}
