#!/bin/sh
# Measures the JVM uptime to "ready" of the assembled distribution: runs `bin/openmgm --exit-when-ready`
# N times (default 7) and prints every run and the median.  Usage: launcher/startup-bench.sh [N] [DIST]
# Extra JVM options through OPENMGM_OPTS (e.g. OPENMGM_OPTS=-XX:AOTCache=... ).
set -eu
n=${1:-7}
dist=${2:-$(dirname "$0")/target/openmgm}
results=""
i=0
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  line=$("$dist/bin/openmgm" --exit-when-ready </dev/null 2>&1 | grep -o 'ready in [0-9]* ms[^;]*; [0-9-]* ms CPU' || true)
  ms=$(echo "$line" | sed -n 's/ready in \([0-9]*\) ms.*/\1/p')
  cpu=$(echo "$line" | sed -n 's/.*; \([0-9-]*\) ms CPU/\1/p')
  echo "run $i: ready in ${ms:-?} ms (CPU ${cpu:-?} ms), load $(cut -d' ' -f1 /proc/loadavg)"
  results="$results ${ms:-999999}"
done
median=$(echo $results | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median: $median ms over $n runs"
