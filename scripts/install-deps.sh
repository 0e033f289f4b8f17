#!/usr/bin/env bash
# Installs what is missing (Debian packages; Maven dependencies come with the build). Idempotent:
# does nothing when everything is there. Needs root.
set -euo pipefail
declare -A need=(
  [etcd]=etcd-server [etcdctl]=etcd-client [bird]=bird2 [birdc]=bird2 [/usr/lib/frr/bgpd]=frr
  [gobgpd]=gobgpd [iptables]=iptables [ipset]=ipset [nft]=nftables [ip]=iproute2
  [/usr/lib/cni/host-local]=containernetworking-plugins [tshark]=tshark [mvn]=maven [javac]=openjdk-17-jdk-headless
  [gcc]=gcc [ping]=iputils-ping [nc]=netcat-openbsd [ethtool]=ethtool
)
missing=()
for cmd in "${!need[@]}"; do
  if [[ "$cmd" == /* ]]; then [ -x "$cmd" ] || missing+=("${need[$cmd]}")
  else command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  echo "installing: $pkgs"
  if [ "$(id -u)" -ne 0 ]; then echo "install-deps: run as root to install packages" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # tshark asks whether non-root users may capture; the answer does not matter here.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get install -y -qq $pkgs >/dev/null
fi
exit 0
