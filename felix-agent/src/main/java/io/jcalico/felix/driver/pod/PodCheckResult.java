package io.jcalico.felix.driver.pod;

import java.util.List;

/** The outcome of {@link PodNetworkPlumber#check}: empty problems means all is as set up. */
public record PodCheckResult(List<String> problems) {
  public PodCheckResult {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
