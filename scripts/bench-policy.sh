#!/usr/bin/env bash
# Policy dataplane benchmark: 1,000 policies over 1,000 endpoints rendered and applied for real
# (iptables-restore + ipset, and nft) inside throw-away network namespaces; full apply, a
# no-op resync, and the latency of one incremental change. Needs root (ip netns).
# Usage: scripts/bench-policy.sh [--policies N] [--endpoints N] [--repeat N] [--backends iptables,nftables]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl policy-engine,felix-agent test-compile -Dmaven.test.skip.exec=true
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -o -q -B -pl felix-agent dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -Xmx2g -cp "felix-agent/target/test-classes:felix-agent/target/classes:policy-engine/target/classes:$(cat "$cp_file")" \
  io.jcalico.felix.bench.PolicyBenchmark "$@"
