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

exec scripts/felix-bench CniBenchmark "$@"
