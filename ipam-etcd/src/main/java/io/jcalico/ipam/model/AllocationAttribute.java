package io.jcalico.ipam.model;

import java.util.Map;

/**
 * What a block stores about an allocation: the handle and the secondary attributes (Calico:
 * {@code node}, {@code namespace}, {@code pod}, {@code timestamp}). JSON {@code {"handle_id":...,
 * "secondary":{...}}}; allocations made in one call share one entry.
 */
public record AllocationAttribute(String handleId, Map<String, String> secondary) {
  public static final String NODE = "node";
  public static final String NAMESPACE = "namespace";
  public static final String POD = "pod";
  public static final String TIMESTAMP = "timestamp";

  public AllocationAttribute {
    secondary = secondary == null ? null : Map.copyOf(secondary);
  }

  public Map<String, String> secondaryOrEmpty() {
    return secondary == null ? Map.of() : secondary;
  }
}
