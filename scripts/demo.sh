#!/usr/bin/env bash
# The main job: install what is missing, build, start a local etcd, store a sample set of
# projectcalico.org/v3 resources with calicoctl and list them back; then stop etcd and clean up.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

step "Installing missing packages"
scripts/install-deps.sh
step "Building"
scripts/build.sh

step "Starting a local etcd"
work=$(mktemp -d /tmp/jcalico-demo.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
etcd --name demo --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$port" \
  --advertise-client-urls "http://127.0.0.1:$port" --listen-peer-urls "http://127.0.0.1:$((port+1))" \
  --initial-advertise-peer-urls "http://127.0.0.1:$((port+1))" --initial-cluster "demo=http://127.0.0.1:$((port+1))" \
  --log-level warn >"$work/etcd.log" 2>&1 &
etcd_pid=$!
cleanup() { kill "$etcd_pid" 2>/dev/null || true; wait "$etcd_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do etcdctl --endpoints "127.0.0.1:$port" endpoint health >/dev/null 2>&1 && break; sleep 0.1; done
export ETCD_ENDPOINTS="http://127.0.0.1:$port"
echo "etcd is up at $ETCD_ENDPOINTS"

step "calicoctl apply -f deploy/examples/sample-resources.yaml"
bin/calicoctl apply -f deploy/examples/sample-resources.yaml
for kind in bgpconfigurations ippools nodes bgppeers globalnetworkpolicies; do
  step "calicoctl get $kind -o wide"
  bin/calicoctl get "$kind" -o wide
done
step "calicoctl get networkpolicies -A"
bin/calicoctl get networkpolicies -A
step "calicoctl get ippool default-ipv4-ippool -o yaml"
bin/calicoctl get ippool default-ipv4-ippool -o yaml
step "The same pool as Calico keys it in etcd"
etcdctl --endpoints "127.0.0.1:$port" get --prefix /calico/resources/v3/projectcalico.org/ippools/ --keys-only | sed '/^$/d'
step "Done: stopping etcd"
