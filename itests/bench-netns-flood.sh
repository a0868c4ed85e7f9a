#!/usr/bin/env bash
# Spoofed-source flood through the real router in network namespaces (root): a raw-socket flood from
# random 198.19/16 sources to random groups against an established 1000 packets/s flow; prints the
# established flow's delivery with and without the flood, the MFE count against maxMfes, the router's
# RSS and the data plane's drop counters. Usage: itests/bench-netns-flood.sh [FLOOD_PACKETS] (default 300000)
# Needs the reactor built once (launcher/target/openmgm and itests/target/bundles).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-300000}"
for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if [ -x "$j/bin/java" ]; then export JAVA_HOME="$j" PATH="$j/bin:$PATH"; break; fi
done
mvn -q -o -f itests/pom.xml verify -Dit.test=SpoofedFloodIT -Dopenmgm.bench.netns=true -Dopenmgm.bench.floodPackets="$n" \
    -Dfailsafe.failIfNoSpecifiedTests=false >/dev/null 2>&1 || true
out=itests/target/failsafe-reports/org.openmgm.itests.netns.SpoofedFloodIT-output.txt
grep -A12 '^netns spoofed flood' "$out" || { echo "bench did not run (root? distribution?); see itests/target/failsafe-reports" >&2; exit 1; }
