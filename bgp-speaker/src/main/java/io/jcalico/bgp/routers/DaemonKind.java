package io.jcalico.bgp.routers;

import java.util.Locale;
import java.util.Optional;

/** The reference daemons, each a factory for its {@link RouterDaemon}. */
public enum DaemonKind {
  BIRD,
  FRR,
  GOBGP;

  /** A daemon of this kind for {@code config}, not yet started, inside {@code netns} when present. */
  public RouterDaemon create(RouterConfig config, Optional<String> netns) {
    return switch (this) {
      case BIRD -> new BirdDaemon(config, netns);
      case FRR -> new FrrBgpd(config, netns);
      case GOBGP -> new GoBgpDaemon(config, netns);
    };
  }

  public RouterDaemon create(RouterConfig config) {
    return create(config, Optional.empty());
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
