package org.openmgm.dvmrp.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.dvmrp.core.DvmrpConfig;
import org.openmgm.dvmrp.core.DvmrpRouter;
import org.openmgm.dvmrp.core.InterfaceConfig;
import org.openmgm.dvmrp.core.NoopHandle;
import org.openmgm.dvmrp.core.Views;

/**
 * Interoperability with mrouted as far as captures allow: OpenMGM takes the place of the mrouted at
 * 198.18.20.1 in dvmrp-r0.pcap and is fed everything the other mrouted (198.18.20.2) sent there —
 * probes, reports, a prune, a graft, an ask-neighbors2.
 */
class MroutedReplayTest {
    static final int US = Ipv4.parse("198.18.20.1"), PEER = Ipv4.parse("198.18.20.2");

    @Test
    void openmgmAcceptsWhatMroutedSentAndAnswersIt() throws Exception {
        ManualScheduler clock = new ManualScheduler();
        List<byte[]> out = new ArrayList<>();
        DvmrpRouter r = new DvmrpRouter(DvmrpConfig.defaults(List.of(
                new InterfaceConfig("a1", 1, Ipv4.parse("198.18.1.1"), 24, 1, 1, 1500),
                new InterfaceConfig("r0", 2, US, 24, 1, 1, 1500))), clock, (i, p) -> out.add(p), 99);
        r.start(new NoopHandle(), null);
        for (byte[] frame : PcapReader.frames(DvmrpCodecFixtureTest.PCAPS.resolve("dvmrp-r0.pcap"))) {
            byte[] ip = PcapReader.ipOf(frame);
            if (PcapReader.dvmrpOf(ip) == null || Ipv4Packets.source(ip) != PEER) continue;
            r.receive(2, ip);
        }

        Views.NeighborView n = r.neighbors().getFirst();
        assertEquals("198.18.20.2", n.neighbor());
        assertTrue(n.twoWay(), "mrouted's probe lists us");
        assertEquals("3.255", n.version());
        assertTrue(n.capabilities().containsAll(List.of("prune", "genid", "mtrace")));

        Views.RouteView r2 = route(r, "198.18.2.0/24"), r3 = route(r, "198.18.3.0/24");
        assertEquals(2, r2.metric());
        assertEquals("198.18.20.2", r2.neighbor());
        assertEquals(2, r3.metric());
        assertEquals(List.of("198.18.20.2"), route(r, "198.18.1.0/24").dependents().get("r0"), "mrouted poisoned 198.18.1.0/24 back: dependent");

        assertTrue(r.prunes().stream().anyMatch(p -> p.direction().equals("received") && p.group().equals("239.1.1.1")),
                "mrouted's later prune (origin 198.18.1.0, 239.1.1.1) is accepted: " + r.prunes());

        // the graft is acknowledged with the same body mrouted's own graft-ack had (frame 31)
        byte[] mroutedAck = PcapReader.dvmrpOf(PcapReader.ipOf(PcapReader.frames(DvmrpCodecFixtureTest.PCAPS.resolve("dvmrp-r0.pcap")).get(30)));
        byte[] ourAck = null;
        boolean answeredMrinfo = false;
        for (byte[] p : out) {
            DvmrpCodec.IpDvmrp d = DvmrpCodec.parseIp(p, p.length);
            if (d.message() instanceof DvmrpMessage.GraftAck) ourAck = PcapReader.dvmrpOf(p);
            if (d.message() instanceof DvmrpMessage.Neighbors2 n2 && d.destination() == PEER) answeredMrinfo = n2.interfaces().size() == 2;
        }
        assertNotNull(ourAck);
        assertArrayEquals(Arrays.copyOfRange(mroutedAck, 8, mroutedAck.length), Arrays.copyOfRange(ourAck, 8, ourAck.length));
        assertTrue(answeredMrinfo, "ask-neighbors2 answered");
        long drops = r.stats().dropped().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(0, drops, r.stats().dropped().toString());
    }

    static Views.RouteView route(DvmrpRouter r, String prefix) {
        return r.routes().stream().filter(v -> v.network().equals(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + r.routes()));
    }
}
