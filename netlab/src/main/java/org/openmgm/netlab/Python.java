package org.openmgm.netlab;

import java.nio.file.Files;
import java.nio.file.Path;

/** The python3 used for the sender and receiver scripts (Debian's, which has only the standard library we need). */
final class Python {
    private Python() {}

    static String executable() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static final String SENDER = """
            import socket, struct, sys, time
            group, port, ifname, ttl, count, interval, size, duration, loop, srcaddr = sys.argv[1:11]
            port, ttl, count, size = int(port), int(ttl), int(count), int(size)
            interval, duration = float(interval), float(duration)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, int(loop))
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, struct.pack('4s4si', b'\\0'*4, b'\\0'*4, socket.if_nametoindex(ifname)))
            s.setsockopt(socket.SOL_SOCKET, 25, ifname.encode())  # SO_BINDTODEVICE
            if srcaddr != '-':
                s.bind((srcaddr, 0))
            pad = bytes(max(0, size - 4))
            sent = 0
            start = time.monotonic(); deadline = start + duration; nxt = start
            while sent < count:
                now = time.monotonic()
                if now >= deadline: break
                if interval > 0 and now < nxt:
                    time.sleep(nxt - now)
                try:
                    s.sendto(struct.pack('!I', sent) + pad, (group, port))
                    sent += 1
                except (BlockingIOError, OSError):
                    time.sleep(0.0005)
                nxt += interval
            print(sent, flush=True)
            """;

    static final String RECEIVER = """
            import os, signal, socket, struct, sys, time
            group, port, ifname, ifaddr, source, out, duration = sys.argv[1:8]
            port, duration = int(port), float(duration)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.IPPROTO_IP, 49, 0)    # IP_MULTICAST_ALL off: only our own joins
            s.setsockopt(socket.IPPROTO_IP, 12, 1)    # IP_RECVTTL
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            s.bind((group, port))
            if source != '-':
                # struct ip_mreq_source { multiaddr; interface; sourceaddr }
                s.setsockopt(socket.IPPROTO_IP, 39, socket.inet_aton(group) + socket.inet_aton(ifaddr) + socket.inet_aton(source))
            else:
                s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack('4s4si', socket.inet_aton(group), b'\\0'*4, socket.if_nametoindex(ifname)))
            st = {'packets': 0, 'bytes': 0, 'ttlMin': -1, 'ttlMax': -1, 'lastSeq': -1}
            def dump():
                tmp = out + '.tmp'
                with open(tmp, 'w') as f:
                    for k, v in st.items(): f.write('%s %d\\n' % (k, v))
                os.replace(tmp, out)
            stop = [False]
            def term(*a): stop[0] = True
            signal.signal(signal.SIGTERM, term)
            signal.signal(signal.SIGINT, term)
            dump()
            s.settimeout(0.1)
            deadline = time.monotonic() + duration; last = 0
            while not stop[0] and time.monotonic() < deadline:
                try:
                    data, anc, flags, addr = s.recvmsg(65535, 64)
                except socket.timeout:
                    dump(); continue
                except InterruptedError:
                    continue
                st['packets'] += 1; st['bytes'] += len(data)
                for level, typ, val in anc:
                    if level == socket.IPPROTO_IP and typ == 2:   # IP_TTL
                        ttl = struct.unpack('i', val[:4])[0]
                        st['ttlMin'] = ttl if st['ttlMin'] < 0 else min(st['ttlMin'], ttl)
                        st['ttlMax'] = max(st['ttlMax'], ttl)
                if len(data) >= 4: st['lastSeq'] = struct.unpack('!I', data[:4])[0]
                now = time.monotonic()
                if now - last > 0.1:
                    dump(); last = now
            dump()
            """;
}
