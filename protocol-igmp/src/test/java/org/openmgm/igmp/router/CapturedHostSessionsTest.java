package org.openmgm.igmp.router;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.igmp.packet.IgmpCodec;
import org.openmgm.igmp.packet.ParseResult;
import org.openmgm.igmp.testutil.Fixtures;
import org.openmgm.igmp.testutil.PcapFile;

/** Replays the Linux host sessions of fixtures/pcaps/igmp-host-v*.pcap into the router (host 198.18.2.2 on if2). */
class CapturedHostSessionsTest {

    private RouterHarness replay(String file) throws Exception {
        RouterHarness h = new RouterHarness().withInterface(2, IgmpParameters.defaults());
        IgmpCodec codec = new IgmpCodec();
        for (PcapFile.Frame f : PcapFile.read(Fixtures.file(file))) {
            if (f.ip() == null) continue;
            ParseResult r = codec.parse(f.ip());
            assertInstanceOf(ParseResult.Parsed.class, r, file + "#" + f.number());
            assertNull(h.router.receive(2, ((ParseResult.Parsed) r).message()), file + "#" + f.number());
            h.advance(0.3);
        }
        return h;
    }

    private static List<String> groups(RouterHarness h) {
        List<String> out = new ArrayList<>();
        for (Snapshots.GroupInfo g : h.router.groups()) {
            StringBuilder b = new StringBuilder(g.group() + " " + g.mode() + " v" + g.compatibilityVersion());
            for (Snapshots.SourceInfo s : g.sources()) b.append(' ').append(s.source()).append(s.forwarding() ? "" : "(excluded)");
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void v1HostSessionLeavesAV1CompatibleExcludeGroup() throws Exception {
        RouterHarness h = replay("igmp-host-v1.pcap");
        assertEquals(List.of("239.1.1.1 EXCLUDE v1"), groups(h));
        h.advance(260);
        assertEquals(List.of(), groups(h), "no leave in v1: gone after the Group Membership Interval");
    }

    @Test
    void v2HostSessionJoinsAndLeaves() throws Exception {
        RouterHarness h = replay("igmp-host-v2.pcap");
        h.advance(2);
        assertEquals(List.of(), groups(h));
        assertEquals(List.of("+if2 (*, 239.1.1.1)", "-if2 (*, 239.1.1.1)"), h.out.mgm);
        assertTrue(h.out.queries().stream().anyMatch(q -> !q.general()), "the leave was answered with a group-specific query");
    }

    @Test
    void v3HostSessionEndsWithOnlyTheLastSourceSpecificJoin() throws Exception {
        RouterHarness h = replay("igmp-host-v3.pcap");
        h.advance(3); // every leave's Last Member Query Time has passed
        assertEquals(List.of("239.1.1.5 INCLUDE v3 198.18.1.2"), groups(h));
        // On the way: the SSM joins became (S,G) memberships and the 239.1.1.4 exclusions were blocked.
        assertTrue(h.out.mgm.contains("+if2 (198.18.1.2, 232.1.1.1)"), h.out.mgm.toString());
        assertTrue(h.out.mgm.contains("+if2 (198.18.1.3, 232.1.1.2)"), h.out.mgm.toString());
        assertTrue(h.out.mgm.contains("block if2 (198.18.1.8, 239.1.1.4)"), h.out.mgm.toString());
        assertTrue(h.out.mgm.contains("block if2 (198.18.1.9, 239.1.1.4)"), h.out.mgm.toString());
        assertTrue(h.out.mgm.contains("-if2 (*, 239.1.1.3)"), h.out.mgm.toString());
        assertTrue(h.out.mgm.contains("block if2 (198.18.1.9, 239.1.1.3)"), "BLOCK{198.18.1.9} in EXCLUDE mode, unanswered Q(G,S): " + h.out.mgm);
        assertTrue(h.out.mgm.contains("+if2 (198.18.1.2, 239.1.1.5)"), h.out.mgm.toString());
    }
}
