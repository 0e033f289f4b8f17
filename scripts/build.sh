#!/usr/bin/env bash
# Builds every module and the launchers' classpaths (no tests). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package
echo "built: bin/calicoctl, felix-agent/target/cni-bin/{calico,calico-ipam}"
