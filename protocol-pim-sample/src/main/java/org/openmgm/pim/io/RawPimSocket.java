package org.openmgm.pim.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;
import org.openmgm.api.packet.Ipv4Packets;

/**
 * {@code socket(AF_INET, SOCK_RAW, 103)} with IP_HDRINCL. Why PIM opens one although the data plane
 * captures protocol 103 with libpcap:
 * <ul>
 * <li>while a raw socket for protocol 103 is open, the kernel delivers unicast PIM (Registers to the
 *     RP address, Register-Stops to the DR) to it instead of answering ICMP protocol-unreachable,
 *     which makes FRR's DR give up on us;</li>
 * <li>unicast sends are routed by the kernel (next hop, ARP, an RP address on lo), and with
 *     IP_HDRINCL we choose the source address (the DR's interface address, or the RP address);</li>
 * <li>it also receives unicast PIM addressed to an address the data plane does not serve (lo).</li>
 * </ul>
 * Multicast PIM (hellos, join/prune, asserts to 224.0.0.13) goes through the data plane's PacketIo
 * and PacketListener instead: those need a specific interface, which the raw socket would only give
 * with IP_PKTINFO and per-interface group joins.
 */
public final class RawPimSocket implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RawPimSocket.class.getName());
    private final int fd;
    private volatile boolean running = true;
    private Thread receiver;

    private RawPimSocket(int fd) {
        this.fd = fd;
    }

    /** Opens the socket; needs CAP_NET_RAW. */
    public static RawPimSocket open() throws IOException {
        int fd = LinuxSockets.socket(LinuxSockets.AF_INET, LinuxSockets.SOCK_RAW, Ipv4Packets.PROTO_PIM);
        try {
            LinuxSockets.setIntOption(fd, LinuxSockets.IPPROTO_IP, LinuxSockets.IP_HDRINCL, 1);
            LinuxSockets.setIntOption(fd, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_RCVBUF, 1 << 20);
        } catch (IOException e) {
            LinuxSockets.close(fd);
            throw e;
        }
        return new RawPimSocket(fd);
    }

    /** Sends {@code pim} from {@code source} to {@code destination} (TTL 64), routed by the kernel. */
    public void send(int source, int destination, byte[] pim) throws IOException {
        byte[] ip = Ipv4Packets.build(source, destination, Ipv4Packets.PROTO_PIM, 64, 0xC0, false, pim);
        LinuxSockets.sendTo(fd, ip, destination);
    }

    /** Starts a daemon thread handing every received IPv4 packet (header included) to {@code sink}. */
    public synchronized void startReceiving(Consumer<byte[]> sink) {
        if (receiver != null) return;
        receiver = Thread.ofPlatform().name("pim-raw-socket").daemon().start(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(65536);
                MemorySegment st = LinuxSockets.callState(a);
                while (running) {
                    if (!LinuxSockets.pollIn(fd, 200)) continue;
                    int n;
                    while (running && (n = LinuxSockets.receive(fd, buf, null, null, st)) > 0) {
                        byte[] ip = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                        try {
                            sink.accept(ip);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "PIM raw socket consumer failed", e);
                        }
                    }
                }
            } catch (IOException e) {
                if (running) LOG.log(System.Logger.Level.WARNING, "PIM raw socket receive stopped", e);
            }
        });
    }

    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = receiver;
        }
        if (t != null) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LinuxSockets.close(fd);
    }

    @Override
    public String toString() {
        return "raw PIM socket fd " + fd;
    }
}
