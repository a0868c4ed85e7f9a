#!/usr/bin/env python3
"""Writes the captures the offline lab replays (standard library only; the output is committed).

sender.pcap: 50 UDP datagrams 198.18.10.2 -> 239.1.1.1:5000 (TTL 8) and 50 to 239.2.2.2, from t=6 s, 10/s each
rcv1.pcap:   at t=4 s an IGMPv3 report from 198.18.11.2: TO_EX(239.1.1.1, {}) -- a Linux IGMPv3 ASM join
rcv2.pcap:   at t=4 s an IGMPv2 report from 198.18.12.2 for 239.3.3.3 -- a group nobody sends to
"""
import struct, sys, os


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip(src, dst, proto, ttl, payload, ra=False):
    opts = b"\x94\x04\x00\x00" if ra else b""
    hl = 20 + len(opts)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | hl // 4, 0, hl + len(payload), 0, 0, ttl, proto, 0,
                    bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def mac_for(group):
    g = list(map(int, group.split(".")))
    return bytes([0x01, 0x00, 0x5E, g[1] & 0x7F, g[2], g[3]])


def eth(dst, src, payload):
    return dst + src + b"\x08\x00" + payload


def udp(src, dst, sport, dport, data):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    pseudo = bytes(map(int, src.split("."))) + bytes(map(int, dst.split("."))) + struct.pack("!BBH", 0, 17, len(u))
    c = csum(pseudo + u) or 0xFFFF
    return u[:6] + struct.pack("!H", c) + u[8:]


def write(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for t, fr in frames:
            f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(fr), len(fr)) + fr)


out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
base = 1_800_000_000.0
snd_mac = bytes.fromhex("02000000a002")
# t=0: an ARP request, ignored by the router; it anchors the replay clock so that the IGMP reports
# (t=4 s) and the data (t=6 s on) arrive after the protocol bundles in deploy/ have started.
arp = bytes.fromhex("0001080006040001") + snd_mac + bytes([198, 18, 10, 2]) + bytes(6) + bytes([198, 18, 10, 1])
frames = [(base, b"\xff" * 6 + snd_mac + b"\x08\x06" + arp)]
for i in range(50):
    for j, g in enumerate(("239.1.1.1", "239.2.2.2")):
        t = base + 6.0 + i * 0.1 + j * 0.01
        frames.append((t, eth(mac_for(g), snd_mac, ip("198.18.10.2", g, 17, 8, udp("198.18.10.2", g, 40000, 5000, b"openmgm-lab %08d" % i)))))
write(os.path.join(out, "sender.pcap"), frames)

igmp3 = struct.pack("!BBHHH", 0x22, 0, 0, 0, 1) + struct.pack("!BBH4s", 4, 0, 0, bytes([239, 1, 1, 1]))
igmp3 = igmp3[:2] + struct.pack("!H", csum(igmp3)) + igmp3[4:]
write(os.path.join(out, "rcv1.pcap"), [(base + 4.0, eth(mac_for("224.0.0.22"), bytes.fromhex("02000000b102"),
                                                       ip("198.18.11.2", "224.0.0.22", 2, 1, igmp3, ra=True)))])
igmp2 = struct.pack("!BBH4s", 0x16, 0, 0, bytes([239, 3, 3, 3]))
igmp2 = igmp2[:2] + struct.pack("!H", csum(igmp2)) + igmp2[4:]
write(os.path.join(out, "rcv2.pcap"), [(base + 4.0, eth(mac_for("239.3.3.3"), bytes.fromhex("02000000c202"),
                                                       ip("198.18.12.2", "239.3.3.3", 2, 1, igmp2, ra=True)))])
