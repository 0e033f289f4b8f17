#!/usr/bin/env bash
# Builds every module and the launchers' classpaths (no tests), then the class-data-sharing archives
# of calicoctl (a training run against a throw-away etcd) and of calico-node (a training run of the
# daemon in a throw-away network namespace: needs root); each is skipped, with a note, when it cannot
# be made. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
mvn -q -B -DskipTests -Dgit.commit="$commit" package

# A module's fixed class path (the archive is only valid for it), as scripts/run-java reads it.
fixed_classpath() {
  local target="$1/target"
  { printf '%s' "$PWD/$target/$1.jar"; for j in $(ls "$target"/lib/*.jar | sort); do printf ':%s' "$PWD/$j"; done; } \
    > "$target/classpath.txt"
}

# calicoctl
target=calicoctl-java/target
fixed_classpath calicoctl-java
rm -f "$target/calicoctl-java.jsa"
if command -v etcd >/dev/null 2>&1; then
  JCALICO_CDS_DUMP="$PWD/$target/calicoctl-java.jsa.tmp" scripts/run-java calicoctl-java io.jcalico.calicoctl.Training \
    >"$target/cds-training.log" 2>&1 && mv "$target/calicoctl-java.jsa.tmp" "$target/calicoctl-java.jsa" \
    || echo "note: calicoctl's class-data-sharing archive was not made (see $target/cds-training.log); it still runs, slower to start"
else
  echo "note: no etcd binary, so no class-data-sharing archive for calicoctl; it still runs, slower to start"
fi

# calico-node: trained through its own launcher, so the archive matches its flags and class path
target=felix-agent/target
fixed_classpath felix-agent
rm -f "$target/felix-agent.jsa"
if [ "$(id -u)" -eq 0 ] && command -v etcd >/dev/null 2>&1 && command -v ip >/dev/null 2>&1; then
  scripts/train-calico-node.sh "$PWD/$target/felix-agent.jsa.tmp" bin/calico-node >"$target/cds-training.log" 2>&1 \
    && mv "$target/felix-agent.jsa.tmp" "$target/felix-agent.jsa" \
    || { rm -f "$target/felix-agent.jsa.tmp"
         echo "note: calico-node's class-data-sharing archive was not made (see $target/cds-training.log); it still runs, slower to start"; }
else
  echo "note: calico-node's class-data-sharing archive needs root, etcd and iproute2 to train; it still runs, slower to start"
fi
echo "built: bin/calicoctl bin/calico-node bin/bgp-speaker bin/lab; CNI plugins in felix-agent/target/cni-bin/"
