package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A policy or profile rule: match criteria and an action (Calico's v3 {@code Rule}). Every match
 * has a negated twin ({@code notProtocol}, {@code notICMP}, {@code notNets}, ...); all criteria
 * of a rule must hold for it to match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rule(
    String action,
    Integer ipVersion,
    Protocol protocol,
    ICMPFields icmp,
    Protocol notProtocol,
    ICMPFields notICMP,
    EntityRule source,
    EntityRule destination,
    HTTPMatch http,
    RuleMetadata metadata) {

  public static final List<String> ACTIONS = List.of("Allow", "Deny", "Log", "Pass");

  public static Rule action(String action) {
    return new Rule(action, null, null, null, null, null, null, null, null, null);
  }

  /** This rule matching only packets whose source is {@code source}. */
  public Rule withSource(EntityRule source) {
    return new Rule(action, ipVersion, protocol, icmp, notProtocol, notICMP, source, destination, http, metadata);
  }

  /** ICMP type (0-254) and code (0-255); a code needs a type. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ICMPFields(Integer type, Integer code) {}

  /** What the source or destination of a packet must be. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EntityRule(
      List<String> nets,
      String selector,
      String namespaceSelector,
      ServiceMatch services,
      List<Port> ports,
      List<String> notNets,
      String notSelector,
      List<Port> notPorts,
      ServiceAccountMatch serviceAccounts) {
    public EntityRule {
      nets = Copies.list(nets);
      ports = Copies.list(ports);
      notNets = Copies.list(notNets);
      notPorts = Copies.list(notPorts);
    }

    /** The endpoints {@code selector} selects, nothing else said. */
    public static EntityRule selecting(String selector) {
      return new EntityRule(null, selector, null, null, null, null, null, null, null);
    }
  }

  /** A Kubernetes Service by name (and namespace). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServiceMatch(String name, String namespace) {}

  /** Pods running as service accounts with these names and/or labels. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServiceAccountMatch(List<String> names, String selector) {
    public ServiceAccountMatch {
      names = Copies.list(names);
    }
  }

  /** Application-layer match on HTTP requests. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HTTPMatch(List<String> methods, List<HTTPPath> paths) {
    public HTTPMatch {
      methods = Copies.list(methods);
      paths = Copies.list(paths);
    }
  }

  /** One of {@code exact} or {@code prefix}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HTTPPath(String exact, String prefix) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleMetadata(Map<String, String> annotations) {
    public RuleMetadata {
      annotations = Copies.map(annotations);
    }
  }
}
