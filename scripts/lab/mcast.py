#!/usr/bin/env python3
"""Tiny multicast sender/receiver for the OpenMGM lab (standard library only).

  mcast.py send GROUP PORT IFADDR RATE COUNT [TTL]   send COUNT datagrams at RATE/s (bounded), then exit
  mcast.py recv GROUP PORT IFADDR COUNTFILE SECONDS [SOURCE]
      join GROUP on the interface with address IFADDR using the kernel's IGMP (source-specific if SOURCE),
      count datagrams into COUNTFILE, exit after SECONDS
"""
import socket, struct, sys, time


def send(group, port, ifaddr, rate, count, ttl=8):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(ifaddr))
    interval = 1.0 / rate
    start = time.monotonic()
    for i in range(count):
        s.sendto(b"openmgm-lab %08d" % i, (group, port))
        delay = start + (i + 1) * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def recv(group, port, ifaddr, countfile, seconds, source=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((group, port))
    if source:
        # struct ip_mreq_source { imr_multiaddr; imr_interface; imr_sourceaddr } (Linux order)
        mreq = socket.inet_aton(group) + socket.inet_aton(ifaddr) + socket.inet_aton(source)
        s.setsockopt(socket.IPPROTO_IP, 39, mreq)  # IP_ADD_SOURCE_MEMBERSHIP
    else:
        mreq = socket.inet_aton(group) + socket.inet_aton(ifaddr)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    s.settimeout(0.5)
    n = 0
    end = time.monotonic() + seconds
    last_write = 0
    while time.monotonic() < end:
        try:
            s.recv(2048)
            n += 1
        except socket.timeout:
            pass
        now = time.monotonic()
        if now - last_write > 0.5:
            with open(countfile + ".tmp", "w") as f:
                f.write(str(n))
            import os
            os.replace(countfile + ".tmp", countfile)
            last_write = now
    with open(countfile, "w") as f:
        f.write(str(n))


if __name__ == "__main__":
    a = sys.argv[1:]
    if a and a[0] == "send" and len(a) in (6, 7):
        send(a[1], int(a[2]), a[3], float(a[4]), int(a[5]), int(a[6]) if len(a) == 7 else 8)
    elif a and a[0] == "recv" and len(a) in (6, 7):
        recv(a[1], int(a[2]), a[3], a[4], float(a[5]), a[6] if len(a) == 7 else None)
    else:
        sys.exit(__doc__)
