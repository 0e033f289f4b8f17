#!/usr/bin/env bash
# calico-node start-up benchmark: three cold starts, then node-2 of a three-node mesh with six pods
# SIGKILLed and started again N times; prints, per start, the time to readiness and to both peers'
# sessions Established again, the daemon's own start-up timeline, and the medians. Needs root and
# etcd. Not part of the tests.
# Usage: scripts/bench-node-start.sh [--restarts 5] [--load N (busy loops)] [--jvm "<extra JVM flags>"]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v etcd >/dev/null || { echo "bench-node-start: etcd is not installed (scripts/install-deps.sh)" >&2; exit 1; }

exec scripts/felix-bench NodeStartBenchmark "$@"
