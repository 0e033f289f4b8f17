#!/usr/bin/env bash
# Policy dataplane benchmark: 1,000 policies over 1,000 endpoints rendered and applied for real
# (iptables-restore + ipset, and nft) inside throw-away network namespaces; full apply, a
# no-op resync, and the latency of one incremental change. Needs root (ip netns).
# Usage: scripts/bench-policy.sh [--policies N] [--endpoints N] [--repeat N] [--backends iptables,nftables]
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# one reactor build (the sibling modules resolve to their target/ directories, nothing installed);
# every module writes the classpath file, felix-agent last
mvn -o -q -B -pl felix-agent -am test-compile dependency:build-classpath -Dmaven.test.skip.exec=true \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
java -Xmx2g -cp "felix-agent/target/test-classes:felix-agent/target/classes:$(cat "$cp_file")" \
  io.jcalico.felix.bench.PolicyBenchmark "$@"
