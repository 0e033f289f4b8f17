#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, then builds and tests every module.
# Tests start their own etcd, BIRD, FRR, GoBGP and network namespaces, and clean them up.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ "$(id -u)" -ne 0 ]; then
  echo "test.sh: the tests create network namespaces and start routing daemons: run as root" >&2
  exit 1
fi
exec mvn -B -ntp verify "$@"
