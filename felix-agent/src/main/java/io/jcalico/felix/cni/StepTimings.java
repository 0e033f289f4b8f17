package io.jcalico.felix.cni;

/**
 * Where the time of a CNI request goes: {@link PodAttacher} reports each step it takes
 * ({@code ipam}, {@code dataplane}, {@code endpoint}) with its duration, whether it succeeded or not.
 */
@FunctionalInterface
public interface StepTimings {
  StepTimings NONE = (command, step, nanos) -> {};

  /**
   * @param command "ADD", "DEL" or "CHECK"
   * @param step "ipam", "dataplane" or "endpoint"
   */
  void record(String command, String step, long nanos);
}
