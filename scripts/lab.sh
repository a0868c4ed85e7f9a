#!/usr/bin/env bash
# The OpenMGM lab: the router doing its main job on an embedded default configuration.
#
# As root: Linux network namespaces for a sender host, the router (three interfaces) and two receiver
# hosts whose kernels join groups with IGMP; live traffic; a console that prints the MFE table, the
# IGMP groups and per-receiver packet counts every few seconds. Explore meanwhile from another terminal
# with the openmgm-ctl command the lab prints.
# Without root: the offline mode -- bundled captures replayed through the router, the forwarded frames
# written to pcap files, a summary printed.
#
#   scripts/lab.sh [--duration SECONDS] [--offline]
#
# Everything the lab creates (namespaces, processes, the router's temporary home) is removed on exit,
# on Ctrl-C, SIGTERM or error.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dist=$here/launcher/target/openmgm
duration=120
offline=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
    --offline) offline=1; shift ;;
    *) echo "lab: unknown option $1 (use --duration SECONDS, --offline)" >&2; exit 2 ;;
  esac
done
case "$duration" in ''|*[!0-9]*) echo "lab: --duration must be a whole number of seconds" >&2; exit 2 ;; esac
[ "$duration" -ge 10 ] && [ "$duration" -le 3600 ] || { echo "lab: --duration must be between 10 and 3600 seconds" >&2; exit 2; }
[ -x "$dist/bin/openmgm" ] || { echo "lab: $dist is missing; build first (./openmgm build)" >&2; exit 2; }

if [ "$offline" -eq 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "lab: not root, so no network namespaces can be made; running the offline replay instead (sudo ./openmgm run for the live lab)."
    offline=1
  elif ! ip netns list >/dev/null 2>&1; then
    echo "lab: 'ip netns' does not work here; running the offline replay instead."
    offline=1
  elif ! command -v python3 >/dev/null; then
    echo "lab: python3 is needed for the lab's hosts; running the offline replay instead."
    offline=1
  fi
fi

home=$(mktemp -d /tmp/openmgm-lab.XXXXXX)
# A private router home: the distribution's program and configuration, not its run-time state.
for d in bin lib bundle deploy etc; do cp -a "$dist/$d" "$home/"; done
mkdir -p "$home/data" "$home/log" "$home/run"
cp -a "$dist"/data/openmgm.aot* "$home/data/" 2>/dev/null || true
rm -f "$home"/etc/org.openmgm.pim.cfg "$home"/etc/org.openmgm.dvmrp.cfg
rm -f "$home"/deploy/protocol-pim-sample*.jar "$home"/deploy/protocol-dvmrp-sample*.jar
sfx=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
ns_snd=lab-snd-$sfx ns_rtr=lab-rtr-$sfx ns_r1=lab-rcv1-$sfx ns_r2=lab-rcv2-$sfx
pids=()
router_pid=""

cleanup() {
  set +e
  trap - EXIT INT TERM
  if [ -n "$router_pid" ] && kill -0 "$router_pid" 2>/dev/null; then
    kill -TERM "$router_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$router_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$router_pid" 2>/dev/null
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$offline" -eq 0 ]; then
    for ns in "$ns_snd" "$ns_rtr" "$ns_r1" "$ns_r2"; do ip netns del "$ns" 2>/dev/null; done
  fi
  if [ "${keep_home:-0}" -eq 1 ]; then echo "lab: the router's home (logs, captures) is kept in $home"; else rm -rf "$home"; fi
}
trap cleanup EXIT
trap 'echo; echo "lab: stopping"; exit 130' INT TERM

ctl() { "$home/bin/openmgm-ctl" "$@"; }

wait_ready() {
  for _ in $(seq 150); do
    if ctl mgm:protocols >/dev/null 2>&1; then return 0; fi
    kill -0 "$router_pid" 2>/dev/null || { echo "lab: the router exited; its log:" >&2; tail -20 "$home/log/console.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "lab: the router did not become ready in 30 s; its log:" >&2; tail -20 "$home/log/console.log" >&2; exit 1
}

count_udp() { # pcap file -> number of UDP datagrams to port 5000 in it
  python3 - "$1" <<'PY'
import struct, sys
n = 0
with open(sys.argv[1], "rb") as f:
    f.read(24)
    while True:
        h = f.read(16)
        if len(h) < 16: break
        cap = struct.unpack("<IIII", h)[2]
        fr = f.read(cap)
        if len(fr) >= 38 and fr[12:14] == b"\x08\x00" and fr[23] == 17:
            hl = (fr[14] & 15) * 4
            if struct.unpack("!H", fr[14 + hl + 2:14 + hl + 4])[0] == 5000: n += 1
print(n)
PY
}

if [ "$offline" -eq 1 ]; then
  cap=$here/scripts/lab/offline
  # Values in FileInstall's typed syntax (every value of a file typed, or none): strings quoted, lists in [ ].
  cat > "$home/etc/org.openmgm.dataplane.cfg" <<EOF
interfaces = [ "lab0", "lab1", "lab2" ]
staticRoutes = [ "198.18.10.0/24 dev lab0" ]
offline.lab0.read = "$cap/sender.pcap"
offline.lab0.write = "$home/lab0-out.pcap"
offline.lab0.index = "100"
offline.lab0.address = "198.18.10.1/24"
offline.lab1.read = "$cap/rcv1.pcap"
offline.lab1.write = "$home/lab1-out.pcap"
offline.lab1.index = "101"
offline.lab1.address = "198.18.11.1/24"
offline.lab2.read = "$cap/rcv2.pcap"
offline.lab2.write = "$home/lab2-out.pcap"
offline.lab2.index = "102"
offline.lab2.address = "198.18.12.1/24"
EOF
  echo 'interfaces = [ "lab0", "lab1", "lab2" ]' > "$home/etc/org.openmgm.igmp.cfg"
  echo "lab (offline): replaying scripts/lab/offline/*.pcap through the router in $home"
  echo "  lab0 (sender LAN, 198.18.10.0/24): 50 datagrams each to 239.1.1.1 and 239.2.2.2 from t=6 s"
  echo "  lab1 (receiver 1): an IGMPv3 join of 239.1.1.1 at t=4 s;  lab2 (receiver 2): an IGMPv2 join of 239.3.3.3"
  "$home/bin/openmgm" > "$home/log/console.log" 2>&1 &
  router_pid=$!
  wait_ready
  sleep 13
  echo; echo "== mgm:mfes"; ctl mgm:mfes || true
  echo; echo "== mgm:mfestats"; ctl mgm:mfestats || true
  echo; echo "== igmp:groups"; ctl igmp:groups || true
  kill -TERM "$router_pid"; wait "$router_pid" 2>/dev/null || true; router_pid=""
  echo; echo "== summary"
  for i in 0 1 2; do
    printf '  lab%s-out.pcap: %s data datagrams forwarded\n' "$i" "$(count_udp "$home/lab$i-out.pcap")"
  done
  echo "  expected: 50 on lab1 (the 239.1.1.1 member), 0 on lab0 (the source LAN) and lab2 (no member)"
  echo "  inspect: tcpdump -nr $home/lab1-out.pcap -v | head   (rm -rf $home when done)"
  keep_home=1   # a finished replay keeps its captures; an interrupted one leaves nothing
  exit 0
fi

# --- the live lab ---------------------------------------------------------------------------------
echo "lab: creating namespaces $ns_snd, $ns_rtr, $ns_r1, $ns_r2"
for ns in "$ns_snd" "$ns_rtr" "$ns_r1" "$ns_r2"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
link() { # ns-a if-a addr-a ns-b if-b addr-b
  ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
  ip -n "$1" addr add "$3" dev "$2"; ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up; ip -n "$4" link set "$5" up
  ip netns exec "$1" ethtool -K "$2" tx off >/dev/null 2>&1 || true
  ip netns exec "$4" ethtool -K "$5" tx off >/dev/null 2>&1 || true
}
link "$ns_snd" eth0 198.18.10.2/24 "$ns_rtr" r-eth0 198.18.10.1/24
link "$ns_r1" eth0 198.18.11.2/24 "$ns_rtr" r-eth1 198.18.11.1/24
link "$ns_r2" eth0 198.18.12.2/24 "$ns_rtr" r-eth2 198.18.12.1/24
ip -n "$ns_snd" route add default via 198.18.10.1
ip -n "$ns_r1" route add default via 198.18.11.1
ip -n "$ns_r2" route add default via 198.18.12.1
ip netns exec "$ns_r2" sh -c 'echo 2 > /proc/sys/net/ipv4/conf/eth0/force_igmp_version'

cat > "$home/etc/org.openmgm.dataplane.cfg" <<'EOF'
interfaces = [ "r-eth0", "r-eth1", "r-eth2" ]
EOF
echo 'interfaces = [ "r-eth0", "r-eth1", "r-eth2" ]' > "$home/etc/org.openmgm.igmp.cfg"
ip netns exec "$ns_rtr" "$home/bin/openmgm" > "$home/log/console.log" 2>&1 &
router_pid=$!
wait_ready
echo "lab: router ready (home $home)"

py=$here/scripts/lab/mcast.py
ip netns exec "$ns_r1" python3 "$py" recv 239.1.1.1 5000 198.18.11.2 "$home/rcv1-239.1.1.1" "$duration" & pids+=($!)
ip netns exec "$ns_r2" python3 "$py" recv 239.2.2.2 5000 198.18.12.2 "$home/rcv2-239.2.2.2" "$duration" & pids+=($!)
ip netns exec "$ns_r1" python3 "$py" recv 232.1.1.1 5000 198.18.11.2 "$home/rcv1-232.1.1.1" "$duration" 198.18.10.2 & pids+=($!)
sleep 1
rate=20
count=$((rate * (duration - 2)))
for g in 239.1.1.1 239.2.2.2 239.9.9.9 232.1.1.1; do
  ip netns exec "$ns_snd" python3 "$py" send "$g" 5000 198.18.10.2 "$rate" "$count" 8 & pids+=($!)
done

cat <<EOF

lab: live traffic for $duration s: the sender (198.18.10.2) sends $rate packets/s each to 239.1.1.1, 239.2.2.2,
     239.9.9.9 (no receiver) and 232.1.1.1 (SSM);
     receiver 1 (IGMPv3) joins 239.1.1.1 and (198.18.10.2, 232.1.1.1); receiver 2 (IGMPv2) joins 239.2.2.2.
     Explore from another terminal:  $home/bin/openmgm-ctl mgm:mfes     (also igmp:groups, mgm:mfestats -j ...)
     Ctrl-C ends the lab and removes everything it made.
EOF
end=$((SECONDS + duration))
while [ $SECONDS -lt $end ]; do
  left=$((end - SECONDS)); sleep $((left < 5 ? left : 5))
  echo; echo "==== $(date +%T)  ($((end - SECONDS)) s left)"
  ctl mgm:mfes || true
  echo "---- IGMP groups"; ctl igmp:groups || true
  echo "---- packets received"
  for f in rcv1-239.1.1.1 rcv1-232.1.1.1 rcv2-239.2.2.2; do
    printf '  %-16s %s\n' "$f" "$(cat "$home/$f" 2>/dev/null || echo 0)"
  done
done
echo; echo "lab: done"
