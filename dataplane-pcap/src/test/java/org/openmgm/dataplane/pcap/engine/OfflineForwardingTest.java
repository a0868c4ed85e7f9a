package org.openmgm.dataplane.pcap.engine;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.OifStats;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.packet.ReceivedPacket;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.spi.MfeCounters;
import org.openmgm.dataplane.pcap.ffm.Libpcap;
import org.openmgm.dataplane.pcap.testutil.Packets;
import org.openmgm.dataplane.pcap.testutil.PcapFiles;

/** The whole forwarding path through libpcap, without root: offline input and output pcap files. */
class OfflineForwardingTest {
    static final String SRC = "198.18.1.10", GROUP = "239.1.1.1";
    static final byte[] MAC2 = {0x02, 0, 0, 0, 0, 0x22}, MAC3 = {0x02, 0, 0, 0, 0, 0x33};

    @BeforeAll
    static void libpcap() {
        assumeTrue(Libpcap.available(), "libpcap.so.0.8 not installed");
    }

    /** Upcalls that answer a no-cache like an MGM with a static membership on the given oifs. */
    static final class InstallingUpcalls implements ForwarderUpcalls {
        final List<String> calls = new CopyOnWriteArrayList<>();
        Dataplane dp;
        List<InterfaceKey> oifs;

        @Override
        public void noCache(int source, int group, InterfaceKey arrival, byte[] header) {
            calls.add("noCache " + Ipv4.format(source) + " " + Ipv4.format(group) + " " + arrival);
            assertTrue(Thread.currentThread().getName().startsWith("dataplane-upcalls"), "upcalls never run on a capture thread");
            assertEquals(group, Ipv4Packets.destination(header));
            dp.install(new ForwardingEntry(new SourceGroup(source, group), arrival, oifs));
        }

        @Override
        public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] header) {
            calls.add("wrongInterface " + Ipv4.format(source) + " " + Ipv4.format(group) + " " + arrival);
        }
    }

    static Map<String, Object> config(Path in1, Path in3, Path out2, Path out3) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of(
                "interfaces", "r-eth1,r-eth2,r-eth3",
                "offline.r-eth1.read", in1.toString(), "offline.r-eth1.index", "101", "offline.r-eth1.address", "198.18.1.1/24",
                "offline.r-eth2.write", out2.toString(), "offline.r-eth2.index", "102", "offline.r-eth2.mac", "02:00:00:00:00:22",
                "offline.r-eth3.write", out3.toString(), "offline.r-eth3.index", "103"));
        p.put("offline.r-eth3.mac", "02:00:00:00:00:33");
        p.put("offline.r-eth2.address", "198.18.2.1/24");
        p.put("offline.r-eth3.address", "198.18.3.1/24");
        if (in3 != null) p.put("offline.r-eth3.read", in3.toString());
        p.put("ttlThresholds", "r-eth3=1");
        p.put("noCacheQueuePackets", "64");          // every test flow fits while its MFE is made, however loaded the machine
        return p;
    }

    @Test
    void packetsOfAGroupAreForwardedWithTtlOneLowerValidChecksumsAndRewrittenMacs(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap"), out2 = dir.resolve("out2.pcap"), out3 = dir.resolve("out3.pcap");
        List<PcapFiles.Frame> frames = new ArrayList<>();
        int n = 20;
        for (int i = 0; i < n; i++)
            // Every other packet carries the unfinished checksum a veth with TX offload hands over.
            frames.add(new PcapFiles.Frame(1_000_000L + i * 20_000L, Packets.udpFrame(SRC, GROUP, 5, i, 64, i % 2 == 1)));
        frames.add(new PcapFiles.Frame(1_000_000L + n * 20_000L, Packets.udpFrame(SRC, GROUP, 1, 99, 64, false)));   // TTL 1: never forwarded
        PcapFiles.write(in, frames);

        InstallingUpcalls up = new InstallingUpcalls();
        try (Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(config(in, null, out2, out3)))) {
            up.dp = dp;
            up.oifs = List.of(InterfaceKey.of(102));
            dp.start();
            assertEquals(List.of("r-eth1", "r-eth2", "r-eth3"), dp.interfaces().stream().map(i -> i.name()).toList());
            dp.attach(up);
            assertTrue(dp.awaitOfflineDone(Duration.ofSeconds(20)), "offline file replayed");
            MfeCounters c = dp.counters(SourceGroup.parse(SRC, GROUP));
            assertEquals(n + 1, c.inPackets());
            assertEquals(1, c.outgoing().size());
            OifStats o = c.outgoing().get(0);
            assertEquals(n, o.outPackets());
            assertEquals(1, o.ttlTooLow());
            assertEquals(0, c.packetsDifferentIf());
            assertEquals(Map.of(), Map.of(), "stats: " + dp.statistics());
            assertEquals(n / 2, dp.statistics().get("r-eth1.udpChecksumsRepaired"));
        }
        assertEquals(List.of("noCache 198.18.1.10 239.1.1.1 if101"), up.calls);

        List<PcapFiles.Frame> got = PcapFiles.read(out2);
        assertEquals(n, got.size());
        for (int i = 0; i < n; i++) {
            byte[] f = got.get(i).data();
            byte[] ip = java.util.Arrays.copyOfRange(f, 14, f.length);
            assertEquals(4, Ipv4Packets.ttl(ip), "TTL one lower");
            assertTrue(Packets.ipChecksumValid(f), "IP header checksum valid");
            assertTrue(Packets.udpChecksumValid(f), "UDP checksum valid, including repaired offload checksums");
            assertEquals("01:00:5e:01:01:01", Frames.formatMac(java.util.Arrays.copyOfRange(f, 0, 6)));
            assertEquals("02:00:00:00:00:22", Frames.formatMac(java.util.Arrays.copyOfRange(f, 6, 12)));
            assertEquals(i, Ipv4Packets.getInt(ip, 28), "order and payload preserved");
        }
        assertEquals(0, PcapFiles.read(out3).size(), "no packet out of a non-member interface");
    }

    /** Five packets of the flow on its iif r-eth1, then three on r-eth3 20 ms apart (after the MFE exists). */
    private static InstallingUpcalls wrongInterfaceRun(Path dir, String upcallMillis, Map<String, Long> stats) throws Exception {
        Path in1 = dir.resolve("in1.pcap"), in3 = dir.resolve("in3.pcap"), out2 = dir.resolve("out2.pcap"), out3 = dir.resolve("out3.pcap");
        List<PcapFiles.Frame> f1 = new ArrayList<>(), f3 = new ArrayList<>();
        for (int i = 0; i < 5; i++) f1.add(new PcapFiles.Frame(1_000_000L + i * 20_000L, Packets.udpFrame(SRC, GROUP, 9, i, 32, false)));
        for (int i = 0; i < 3; i++) f3.add(new PcapFiles.Frame(1_400_000L + i * 20_000L, Packets.udpFrame(SRC, GROUP, 9, 100 + i, 32, false)));
        PcapFiles.write(in1, f1);
        PcapFiles.write(in3, f3);
        Map<String, Object> cfg = config(in1, in3, out2, out3);
        if (upcallMillis != null) cfg.put("wrongInterfaceUpcallMillis", upcallMillis);
        InstallingUpcalls up = new InstallingUpcalls();
        try (Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(cfg))) {
            up.dp = dp;
            up.oifs = List.of(InterfaceKey.of(102));
            dp.start();
            dp.attach(up);
            assertTrue(dp.awaitOfflineDone(Duration.ofSeconds(20)));
            MfeCounters c = dp.counters(SourceGroup.parse(SRC, GROUP));
            assertEquals(5, c.inPackets());
            assertEquals(3, c.packetsDifferentIf(), "every wrong-interface packet is counted");
            assertEquals(5, c.outgoing().get(0).outPackets());
            stats.putAll(dp.statistics());
        }
        assertEquals(5, PcapFiles.read(out2).size(), "wrong-interface packets are not forwarded");
        return up;
    }

    @Test
    void packetsOnAnotherInterfaceThanTheIifAreCountedAsWrongInterfaceAndEachUpcalledWithoutALimit(@TempDir Path dir) throws Exception {
        Map<String, Long> stats = new java.util.HashMap<>();
        InstallingUpcalls up = wrongInterfaceRun(dir, "0", stats);
        assertEquals(3, up.calls.stream().filter(s -> s.startsWith("wrongInterface") && s.endsWith("if103")).count(), up.calls.toString());
        assertEquals(0L, stats.get("wrongInterfaceUpcallsSuppressed"));
    }

    /** The default limit: one upcall per MFE and arrival interface per 100 ms; the three packets come within 40 ms. */
    @Test
    void wrongInterfaceUpcallsAreLimitedPerMfeAndInterfaceByDefault(@TempDir Path dir) throws Exception {
        Map<String, Long> stats = new java.util.HashMap<>();
        InstallingUpcalls up = wrongInterfaceRun(dir, null, stats);
        assertEquals(1, up.calls.stream().filter(s -> s.startsWith("wrongInterface") && s.endsWith("if103")).count(), up.calls.toString());
        assertEquals(1L, stats.get("wrongInterfaceUpcalls"));
        assertEquals(2L, stats.get("wrongInterfaceUpcallsSuppressed"));
    }

    @Test
    void controlPacketsGoToListenersOfTheirProtocolAndAreNotForwarded(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap"), out2 = dir.resolve("out2.pcap"), out3 = dir.resolve("out3.pcap");
        byte[] igmpReport = Ipv4Packets.build(Ipv4.parse("198.18.1.10"), Ipv4.parse("239.1.1.1"), 2, 1, 0, true, igmp(0x16, "239.1.1.1"));
        byte[] pimHello = Ipv4Packets.build(Ipv4.parse("198.18.1.10"), Ipv4.parse("224.0.0.13"), 103, 1, 0, false, new byte[] {0x20, 0, 0, 0});
        byte[] pimUnicastNotForUs = Ipv4Packets.build(Ipv4.parse("198.18.1.10"), Ipv4.parse("198.18.1.77"), 103, 64, 0, false, new byte[] {0x20, 0, 0, 0});
        byte[] pimUnicastToUs = Ipv4Packets.build(Ipv4.parse("198.18.1.10"), Ipv4.parse("198.18.1.1"), 103, 64, 0, false, new byte[] {0x21, 0, 0, 0});
        PcapFiles.write(in, List.of(
                new PcapFiles.Frame(1_000_000, Packets.ethernet(Packets.multicastMac(Ipv4.parse("239.1.1.1")), Packets.SENDER_MAC, igmpReport)),
                new PcapFiles.Frame(1_001_000, Packets.ethernet(Packets.multicastMac(Ipv4.parse("224.0.0.13")), Packets.SENDER_MAC, pimHello)),
                new PcapFiles.Frame(1_002_000, Packets.ethernet(new byte[] {2, 0, 0, 0, 0, 0x77}, Packets.SENDER_MAC, pimUnicastNotForUs)),
                new PcapFiles.Frame(1_003_000, Packets.ethernet(new byte[] {2, 0, 0, 0, 0, 1}, Packets.SENDER_MAC, pimUnicastToUs))));
        List<ReceivedPacket> igmp = new CopyOnWriteArrayList<>(), pim = new CopyOnWriteArrayList<>();
        InstallingUpcalls up = new InstallingUpcalls();
        try (Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(config(in, null, out2, out3)))) {
            dp.addPacketListener(2, igmp::add);
            dp.addPacketListener(103, pim::add);
            PacketListener failing = p -> { throw new IllegalStateException("a broken protocol"); };
            dp.addPacketListener(103, failing);
            dp.start();
            up.dp = dp;
            up.oifs = List.of();
            dp.attach(up);
            assertTrue(dp.awaitOfflineDone(Duration.ofSeconds(20)));
            assertEquals(2, dp.statistics().get("listenerFaults"));
        }
        assertEquals(1, igmp.size());
        assertEquals("r-eth1", igmp.get(0).iface().name());
        assertArrayEquals(igmpReport, igmp.get(0).ip());
        assertArrayEquals(Packets.SENDER_MAC, igmp.get(0).sourceMac());
        assertEquals(2, pim.size(), "the hello and the unicast to our own address, not the unicast to someone else");
        assertEquals(0x21, pim.get(1).ip()[20]);
        assertTrue(up.calls.isEmpty(), "control packets never make MFEs");
        assertEquals(0, PcapFiles.read(out2).size() + PcapFiles.read(out3).size());
    }

    @Test
    void sendBuildsAnEthernetFrameWithTheGroupMacAndOurSourceMac(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap"), out2 = dir.resolve("out2.pcap"), out3 = dir.resolve("out3.pcap");
        PcapFiles.write(in, List.of());
        byte[] query = Ipv4Packets.build(Ipv4.parse("198.18.2.1"), Ipv4.parse("224.0.0.1"), 2, 1, 0xc0, true, igmp(0x11, "0.0.0.0"));
        try (Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(config(in, null, out2, out3)))) {
            dp.start();
            dp.send(102, query);
            assertThrows(java.io.UncheckedIOException.class, () -> dp.send(999, query));
        }
        List<PcapFiles.Frame> got = PcapFiles.read(out2);
        assertEquals(1, got.size());
        byte[] f = got.get(0).data();
        assertEquals("01:00:5e:00:00:01", Frames.formatMac(java.util.Arrays.copyOfRange(f, 0, 6)));
        assertEquals("02:00:00:00:00:22", Frames.formatMac(java.util.Arrays.copyOfRange(f, 6, 12)));
        assertArrayEquals(query, java.util.Arrays.copyOfRange(f, 14, f.length));
    }

    @Test
    void unicastSendUsesTheMacLearnedFromReceivedControlPacketsAndFailsForUnknownNeighbours(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.pcap"), out1 = dir.resolve("out1.pcap"), out2 = dir.resolve("out2.pcap"), out3 = dir.resolve("out3.pcap");
        byte[] hello = Ipv4Packets.build(Ipv4.parse("198.18.1.10"), Ipv4.parse("224.0.0.13"), 103, 1, 0, false, new byte[] {0x20, 0, 0, 0});
        PcapFiles.write(in, List.of(new PcapFiles.Frame(1_000_000, Packets.ethernet(Packets.multicastMac(Ipv4.parse("224.0.0.13")), Packets.SENDER_MAC, hello))));
        Map<String, Object> cfg = config(in, null, out2, out3);
        cfg.put("offline.r-eth1.write", out1.toString());
        cfg.put("offline.r-eth1.mac", "02:00:00:00:00:11");
        List<ReceivedPacket> pim = new CopyOnWriteArrayList<>();
        byte[] registerStop = Ipv4Packets.build(Ipv4.parse("198.18.1.1"), Ipv4.parse("198.18.1.10"), 103, 64, 0, false, new byte[] {0x22, 0, 0, 0});
        try (Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(cfg))) {
            dp.addPacketListener(103, pim::add);
            dp.start();
            dp.attach(new InstallingUpcalls());
            assertTrue(dp.awaitOfflineDone(Duration.ofSeconds(20)));
            assertEquals(1, pim.size());
            dp.send(101, registerStop);
            // Off-link: 198.18.9.0/24 via 198.18.1.10 out of r-eth1 -> the gateway's learned MAC.
            Path routes = dir.resolve("route");
            java.nio.file.Files.writeString(routes, "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n"
                    + "r-eth1\t000912C6\t0A0112C6\t0003\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");
            dp.routeFile = routes;
            dp.send(101, Ipv4Packets.build(Ipv4.parse("198.18.1.1"), Ipv4.parse("198.18.9.5"), 103, 64, 0, false, new byte[] {0x21, 0, 0, 0}));
            byte[] unknown = Ipv4Packets.build(Ipv4.parse("198.18.1.1"), Ipv4.parse("198.18.1.99"), 103, 64, 0, false, new byte[4]);
            assertThrows(java.io.UncheckedIOException.class, () -> dp.send(101, unknown));
        }
        List<PcapFiles.Frame> got = PcapFiles.read(out1);
        assertEquals(2, got.size());
        byte[] f = got.get(0).data();
        assertArrayEquals(Packets.SENDER_MAC, java.util.Arrays.copyOfRange(f, 0, 6), "destination MAC learned from the hello");
        assertEquals("02:00:00:00:00:11", Frames.formatMac(java.util.Arrays.copyOfRange(f, 6, 12)));
        assertArrayEquals(registerStop, java.util.Arrays.copyOfRange(f, 14, f.length));
        assertArrayEquals(Packets.SENDER_MAC, java.util.Arrays.copyOfRange(got.get(1).data(), 0, 6), "off-link: the gateway's MAC");
    }

    static byte[] igmp(int type, String group) {
        byte[] m = new byte[8];
        m[0] = (byte) type;
        Ipv4Packets.putInt(m, 4, Ipv4.parse(group));
        int c = Ipv4Packets.checksum(m, 0, 8);
        m[2] = (byte) (c >>> 8);
        m[3] = (byte) c;
        return m;
    }
}
