#!/bin/sh
# Measures the time to "ready" of the assembled distribution: runs `bin/openmgm --exit-when-ready`
# N times (default 7) and prints every run and the medians. Two clocks: the router's own figure (the age
# of its process, which begins with the bin/openmgm script) and, as a cross-check, the wall clock from just
# before this script launches it to the timestamp of its "ready" log line.
# Usage: launcher/startup-bench.sh [N] [DIST]. Extra JVM options through OPENMGM_OPTS.
set -eu
n=${1:-7}
dist=${2:-$(dirname "$0")/target/openmgm}
results=""
walls=""
median() { echo "$@" | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
i=0
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  start=$(date +%s%3N)
  out=$("$dist/bin/openmgm" --exit-when-ready </dev/null 2>&1 | grep 'ready in [0-9]* ms' || true)
  line=$(echo "$out" | grep -o 'ready in [0-9]* ms[^;]*; [0-9-]* ms CPU' || true)
  ms=$(echo "$line" | sed -n 's/ready in \([0-9]*\) ms.*/\1/p')
  cpu=$(echo "$line" | sed -n 's/.*; \([0-9-]*\) ms CPU/\1/p')
  stamp=$(echo "$out" | cut -d' ' -f1)
  wall=$( [ -n "$stamp" ] && echo $(( $(date -d "$stamp" +%s%3N) - start )) || echo 999999)
  echo "run $i: ready in ${ms:-?} ms (process age; CPU ${cpu:-?} ms), wall clock ${wall} ms, load $(cut -d' ' -f1 /proc/loadavg)"
  results="$results ${ms:-999999}"
  walls="$walls $wall"
done
echo "median: $(median $results) ms over $n runs (wall clock: $(median $walls) ms)"
