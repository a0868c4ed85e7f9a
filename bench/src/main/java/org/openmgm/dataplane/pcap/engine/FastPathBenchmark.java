package org.openmgm.dataplane.pcap.engine;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.openmgm.dataplane.pcap.engine.Frames.BE_INT;
import static org.openmgm.dataplane.pcap.engine.Frames.ETH_HEADER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.spi.ForwardingEntry;

/**
 * (f) The data plane's per-packet path ({@link FastPath#receive} through {@link Dataplane#process}, the entry
 * the plain-main {@code FastPathBench} of dataplane-pcap uses) without I/O. A real {@link Dataplane} (libpcap
 * loaded) serves three offline interfaces b-eth1..3 (ifIndex 11..13) whose output is {@code offline.IF.write=-}:
 * {@link Port#transmit} then counts the frame as sent and discards it — the only step replaced by a no-op sink.
 * The table holds 1000 MFEs; the measured flow is (198.18.1.10, 239.1.1.1), iif 11, oifs 12 (and 13).
 * The frame is a pre-built Ethernet/IPv4/UDP frame with a 64-byte payload, TTL 16, correct IP and UDP checksums.
 *
 * <p>{@code forward}: every invocation copies the frame into the thread's scratch buffer, decrements the TTL
 * (16 → 15) with the incremental checksum update, writes the multicast destination MAC and, per oif, the oif's
 * source MAC, and "injects". The input frame is never written (the path copies it first), so no per-invocation
 * reset is needed; the rewritten TTL/protocol/checksum word and the source MAC in the scratch buffer are fed to
 * the Blackhole. Set-up checks one forwarded frame byte by byte; tear-down checks that every packet counted in
 * was counted out on every oif and nothing was dropped.
 *
 * <p>{@code wrongInterface}: the same flow arriving on b-eth2 (not its iif): counter + wrong-interface upcall
 * (queued for the upcall thread; dropped and counted when the bounded queue is full). {@code noMfe}: a flow
 * without MFE (239.1.1.2): miss, then the no-cache queue of that (S,G) (full after 16 packets: counted drops).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class FastPathBenchmark {
    static final int MFES = 1000;
    static final String SOURCE = "198.18.1.10";
    static final String GROUP = "239.1.1.1";
    static final String GROUP_WITHOUT_MFE = "239.1.1.2";
    static final int TTL = 16;
    static final int PAYLOAD = 64;

    /** The MAC configured for b-ethN (ifIndex 10+N): 02:00:00:00:00:1N. */
    static long mac(int n) {
        return 0x020000000010L + n;
    }

    /** A data plane with three offline, discarding interfaces and {@code MFES} entries, plus the frame buffers. */
    public abstract static class World {
        Dataplane dp;
        Arena arena;
        MemorySegment frame, scratch;
        int frameLen;
        final SourceGroup sg = SourceGroup.parse(SOURCE, GROUP);

        void open(int oifs, String group) {
            Map<String, Object> cfg = new HashMap<>();
            cfg.put("interfaces", "b-eth1,b-eth2,b-eth3");
            for (int i = 1; i <= 3; i++) {
                cfg.put("offline.b-eth" + i + ".write", "-");
                cfg.put("offline.b-eth" + i + ".index", Integer.toString(10 + i));
                cfg.put("offline.b-eth" + i + ".mac", String.format("02:00:00:00:00:%02x", 0x10 + i));
                cfg.put("offline.b-eth" + i + ".address", "198.18." + i + ".1/24");
            }
            dp = new Dataplane(DataplaneSettings.fromProperties(cfg));
            dp.start();
            for (int i = 1; i < MFES; i++)   // other flows in the table
                dp.install(new ForwardingEntry(new SourceGroup(sg.source() + i, sg.group()), InterfaceKey.of(11), List.of(InterfaceKey.of(12))));
            dp.install(new ForwardingEntry(sg, InterfaceKey.of(11),
                    oifs == 1 ? List.of(InterfaceKey.of(12)) : List.of(InterfaceKey.of(12), InterfaceKey.of(13))));
            if (dp.table.size() != MFES) throw new IllegalStateException("table holds " + dp.table.size() + " MFEs");
            byte[] f = udpFrame(Ipv4.parse(SOURCE), Ipv4.parse(group), TTL, PAYLOAD);
            arena = Arena.ofShared();
            frame = arena.allocate(2048, 64);
            scratch = arena.allocate(2048, 64);
            MemorySegment.copy(f, 0, frame, JAVA_BYTE, 0, f.length);
            frameLen = f.length;
        }

        void close() {
            if (dp != null) dp.close();
            if (arena != null) arena.close();
        }
    }

    @State(Scope.Thread)
    public static class Forwarding extends World {
        @Param({"1", "2"})
        public int oifs;

        @Setup(Level.Trial)
        public void setUp() {
            open(oifs, GROUP);
            dp.process("b-eth1", frame, frameLen, scratch);
            checkForwardedFrame();
        }

        /** The scratch buffer holds the frame as sent on the last oif: TTL 15, valid checksums, rewritten MACs. */
        void checkForwardedFrame() {
            if (scratch.get(JAVA_BYTE, ETH_HEADER + 8) != TTL - 1) throw new IllegalStateException("TTL not decremented");
            if (!Frames.ipHeaderChecksumOk(scratch, ETH_HEADER, 20)) throw new IllegalStateException("IP checksum wrong after forwarding");
            if (!Frames.udpChecksumOk(scratch, ETH_HEADER, 20, frameLen - ETH_HEADER)) throw new IllegalStateException("UDP checksum wrong");
            if (Frames.mac(scratch, 0) != 0x01005E010101L) throw new IllegalStateException("destination MAC not the group's");
            if (Frames.mac(scratch, 6) != mac(oifs == 1 ? 2 : 3)) throw new IllegalStateException("source MAC not the oif's");
            if (frame.get(JAVA_BYTE, ETH_HEADER + 8) != TTL) throw new IllegalStateException("input frame was modified");
            for (long i = ETH_HEADER + 12; i < frameLen; i++)
                if (frame.get(JAVA_BYTE, i) != scratch.get(JAVA_BYTE, i)) throw new IllegalStateException("payload differs at " + i);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                checkForwardedFrame();
                Route r = dp.table.get(sg.packed());
                MfeCounterSet c = r.counters;
                long in = c.inPackets.sum();
                if (in < 2 || c.headerErrors.sum() != 0 || c.differentIf.sum() != 0 || c.negative.sum() != 0)
                    throw new IllegalStateException("not forwarded: in " + in + " headerErrors " + c.headerErrors.sum() + " differentIf " + c.differentIf.sum());
                for (Route.Oif o : r.oifs) {
                    OifCounterSet oc = o.counters();
                    if (oc.outPackets.sum() != in || oc.outDiscards.sum() + oc.ttlTooLow.sum() + oc.fragNeeded.sum() != 0)
                        throw new IllegalStateException(o.key() + ": out " + oc.outPackets.sum() + " of " + in);
                }
                System.out.println("\n(check) " + in + " packets in, each forwarded on " + r.oifs.length + " oif(s); TTL " + TTL + " -> "
                        + scratch.get(JAVA_BYTE, ETH_HEADER + 8) + ", checksums valid, MACs rewritten");
            } finally {
                close();
            }
        }
    }

    @State(Scope.Thread)
    public static class Misses extends World {
        MemorySegment noMfeFrame;

        @Setup(Level.Trial)
        public void setUp() {
            open(1, GROUP);
            byte[] f = udpFrame(Ipv4.parse(SOURCE), Ipv4.parse(GROUP_WITHOUT_MFE), TTL, PAYLOAD);
            noMfeFrame = arena.allocate(2048, 64);
            MemorySegment.copy(f, 0, noMfeFrame, JAVA_BYTE, 0, f.length);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                Route r = dp.table.get(sg.packed());
                System.out.println("\n(check) differentIf " + r.counters.differentIf.sum() + ", forwarded " + r.counters.inPackets.sum()
                        + "; data plane " + dp.statistics());
            } finally {
                close();
            }
        }
    }

    @Benchmark
    public void forward(Forwarding s, Blackhole bh) {
        s.dp.process("b-eth1", s.frame, s.frameLen, s.scratch);
        bh.consume(s.scratch.get(BE_INT, ETH_HEADER + 8));     // TTL, protocol, header checksum as rewritten
        bh.consume(s.scratch.get(BE_INT, 8));                  // low 4 bytes of the source MAC written for the last oif
    }

    @Benchmark
    public void wrongInterface(Misses s, Blackhole bh) {
        s.dp.process("b-eth2", s.frame, s.frameLen, s.scratch);
        bh.consume(s.scratch);
    }

    @Benchmark
    public void noMfe(Misses s, Blackhole bh) {
        s.dp.process("b-eth1", s.noMfeFrame, s.frameLen, s.scratch);
        bh.consume(s.scratch);
    }

    /** Ethernet (01:00:5e:G → from 02:11:22:33:44:55) / IPv4 (checksummed) / UDP 40000 → 5000 with a correct checksum. */
    static byte[] udpFrame(int src, int group, int ttl, int payloadLen) {
        byte[] udp = new byte[8 + payloadLen];
        udp[0] = (byte) (40000 >>> 8);
        udp[1] = (byte) 40000;
        udp[2] = (byte) (5000 >>> 8);
        udp[3] = (byte) 5000;
        udp[4] = (byte) (udp.length >>> 8);
        udp[5] = (byte) udp.length;
        for (int i = 8; i < udp.length; i++) udp[i] = (byte) (i * 7);
        byte[] pseudo = new byte[12 + udp.length];
        Ipv4Packets.putInt(pseudo, 0, src);
        Ipv4Packets.putInt(pseudo, 4, group);
        pseudo[9] = 17;
        pseudo[10] = (byte) (udp.length >>> 8);
        pseudo[11] = (byte) udp.length;
        System.arraycopy(udp, 0, pseudo, 12, udp.length);
        int c = Ipv4Packets.checksum(pseudo, 0, pseudo.length);
        if (c == 0) c = 0xFFFF;
        udp[6] = (byte) (c >>> 8);
        udp[7] = (byte) c;
        byte[] ip = Ipv4Packets.build(src, group, Ipv4Packets.PROTO_UDP, ttl, 0, false, udp);
        byte[] f = new byte[ETH_HEADER + ip.length];
        byte[] dst = {0x01, 0x00, 0x5e, (byte) ((group >>> 16) & 0x7f), (byte) (group >>> 8), (byte) group};
        byte[] srcMac = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        f[12] = 0x08;
        System.arraycopy(ip, 0, f, ETH_HEADER, ip.length);
        return f;
    }
}
