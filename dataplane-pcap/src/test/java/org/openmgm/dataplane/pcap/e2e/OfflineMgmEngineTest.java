package org.openmgm.dataplane.pcap.e2e;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MfeStats;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.dataplane.pcap.engine.Dataplane;
import org.openmgm.dataplane.pcap.engine.DataplaneSettings;
import org.openmgm.dataplane.pcap.engine.KernelRib;
import org.openmgm.dataplane.pcap.ffm.Libpcap;
import org.openmgm.dataplane.pcap.testutil.Packets;
import org.openmgm.dataplane.pcap.testutil.PcapFiles;

/**
 * No root needed: a generated pcap of data packets for a group is replayed on r-eth1 through the real
 * MgmEngine and the libpcap data plane, with a static membership on r-eth2; the frames written for
 * r-eth2 are checked (TTL - 1, valid checksums, MACs), r-eth3 gets nothing, and MGM stats match.
 */
class OfflineMgmEngineTest {

    @Test
    void replayedGroupTrafficIsForwardedOnlyToTheMemberInterface(@TempDir Path dir) throws Exception {
        assumeTrue(Libpcap.available(), "libpcap.so.0.8 not installed");
        Path in = dir.resolve("r-eth1-in.pcap"), out2 = dir.resolve("r-eth2-out.pcap"), out3 = dir.resolve("r-eth3-out.pcap");
        int n = 30;
        List<PcapFiles.Frame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) frames.add(new PcapFiles.Frame(5_000_000L + i * 10_000L, Packets.udpFrame("198.18.1.10", "239.2.2.2", 16, i, 100, false)));
        PcapFiles.write(in, frames);

        Map<String, Object> cfg = new java.util.HashMap<>();
        cfg.put("interfaces", List.of("r-eth1", "r-eth2", "r-eth3"));
        cfg.put("offline.r-eth1.read", in.toString());
        cfg.put("offline.r-eth1.index", 21);
        cfg.put("offline.r-eth1.address", "198.18.1.1/24");
        cfg.put("offline.r-eth2.write", out2.toString());
        cfg.put("offline.r-eth2.index", 22);
        cfg.put("offline.r-eth2.mac", "02:aa:00:00:00:02");
        cfg.put("offline.r-eth2.address", "198.18.2.1/24");
        cfg.put("offline.r-eth3.write", out3.toString());
        cfg.put("offline.r-eth3.index", 23);
        cfg.put("offline.r-eth3.address", "198.18.3.1/24");
        cfg.put("noCacheQueuePackets", 64);                   // room for every packet while the first MFE is made (cold JIT)
        cfg.put("staticRoutes", List.of("198.18.1.0/24 dev r-eth1", "198.18.2.0/24 dev r-eth2", "198.18.3.0/24 dev r-eth3"));
        DataplaneSettings settings = DataplaneSettings.fromProperties(cfg);

        ManualScheduler scheduler = new ManualScheduler();
        MgmEngine mgm;
        try {
            mgm = new MgmEngine(MgmConfig.defaults(), scheduler);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            assumeTrue(false, "mgm-core in ~/.m2 is still the stub: " + e);
            return;
        }
        SourceGroup sg = SourceGroup.parse("198.18.1.10", "239.2.2.2");
        try (Dataplane dp = new Dataplane(settings)) {
            dp.start();
            mgm.addRib(new KernelRib(dp, settings.staticRoutes()), 0);
            StaticMembershipProtocol.start(mgm, List.of(21, 22, 23), Ipv4.parse("239.2.2.2"), List.of(22));
            mgm.setForwarder(dp);                            // attaches the upcalls: the replay starts
            assertTrue(dp.awaitOfflineDone(Duration.ofSeconds(20)), "replay finished");
            MfeStats st = mgm.mfeStats(sg);
            assertEquals(21, st.mfe().incomingInterface().ifIndex());
            assertEquals(n, st.inPackets(), "stats " + st + " " + dp.statistics());
            assertEquals(n, st.totalOutPackets());
            assertEquals(0, st.queueOverflow());
            assertEquals(List.of(22), st.outgoing().stream().map(o -> o.iface().ifIndex()).toList());
        } finally {
            mgm.close();
        }
        List<PcapFiles.Frame> got = PcapFiles.read(out2);
        assertEquals(n, got.size());
        for (int i = 0; i < n; i++) {
            byte[] f = got.get(i).data();
            byte[] ip = java.util.Arrays.copyOfRange(f, 14, f.length);
            assertEquals(15, Ipv4Packets.ttl(ip));
            assertTrue(Packets.ipChecksumValid(f));
            assertTrue(Packets.udpChecksumValid(f));
            assertArrayEquals(Packets.multicastMac(Ipv4.parse("239.2.2.2")), java.util.Arrays.copyOfRange(f, 0, 6));
            assertArrayEquals(new byte[] {2, (byte) 0xaa, 0, 0, 0, 2}, java.util.Arrays.copyOfRange(f, 6, 12));
            assertEquals(i, Ipv4Packets.getInt(ip, 28));
        }
        assertEquals(0, PcapFiles.read(out3).size());
    }
}
