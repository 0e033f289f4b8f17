#!/usr/bin/env bash
# IPAM benchmark: jcalico's etcd IPAM against the reference host-local plugin, 1 and 3 nodes,
# pool 0/50/90% full. Starts its own etcd on a free loopback port; prints a table and ratios.
# Usage: scripts/bench-ipam.sh [--calls N] [--pool CIDR]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v etcd >/dev/null || { echo "bench-ipam: etcd is not installed (scripts/install-deps.sh)" >&2; exit 1; }
[ -x /usr/lib/cni/host-local ] || { echo "bench-ipam: /usr/lib/cni/host-local missing (containernetworking-plugins)" >&2; exit 1; }
# One offline reactor build (-am: proto comes from the reactor, not ~/.m2) writes each module's
# test class path.
mvn -o -q -B -Dstyle.color=never -pl ipam-etcd -am test-compile dependency:build-classpath \
  -Dmaven.test.skip.exec=true -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp_file=ipam-etcd/target/bench.classpath
exec java -Xmx1g -cp "ipam-etcd/target/test-classes:ipam-etcd/target/classes:$(cat "$cp_file")" \
  io.jcalico.ipam.bench.IpamBenchmark "$@"
