package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * BGPFilter spec: rules per direction and family. Rules are tried in order; the first that matches
 * decides (Accept or Reject); a route no rule matches is accepted. The v4 and v6 rule types of
 * Calico's API have the same fields, so one record serves both.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BGPFilterSpec(
    List<Rule> exportV4,
    List<Rule> importV4,
    List<Rule> exportV6,
    List<Rule> importV6) {

  public static final List<String> ACTIONS = List.of("Accept", "Reject");
  public static final List<String> MATCH_OPERATORS = List.of("Equal", "NotEqual", "In", "NotIn");
  public static final List<String> SOURCES = List.of("RemotePeers");

  public BGPFilterSpec {
    exportV4 = Copies.list(exportV4);
    importV4 = Copies.list(importV4);
    exportV6 = Copies.list(exportV6);
    importV6 = Copies.list(importV6);
  }

  /**
   * One rule. With {@code cidr} and {@code matchOperator} the route's prefix is compared to the
   * CIDR: Equal (the same prefix), NotEqual, In (inside it, the CIDR itself included), NotIn;
   * {@code prefixLength} narrows In/NotIn to routes of those lengths. {@code source: RemotePeers}
   * limits the rule to routes learned from peers; {@code interface} to routes from matching
   * interfaces.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rule(
      String cidr,
      PrefixLength prefixLength,
      String source,
      @com.fasterxml.jackson.annotation.JsonProperty("interface") String iface,
      String matchOperator,
      String action) {}

  /** Bounds of the prefix length a rule matches (either may be absent). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PrefixLength(Integer min, Integer max) {}
}
