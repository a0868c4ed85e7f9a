#!/usr/bin/env bash
# Installs what OpenMGM's build and tests need on a Debian machine of this kind (run as root).
# Idempotent: only missing packages are installed. Add one package per line to PKGS when a test needs it.
set -euo pipefail
PKGS=(
  libpcap0.8
  libpcap-dev
  tcpdump
  tshark
  socat
  iproute2
  ethtool
  frr
  python3-scapy
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "$(id -u)" -ne 0 ]; then
  [ ${#missing[@]} -eq 0 ] || echo "install-deps: not root; missing packages: ${missing[*]} (tests that need them are skipped)" >&2
  exit 0
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
# smcroute conflicts with frr in apt: unpack it beside the project instead (PEERS.md).
tools=/opt/openmgm-tools
if [ ! -x "$tools/usr/sbin/smcrouted" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download smcroute >/dev/null 2>&1 && mkdir -p "$tools" && dpkg -x smcroute_*.deb "$tools") || echo "install-deps: smcroute not available" >&2
  rm -rf "$tmp"
fi
