#!/usr/bin/env bash
# Builds every module and the launchers' classpaths (no tests), then calicoctl's class-data-sharing
# archive from a training run against a throw-away etcd (skipped, with a note, without etcd). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
mvn -q -B -DskipTests -Dgit.commit="$commit" package

# calicoctl: a fixed class path (the archive is only valid for it), then the archive
target=calicoctl-java/target
{ printf '%s' "$PWD/$target/calicoctl-java.jar"; for j in $(ls "$target"/lib/*.jar | sort); do printf ':%s' "$PWD/$j"; done; } \
  > "$target/classpath.txt"
rm -f "$target/calicoctl-java.jsa"
if command -v etcd >/dev/null 2>&1; then
  JCALICO_CDS_DUMP="$PWD/$target/calicoctl-java.jsa.tmp" scripts/run-java calicoctl-java io.jcalico.calicoctl.Training \
    >"$target/cds-training.log" 2>&1 && mv "$target/calicoctl-java.jsa.tmp" "$target/calicoctl-java.jsa" \
    || echo "note: calicoctl's class-data-sharing archive was not made (see $target/cds-training.log); it still runs, slower to start"
else
  echo "note: no etcd binary, so no class-data-sharing archive for calicoctl; it still runs, slower to start"
fi
echo "built: bin/calicoctl bin/calico-node bin/bgp-speaker bin/lab; CNI plugins in felix-agent/target/cni-bin/"
