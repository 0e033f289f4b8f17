package io.jcalico.ipam;

import java.util.Map;

/** The labels of a node, for matching pools' nodeSelectors. */
@FunctionalInterface
public interface HostLabels {
  HostLabels NONE = host -> Map.of();

  Map<String, String> labels(String host);
}
