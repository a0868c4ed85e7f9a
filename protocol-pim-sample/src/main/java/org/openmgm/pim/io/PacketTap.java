package org.openmgm.pim.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

/**
 * An AF_PACKET/SOCK_DGRAM socket bound to one interface: the IPv4 packets arriving there. A DR in
 * Register Join state opens one on the interface of its directly connected source, because the data
 * plane forwards data but hands protocols only control packets; it is closed when registering stops.
 */
public final class PacketTap implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PacketTap.class.getName());
    private final int fd;
    private final int ifIndex;
    private volatile boolean running = true;
    private final Thread thread;

    private PacketTap(int fd, int ifIndex, Consumer<byte[]> sink) {
        this.fd = fd;
        this.ifIndex = ifIndex;
        this.thread = Thread.ofPlatform().name("pim-register-tap-if" + ifIndex).daemon().start(() -> loop(sink));
    }

    public static PacketTap open(int ifIndex, Consumer<byte[]> sink) throws IOException {
        int fd = LinuxSockets.socket(LinuxSockets.AF_PACKET, LinuxSockets.SOCK_DGRAM, Short.toUnsignedInt(Short.reverseBytes((short) LinuxSockets.ETH_P_IP)));
        try {
            LinuxSockets.bindPacket(fd, ifIndex);
        } catch (IOException e) {
            LinuxSockets.close(fd);
            throw e;
        }
        return new PacketTap(fd, ifIndex, sink);
    }

    private void loop(Consumer<byte[]> sink) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(65536);
            MemorySegment sll = a.allocate(20);
            MemorySegment len = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment st = LinuxSockets.callState(a);
            while (running) {
                if (!LinuxSockets.pollIn(fd, 200)) continue;
                int n;
                while (running) {
                    len.set(ValueLayout.JAVA_INT, 0, 20);
                    n = LinuxSockets.receive(fd, buf, sll, len, st);
                    if (n <= 0) break;
                    int pktType = sll.get(ValueLayout.JAVA_BYTE, 10) & 0xFF;
                    if (pktType == LinuxSockets.PACKET_OUTGOING) continue;
                    sink.accept(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) LOG.log(System.Logger.Level.WARNING, "register tap on if" + ifIndex + " stopped: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LinuxSockets.close(fd);
    }
}
