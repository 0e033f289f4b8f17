#!/usr/bin/env bash
# The main job: install what is missing, build, then bring up the two-racks lab (an AS per rack:
# a BIRD ToR, an FRR ToR, a GoBGP spine, four calico-node nodes) on network namespaces, start pods
# through the CNI plugin, show the BGP sessions and routes, ping across racks, block that ping with
# a Calico policy, lift it, and tear everything down. Needs root (namespaces).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n==> %s\n' "$*"; }
lab=lab-topologies/labs/two-racks/two-racks.clab.yml

step "Installing missing packages"
scripts/install-deps.sh
step "Building"
scripts/build.sh

cleanup() { bin/lab destroy "$lab" >/dev/null 2>&1 || true; rm -f "${policy:-}"; }
trap cleanup EXIT
bin/lab destroy "$lab" >/dev/null # a demo that was interrupted may have left the lab up
start=$(date +%s)

step "Deploying two-racks: namespaces, links, etcd, BIRD/FRR/GoBGP, four calico-node daemons"
bin/lab deploy "$lab"

step "Starting one pod per node through the CNI plugin"
for n in rack1-node1 rack1-node2 rack2-node1 rack2-node2; do
  bin/lab pod add "$lab" "$n" "web-$n"
done
in_node() { local node=$1; shift; bin/lab exec "$lab" --node "$node" -- "$@"; }
pod_ip() { bin/lab pod list "$lab" | awk -v p="$1" '$2 == p { sub("/.*", "", $6); print $6 }'; }
from=clab-two-racks-rack1-node1.web-rack1-node1
to=$(pod_ip web-rack2-node2)

step "calicoctl node status (on rack1-node1): one session, to the rack's ToR"
in_node rack1-node1 calicoctl node status
step "calicoctl get bgppeers: a peer per rack, selecting nodes by their rack label"
in_node rack1-node1 calicoctl get bgppeers -o wide

step "Waiting for every pod block to reach the ToRs"
for _ in $(seq 60); do
  [ "$(in_node tor1 birdc show route | grep -c '^198\.19\.')" -ge 4 ] && break
  sleep 1
done
step "Rack 1's ToR (BIRD): birdc show route"
in_node tor1 birdc show route
step "Rack 2's ToR (FRR): vtysh -c 'show ip bgp'"
in_node tor2 vtysh -c 'show ip bgp'
step "The spine (GoBGP): gobgp global rib"
in_node spine gobgp global rib

step "Ping from web-rack1-node1 to web-rack2-node2 ($to): rack 1 -> ToR -> spine -> ToR -> rack 2"
for _ in $(seq 30); do ip netns exec "$from" ping -c 1 -W 1 "$to" >/dev/null 2>&1 && break; sleep 1; done
ip netns exec "$from" ping -c 3 -i 0.2 "$to"

step "Applying a Calico policy that denies ICMP from rack 1's pod"
policy=$(mktemp /tmp/jcalico-demo-policy.XXXXXX.yaml)
cat >"$policy" <<EOF
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: deny-ping-from-rack1
spec:
  selector: all()
  types: [Ingress]
  ingress:
    - action: Deny
      protocol: ICMP
      source:
        nets: [$(pod_ip web-rack1-node1)/32]
    - action: Allow
EOF
cat "$policy"
in_node rack1-node1 calicoctl apply -f "$policy"
blocked=no
for _ in $(seq 20); do
  if ! ip netns exec "$from" ping -c 1 -W 1 "$to" >/dev/null 2>&1; then blocked=yes; break; fi
  sleep 0.5
done
echo "ping $to: $( [ $blocked = yes ] && echo 'blocked (no reply)' || echo 'still answered' )"
ip netns exec "$from" ping -c 2 -W 1 "$to" || true

step "Removing the policy: the ping answers again"
in_node rack1-node1 calicoctl delete globalnetworkpolicy deny-ping-from-rack1
for _ in $(seq 20); do ip netns exec "$from" ping -c 1 -W 1 "$to" >/dev/null 2>&1 && break; sleep 0.5; done
ip netns exec "$from" ping -c 3 -i 0.2 "$to"

step "Destroying the lab"
bin/lab destroy "$lab"
trap - EXIT
rm -f "$policy"
echo "demo done in $(( $(date +%s) - start )) s (after the build)"
