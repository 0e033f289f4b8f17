#!/usr/bin/env bash
# CNI benchmark (issue 6): ADD then DEL of 200 pods, one at a time, through our `calico`
# executable against a running calico-node (in a node network namespace, with its own etcd), and
# through the reference ptp + host-local plugins (/usr/lib/cni) in the same run; prints p50/p90/p99
# and pods/s of each and the ratios ours/reference. Needs root, etcd and containernetworking-plugins.
# Not part of the tests. Usage: scripts/bench-cni.sh [--pods N] [--warmup N] [--ipv6] [--jfr]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v etcd >/dev/null || { echo "bench-cni: etcd is not installed (scripts/install-deps.sh)" >&2; exit 1; }
[ -x /usr/lib/cni/ptp ] || { echo "bench-cni: /usr/lib/cni/ptp missing (containernetworking-plugins)" >&2; exit 1; }

# Compile (offline; builds target/cni-bin too) and write the test classpath; -am takes the other
# modules from the reactor.
mvn -o -q -B -Dstyle.color=never -pl felix-agent -am test-compile dependency:build-classpath \
  -Dmaven.test.skip.exec=true -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null

# The harness starts calico-node as a child JVM on this same class path (absolute paths).
cp="$PWD/felix-agent/target/test-classes:$PWD/felix-agent/target/classes:$(cat felix-agent/target/bench.classpath)"
cd felix-agent
exec java -Xmx512m -XX:+UseSerialGC \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.jcalico.felix.bench.CniBenchmark "$@"
