#!/usr/bin/env bash
# Runs OpenMGM's benchmarks: the MGM core (JMH + heap + CPU rates, bench/run.sh) and, as root, the
# forwarding comparison against the kernel (dataplane-pcap/bench/forwarding-bench.sh).
#   scripts/bench.sh [core|forwarding|all] [SECONDS-per-forwarding-run]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
case "$what" in
  core) exec bench/run.sh ;;
  forwarding) exec dataplane-pcap/bench/forwarding-bench.sh "${2:-10}" ;;
  all)
    bench/run.sh
    if [ "$(id -u)" -eq 0 ]; then dataplane-pcap/bench/forwarding-bench.sh "${2:-10}"; else echo "bench: the forwarding benchmark needs root (network namespaces); skipped"; fi
    ;;
  *) echo "usage: scripts/bench.sh [core|forwarding|all] [SECONDS]" >&2; exit 2 ;;
esac
