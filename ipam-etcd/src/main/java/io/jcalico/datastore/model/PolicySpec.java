package io.jcalico.datastore.model;

import java.util.List;

/** What NetworkPolicy and GlobalNetworkPolicy specs have in common. */
public interface PolicySpec {

  String TYPE_INGRESS = "Ingress";
  String TYPE_EGRESS = "Egress";
  String DEFAULT_TIER = "default";
  List<String> PERFORMANCE_HINTS = List.of("AssumeNeededOnEveryNode");

  String tier();

  Double order();

  List<Rule> ingress();

  List<Rule> egress();

  String selector();

  List<String> types();

  String serviceAccountSelector();

  List<String> performanceHints();

  /**
   * The types Calico stores when none are given: Ingress unless there are only egress rules,
   * both when there are both.
   */
  static List<String> inferTypes(List<Rule> ingress, List<Rule> egress) {
    boolean in = ingress != null && !ingress.isEmpty();
    boolean eg = egress != null && !egress.isEmpty();
    if (!eg) return List.of(TYPE_INGRESS);
    return in ? List.of(TYPE_INGRESS, TYPE_EGRESS) : List.of(TYPE_EGRESS);
  }
}
