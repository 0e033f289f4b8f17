/**
 * End-to-end tests of the pod network: {@link io.jcalico.felix.e2e.Testbed} builds an underlay
 * namespace with a bridge, node namespaces each running {@code calico-node} as its own process,
 * one etcd (on host loopback, relayed to 198.18.0.1:2379 inside the underlay), and pods attached
 * by the real CNI executables from {@code target/cni-bin}. Run them with
 * {@code mvn -o -q -pl felix-agent -am test -Dtest='io.jcalico.felix.e2e.*Test' -Dsurefire.failIfNoSpecifiedTests=false};
 * the daemons' logs stay in {@code target/e2e-logs/<test bed>/} and their tails are printed when a
 * test fails. Needs root (namespaces) and the etcd binary.
 */
package io.jcalico.felix.e2e;
