#!/usr/bin/env bash
# Builds the bench module and runs every benchmark with short but honest settings (1 fork, 2 warm-up
# iterations of 1 s, 3 measured iterations of 2 s, JMH's GC profiler), then the heap-per-MFE measurement
# and the same workloads timed in CPU time (CpuRates: immune to a loaded machine), and prints a markdown table. Results and logs go to bench/target/results/.
# The JMH run includes FastPathBenchmark (the data plane's per-packet path, dataplane-pcap; libpcap must be
# loadable, no root needed): rows (f), (f'), (f'') of the table; `bench/run.sh FastPath` runs only those.
#
#   bench/run.sh                          # everything (about 6-8 minutes on 2 cores)
#   bench/run.sh -p mfes=10000            # extra arguments go to JMH (benchmark regexps, -p, -prof ...)
#   JMH_ARGS="-f 1 -wi 5 -i 10" bench/run.sh     # longer runs
#   HEAP_SIZES="100000" bench/run.sh      # heap measurement sizes
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"2[5-9]'; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [[ -x "$d/bin/java" ]] && "$d/bin/java" -version 2>&1 | grep -q '"2[5-9]'; then export JAVA_HOME=$d; break; fi
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"

mvn -q -f "$root/bench/pom.xml" ${MVN_ARGS:-} package
jar="$here/target/benchmarks.jar"
out="$here/target/results"
mkdir -p "$out"

read -r -a jmh_args <<< "${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 2s -prof gc}"
echo "# java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar ${jmh_args[*]} -rf json -rff $out/jmh.json $*" >&2
java --enable-native-access=ALL-UNNAMED -jar "$jar" "${jmh_args[@]}" -rf json -rff "$out/jmh.json" "$@" > "$out/jmh.log" 2>&1 || { tail -50 "$out/jmh.log"; exit 1; }
grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.)' "$out/jmh.log" >&2 || true

read -r -a heap_sizes <<< "${HEAP_SIZES:-10000 100000 1000000}"
echo "# java -Xms4g -Xmx4g -cp bench/target/benchmarks.jar org.openmgm.bench.HeapPerMfe ${heap_sizes[*]} --jol" >&2
java -Xms4g -Xmx4g -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true -XX:+EnableDynamicAgentLoading \
  --sun-misc-unsafe-memory-access=allow -cp "$jar" org.openmgm.bench.HeapPerMfe "${heap_sizes[@]}" --jol \
  2> "$out/heap.log" | tee "$out/heap.txt" >&2

echo "# java -Xms4g -Xmx4g -cp bench/target/benchmarks.jar org.openmgm.bench.CpuRates ${heap_sizes[*]}" >&2
java -Xms4g -Xmx4g -cp "$jar" org.openmgm.bench.CpuRates "${heap_sizes[@]}" 2> "$out/cpu.log" | tee "$out/cpu.txt" >&2

java -cp "$jar" org.openmgm.bench.Report "$out/jmh.json" "$out/heap.txt" "$out/cpu.txt" > "$out/table.md"
echo "" >> "$out/table.md"
echo "Load average at the end of the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(date -u '+%F %H:%M UTC')." >> "$out/table.md"
cat "$out/table.md"
