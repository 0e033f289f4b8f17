package io.jcalico.felix.cni;

/**
 * Answers one CNI invocation. Called concurrently from the socket server's threads; an
 * implementation never throws: every failure is an outcome with a CNI error on stdout.
 */
@FunctionalInterface
public interface CniHandler {
  CniOutcome handle(CniInvocation invocation);
}
