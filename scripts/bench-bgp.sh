#!/usr/bin/env bash
# BGP throughput benchmark (issue 4): feeder -> system under test -> monitor, 1M IPv4 prefixes,
# 100 per attribute set; our speaker (started by bin/bgp-speaker, with the JVM flags users get),
# BIRD 2, FRR bgpd and GoBGP as systems under test plus the harness alone; ratios against BIRD.
# Not part of the unit tests. Takes minutes (GoBGP alone ~1 min per run); run it on a quiet machine.
#
#   scripts/bench-bgp.sh                       # everything, 3 runs each
#   scripts/bench-bgp.sh --skip gobgp --runs 5
#   scripts/bench-bgp.sh --skip frr,gobgp --speaker-jvm-opts '-XX:+UseParallelGC -Xmx1g'   # other flags
#   scripts/bench-bgp.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

# Package (offline, no tests: the jar and target/lib that bin/bgp-speaker runs) and write the test
# classpath for the harness; -am resolves the proto module from the reactor.
mvn -o -q -B -Dstyle.color=never -pl bgp-speaker -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null

# Absolute paths: our speaker runs as a child JVM on this class path, in its own directory.
cp="$PWD/bgp-speaker/target/test-classes:$PWD/bgp-speaker/target/classes:$(cat bgp-speaker/target/bench.classpath)"
exec java -Xms512m -Xmx1g -XX:+UseParallelGC \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.jcalico.bgp.bench.BgpBenchmark "$@"
