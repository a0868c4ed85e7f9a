#!/usr/bin/env bash
# Spoofed-source flood bench (in-process, through a data-plane-shaped forwarder into the real MGM in
# Felix): prints the established flows' packet rate alone and under the flood, the MFE count against
# maxMfes, refused packets and heap. Usage: itests/bench-flood.sh [SECONDS_PER_PHASE]  (default 10)
# Run from the repository root after the reactor was built once (mvn -q install -DskipTests, or a
# full mvn verify), so that itests/target/bundles exists.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if [ -x "$j/bin/java" ]; then export JAVA_HOME="$j" PATH="$j/bin:$PATH"; break; fi
done
mvn -q -o -f itests/pom.xml verify -Dit.test='LimitsIT#floodFromSpoofedSourcesLeavesMemoryBoundedAndEstablishedFlowsForwarding' \
    -Dopenmgm.bench.seconds="$secs" -Dfailsafe.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true
out=itests/target/failsafe-reports/org.openmgm.itests.LimitsIT-output.txt
grep -A5 '^flood bench' "$out" || { echo "bench did not run; see itests/target/failsafe-reports" >&2; exit 1; }
