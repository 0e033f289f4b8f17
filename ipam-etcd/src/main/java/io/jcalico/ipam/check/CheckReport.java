package io.jcalico.ipam.check;

import java.util.List;

/** The result of an IPAM check at one etcd revision: the findings and what was looked at. */
public record CheckReport(long revision, int blocks, int affinities, int handles, int allocations,
    List<Finding> findings) {

  public CheckReport {
    findings = List.copyOf(findings);
  }

  public boolean isClean() {
    return findings.isEmpty();
  }

  public List<Finding> of(Finding.Kind kind) {
    return findings.stream().filter(f -> f.kind() == kind).toList();
  }

  /** As {@code calicoctl ipam check} ends its output. */
  public String summary() {
    return "Check complete; found " + findings.size() + " problems.";
  }
}
