package io.jcalico.ipam;

import io.jcalico.ipam.model.PoolSpec;
import java.util.List;

/** Where IPAM learns the IP pools; asked on every allocation, so an implementation may cache. */
@FunctionalInterface
public interface PoolSource {
  List<PoolSpec> pools();

  static PoolSource of(PoolSpec... pools) {
    List<PoolSpec> l = List.of(pools);
    return () -> l;
  }
}
