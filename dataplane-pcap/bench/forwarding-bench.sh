#!/usr/bin/env bash
# Forwarding benchmark: the same namespace topology forwarded first by the Linux kernel (smcrouted static
# mroute, mc_forwarding) and then by OpenMGM (MgmEngine + dataplane-pcap in a JVM inside the router
# namespace), with one sender of small UDP datagrams for a fixed time, to 1 and then 2 outgoing
# interfaces. Prints packets/s received per outgoing interface and the ratio OpenMGM/kernel.
#
#   sender s:eth0 -- r-eth1 [router r] r-eth2 -- h2:eth0
#                                       r-eth3 -- h3:eth0
#
# Usage (root): dataplane-pcap/bench/forwarding-bench.sh [SECONDS]
#   env: PAYLOAD=64 (UDP payload bytes), MODES="kernel openmgm", JAVA_OPTS (extra JVM flags, e.g. JFR),
#        OPENMGM_ARGS (extra data-plane settings, e.g. "busyPollMicros=50")
# Needs: gcc (for the C sender), smcroute (scripts/install-deps.sh unpacks it to /opt/openmgm-tools),
# JDK 25, and the module's test classes (compiled here with mvn -o test-compile).
# Receivers are counted at the receiving hosts' interfaces (/sys/class/net/eth0/statistics/rx_packets),
# with no receiving application. All traffic stays in namespaces created here, addresses in 198.18.0.0/15;
# everything is removed on exit.
set -euo pipefail
SECS=${1:-5}
PAYLOAD=${PAYLOAD:-64}
GROUP=239.1.1.1
HERE=$(cd "$(dirname "$0")" && pwd)
MODULE=$(cd "$HERE/.." && pwd)
ROOT=$(cd "$MODULE/.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
SMCROUTED=/opt/openmgm-tools/usr/sbin/smcrouted
M2=${M2_REPO:-$HOME/.m2/repository}

[ "$(id -u)" -eq 0 ] || { echo "forwarding-bench: must run as root (network namespaces)" >&2; exit 2; }
[ -x "$SMCROUTED" ] || bash "$ROOT/scripts/install-deps.sh"
[ -x "$SMCROUTED" ] || { echo "forwarding-bench: smcrouted not available" >&2; exit 2; }

WORK=$(mktemp -d /tmp/forwarding-bench.XXXXXX)
P=fb$(printf %04x $((RANDOM)))
S=$P-s R=$P-r H2=$P-h2 H3=$P-h3
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  sleep 0.3
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
  for ns in $S $R $H2 $H3; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT

gcc -O2 -o "$WORK/mcsend" "$HERE/mcsend.c"
(cd "$ROOT" && mvn -q -o -f dataplane-pcap/pom.xml test-compile) >/dev/null
CP="$MODULE/target/classes:$MODULE/target/test-classes:$M2/org/openmgm/mgm-api/0.1.0-SNAPSHOT/mgm-api-0.1.0-SNAPSHOT.jar:$M2/org/openmgm/mgm-core/0.1.0-SNAPSHOT/mgm-core-0.1.0-SNAPSHOT.jar"

for ns in $S $R $H2 $H3; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
link() { # ns1 if1 addr1 ns2 if2 addr2
  ip -n "$1" link add "$2" type veth peer name "$5" netns "$4"
  ip netns exec "$1" ethtool -K "$2" tx off >/dev/null
  ip netns exec "$4" ethtool -K "$5" tx off >/dev/null
  ip -n "$1" addr add "$3" dev "$2"; ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up; ip -n "$4" link set "$5" up
}
link $S eth0 198.18.0.1/24 $R r-eth1 198.18.0.2/24
link $H2 eth0 198.18.1.1/24 $R r-eth2 198.18.1.2/24
link $H3 eth0 198.18.2.1/24 $R r-eth3 198.18.2.2/24
for h in $S $H2 $H3; do ip netns exec "$h" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0; done
ip -n $S route add default via 198.18.0.2
ip -n $H2 route add default via 198.18.1.2
ip -n $H3 route add default via 198.18.2.2

rx() { ip netns exec "$1" cat /sys/class/net/eth0/statistics/rx_packets; }
send() { ip netns exec $S "$WORK/mcsend" eth0 $GROUP 5000 "$1" 16 "$PAYLOAD"; }

# measure LABEL OIFS -> prints a result line, sets RESULT to packets/s per outgoing interface
measure() {
  send 1 >/dev/null; sleep 0.5                          # warm-up (MFE creation, JIT)
  local a2 a3 b2 b3 sent
  a2=$(rx $H2); a3=$(rx $H3)
  sent=$(send "$SECS")
  sleep 0.5
  b2=$(rx $H2); b3=$(rx $H3)
  local r2=$(( (b2 - a2) / SECS )) r3=$(( (b3 - a3) / SECS ))
  if [ "$2" -eq 1 ]; then RESULT=$r2; else RESULT=$(( (r2 + r3) / 2 )); fi
  printf '%-8s oifs=%d  sent/s=%8d  r-eth2 rx/s=%8d  r-eth3 rx/s=%8d  per-oif rx/s=%8d\n' "$1" "$2" $(( sent / SECS )) $r2 $r3 "$RESULT"
}

kernel_run() { # OIFS
  local oifs="r-eth2"; [ "$1" -eq 2 ] && oifs="r-eth2 r-eth3"
  echo "mroute from r-eth1 source 198.18.0.1 group $GROUP to $oifs" > "$WORK/smcroute.conf"
  ip netns exec $R "$SMCROUTED" -n -f "$WORK/smcroute.conf" -P "$WORK/smcroute.pid" -u "$WORK/smcroute.sock" -l err \
     >"$WORK/smcrouted.log" 2>&1 &
  local pid=$!; PIDS+=("$pid"); sleep 1
  measure kernel "$1"
  kill "$pid"; wait "$pid" 2>/dev/null || true; sleep 0.5
}

openmgm_run() { # OIFS
  local members="r-eth2"; [ "$1" -eq 2 ] && members="r-eth2,r-eth3"
  local status="$WORK/openmgm-$1.status"
  ip netns exec $R java --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC ${JAVA_OPTS:-} -cp "$CP" \
     org.openmgm.dataplane.pcap.e2e.DataplaneMain interfaces=r-eth1,r-eth2,r-eth3 group=$GROUP members=$members \
     status="$status" maxSeconds=$((SECS * 4 + 60)) ${OPENMGM_ARGS:-} >"$WORK/openmgm-$1.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  for _ in $(seq 100); do grep -q '^ready 1' "$status" 2>/dev/null && break; sleep 0.2; done
  measure openmgm "$1"
  grep -E 'pcapDropped|upcallsDropped|noCachePacketsDropped' "$status" | tr '\n' ' ' | sed 's/^/         openmgm counters: /'; echo
  touch "$status.stop"; wait "$pid" 2>/dev/null || true
}

echo "forwarding-bench: $(nproc) cores, ${SECS}s per run, UDP payload ${PAYLOAD} bytes, $(uname -r), work dir $WORK"
MODES=${MODES:-kernel openmgm}
K1=0 K2=0 O1=0 O2=0
case " $MODES " in *" kernel "*) kernel_run 1; K1=$RESULT; kernel_run 2; K2=$RESULT;; esac
case " $MODES " in *" openmgm "*) openmgm_run 1; O1=$RESULT; openmgm_run 2; O2=$RESULT;; esac
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "RESULT oifs=1 kernel=$K1 openmgm=$O1 ratio=$(ratio "$O1" "$K1")"
echo "RESULT oifs=2 kernel=$K2 openmgm=$O2 ratio=$(ratio "$O2" "$K2")  (packets/s per outgoing interface)"
