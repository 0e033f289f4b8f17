#!/usr/bin/env bash
# BGP throughput benchmark (issue 4): feeder -> system under test -> monitor, 1M IPv4 prefixes,
# 100 per attribute set; BIRD 2, FRR bgpd and GoBGP as systems under test plus the harness alone.
# Not part of the unit tests. Takes minutes (GoBGP alone ~1 min per run); run it on a quiet machine.
#
#   scripts/bench-bgp.sh                       # everything, 3 runs each
#   scripts/bench-bgp.sh --skip gobgp --runs 5
#   scripts/bench-bgp.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

# Compile (offline) and write the test classpath; -am resolves the proto module from the reactor.
mvn -o -q -B -Dstyle.color=never -pl bgp-speaker -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null

cp="bgp-speaker/target/test-classes:bgp-speaker/target/classes:$(cat bgp-speaker/target/bench.classpath)"
exec java -Xms512m -Xmx1g -XX:+UseParallelGC \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.jcalico.bgp.bench.BgpBenchmark "$@"
