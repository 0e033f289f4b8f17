#!/usr/bin/env bash
# The training run of calico-node's class-data-sharing archive: the daemon is started in a
# throw-away network namespace, against a throw-away etcd inside it, with a BGP peer configured
# (the session classes load too), until it is ready; then it is stopped with SIGTERM, and its JVM
# writes the classes it loaded into the archive as it exits. A later start with
# -XX:SharedArchiveFile maps them instead of loading, parsing and verifying ~6000 classes: the
# start-up cost that dominates on a loaded machine.
#
# Usage: train-calico-node.sh <archive> <command...>
# <command...> starts calico-node (the daemon's flags are appended) and makes its JVM write the
# archive to <archive> at exit: bin/calico-node does when JCALICO_CDS_DUMP is set (this script sets
# it to <archive>), a plain java command line needs -XX:ArchiveClassesAtExit=<archive>. The archive
# is only valid for exactly that class path (jars only: the JVM archives no class directories) and
# JDK. Needs root, iproute2 and etcd (etcdctl for the BGP peer). Exits non-zero, with the daemon's
# log on stderr, if no archive was made; leaves no process, namespace or file but the archive.
set -euo pipefail
archive="$1"; shift
export JCALICO_CDS_DUMP="$archive"
ns="jcalico-cds-$$"
work="$(mktemp -d "${TMPDIR:-/tmp}/jcalico-cds.XXXXXX")"
etcd_pid=""; node_pid=""

cleanup() {
  for pid in $node_pid $etcd_pid; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# (never in the background: $! would be a subshell, not the command)
in_ns() { ip netns exec "$ns" "$@"; }
# The first line of an HTTP GET inside the namespace, or nothing (bash's /dev/tcp: no curl needed).
http_get() { in_ns bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && printf 'GET $2 HTTP/1.0\r\n\r\n' >&3 && cat <&3" 2>/dev/null || true; }
etcd_healthy() { [[ "$(http_get 2379 /health)" == *'"health":"true"'* ]]; }
node_ready() { [[ "$(http_get 9099 /readiness | head -1)" == *' 200 '* ]]; }
await() { # <what> <seconds> <command...>
  local what="$1" until=$((SECONDS + $2)); shift 2
  until "$@"; do
    if [ "$SECONDS" -ge "$until" ]; then echo "train-calico-node: $what timed out" >&2; return 1; fi
    sleep 0.2
  done
}

# The lab address plan: 198.18.0.0/15 only, inside a namespace of our own.
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add cds0 type veth peer name cds1
ip -n "$ns" link set cds1 up
ip -n "$ns" addr add 198.18.0.2/24 dev cds0
ip -n "$ns" link set cds0 up

ip netns exec "$ns" etcd --name cds --data-dir "$work/etcd" --listen-client-urls http://127.0.0.1:2379 \
  --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 \
  --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster cds=http://127.0.0.1:2380 \
  --log-level error >"$work/etcd.log" 2>&1 &
etcd_pid=$!
await "etcd" 30 etcd_healthy

# A BGP peer that never answers, so the speaker's session machinery (connect, retry) runs too.
if command -v etcdctl >/dev/null; then
  in_ns etcdctl --endpoints http://127.0.0.1:2379 put /calico/resources/v3/projectcalico.org/bgppeers/cds-training-peer \
    '{"kind":"BGPPeer","apiVersion":"projectcalico.org/v3","metadata":{"name":"cds-training-peer"},"spec":{"peerIP":"198.18.0.3","asNumber":64512}}' >/dev/null
fi

mkdir -p "$work/run"
ip netns exec "$ns" "$@" --node-name cds-training --ip 198.18.0.2/24 --etcd-endpoints http://127.0.0.1:2379 \
  --bgp-port 10179 --run-dir "$work/run" --health-port 9099 --default-ipv4-pool 198.18.128.0/24 >"$work/node.log" 2>&1 &
node_pid=$!
if ! await "calico-node ready" 180 node_ready; then
  tail -30 "$work/node.log" >&2
  exit 1
fi
sleep 1 # the first BGP connect attempts
kill -TERM "$node_pid"
wait "$node_pid" || true # 143: ended by SIGTERM, as intended
node_pid=""
if [ ! -s "$archive" ]; then
  echo "train-calico-node: the JVM wrote no archive" >&2
  tail -30 "$work/node.log" >&2
  exit 1
fi
