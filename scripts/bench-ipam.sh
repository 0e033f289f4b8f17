#!/usr/bin/env bash
# IPAM benchmark: jcalico's etcd IPAM against the reference host-local plugin, 1 and 3 nodes,
# pool 0/50/90% full. Starts its own etcd on a free loopback port; prints a table and ratios.
# Usage: scripts/bench-ipam.sh [--calls N] [--pool CIDR]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v etcd >/dev/null || { echo "bench-ipam: etcd is not installed (scripts/install-deps.sh)" >&2; exit 1; }
[ -x /usr/lib/cni/host-local ] || { echo "bench-ipam: /usr/lib/cni/host-local missing (containernetworking-plugins)" >&2; exit 1; }
mvn -o -q -B -pl ipam-etcd -am test-compile -Dmaven.test.skip.exec=true
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -o -q -B -pl ipam-etcd dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -Xmx1g -cp "ipam-etcd/target/test-classes:ipam-etcd/target/classes:$(cat "$cp_file")" \
  io.jcalico.ipam.bench.IpamBenchmark "$@"
