package org.openmgm.igmp.router;

import static org.junit.jupiter.api.Assertions.*;
import static org.openmgm.igmp.packet.RecordType.*;
import static org.openmgm.igmp.router.RouterHarness.*;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.igmp.packet.GroupRecord;
import org.openmgm.igmp.packet.IgmpMessage;

/** RFC 4605 proxying: upstream if1 (host side), downstream if2 and if3 (router side). */
class ProxyTest {
    RouterHarness h;
    static final int UPSTREAM_QUERIER = Ipv4.parse("198.18.1.254");

    @BeforeEach
    void setUp() {
        h = new RouterHarness().withInterface(2, IgmpParameters.defaults()).withInterface(3, IgmpParameters.defaults());
        h.router.setUpstream(RouterHarness.nif("r-eth1", 1, "198.18.1.1"), IgmpParameters.defaults());
    }

    private List<IgmpMessage> upstreamMessages() {
        return h.out.sent.stream().filter(s -> s.ifIndex() == 1).map(RecordingOutput.Sent::message).toList();
    }

    private List<GroupRecord> upstreamRecords() {
        return upstreamMessages().stream().filter(m -> m instanceof IgmpMessage.V3Report).flatMap(m -> ((IgmpMessage.V3Report) m).records().stream()).toList();
    }

    @Test
    void upstreamHoldsAWildcardMembershipSoDownstreamSourcesFlowUpstream() {
        assertTrue(h.out.mgm.contains("+if1 (*, *)"));
        assertTrue(h.router.forwards(1, S1, G));
        assertTrue(upstreamMessages().isEmpty(), "a proxy never queries upstream");
    }

    @Test
    void aDownstreamJoinIsReportedUpstreamAndRepeatedRobustnessTimes() {
        h.out.clear();
        h.report(CHANGE_TO_EXCLUDE_MODE, G);
        assertEquals(List.of(new GroupRecord(CHANGE_TO_EXCLUDE_MODE, G, List.of())), upstreamRecords());
        h.advance(1);
        assertEquals(2, upstreamRecords().size(), "Robustness 2: sent twice");
        h.advance(10);
        assertEquals(2, upstreamRecords().size());
        assertEquals(Ipv4.parse("198.18.1.1"), upstreamMessages().get(0).source());
    }

    @Test
    void theLastDownstreamLeaveIsReportedAsToInclude() {
        h.report(CHANGE_TO_EXCLUDE_MODE, G);
        h.report(3, HOST3, CHANGE_TO_EXCLUDE_MODE, G);
        h.advance(5);
        h.out.clear();
        h.report(CHANGE_TO_INCLUDE_MODE, G);
        h.advance(5);
        assertTrue(upstreamRecords().isEmpty(), "if3 still has members");
        h.report(3, HOST3, CHANGE_TO_INCLUDE_MODE, G);
        h.advance(2);
        assertEquals(new GroupRecord(CHANGE_TO_INCLUDE_MODE, G, List.of()), upstreamRecords().get(0));
        assertTrue(h.router.upstreamGroups().isEmpty());
    }

    @Test
    void membershipsMergeAsRfc4605Says() {
        h.report(2, HOST, MODE_IS_EXCLUDE, G, S1, S2);   // if2: EXCLUDE {S1,S2}
        h.report(3, HOST3, ALLOW_NEW_SOURCES, G, S1);    // if3: INCLUDE {S1}
        var up = h.router.upstreamGroups();
        assertEquals(1, up.size());
        assertEquals("EXCLUDE", up.get(0).mode());
        assertEquals(List.of(Ipv4.format(S2)), up.get(0).sources(), "exclude lists intersected minus the include lists");
    }

    @Test
    void sourceSpecificDownstreamJoinsBecomeAllowAndBlockUpstream() {
        h.report(ALLOW_NEW_SOURCES, SSM_G, S1);
        assertEquals(new GroupRecord(ALLOW_NEW_SOURCES, SSM_G, List.of(S1)), upstreamRecords().get(0));
        h.advance(5);
        h.out.clear();
        h.report(BLOCK_OLD_SOURCES, SSM_G, S1);
        h.advance(3);
        assertEquals(new GroupRecord(BLOCK_OLD_SOURCES, SSM_G, List.of(S1)), upstreamRecords().get(0));
    }

    @Test
    void aSecondChangeBeforeTheRetransmissionsEndIsMergedIntoThem() {
        h.out.clear();
        h.report(ALLOW_NEW_SOURCES, SSM_G, S1);
        h.advance(0.2);
        h.report(ALLOW_NEW_SOURCES, SSM_G, S2); // before the repeat of ALLOW{S1}
        assertEquals(List.of(new GroupRecord(ALLOW_NEW_SOURCES, SSM_G, List.of(S1)), new GroupRecord(ALLOW_NEW_SOURCES, SSM_G, List.of(S1, S2))),
                upstreamRecords(), "RFC 3376 §5.1: the new report carries every source still being retransmitted");
        h.advance(1);
        assertEquals(new GroupRecord(ALLOW_NEW_SOURCES, SSM_G, List.of(S2)), upstreamRecords().get(2), "S1 was sent twice already");
        h.advance(5);
        assertEquals(3, upstreamRecords().size());
    }

    @Test
    void aGeneralQueryUpstreamIsAnsweredWithCurrentStateWithinMaxResponseTime() {
        h.report(CHANGE_TO_EXCLUDE_MODE, G);
        h.report(ALLOW_NEW_SOURCES, SSM_G, S1);
        h.advance(5);
        h.out.clear();
        h.router.receive(1, IgmpRouterTest.query(UPSTREAM_QUERIER, 3, 0));
        h.advance(10);
        assertEquals(List.of(new GroupRecord(MODE_IS_INCLUDE, SSM_G, List.of(S1)), new GroupRecord(MODE_IS_EXCLUDE, G, List.of())), upstreamRecords());
    }

    @Test
    void aGroupAndSourceQueryIsAnsweredWithTheWantedSources() {
        h.report(ALLOW_NEW_SOURCES, SSM_G, S1);
        h.advance(5);
        h.out.clear();
        h.router.receive(1, new IgmpMessage.Query(UPSTREAM_QUERIER, SSM_G, 3, 10, 10, SSM_G, false, 2, 125, 125, List.of(S1, S2)));
        h.advance(1);
        assertEquals(List.of(new GroupRecord(MODE_IS_INCLUDE, SSM_G, List.of(S1))), upstreamRecords());
    }

    @Test
    void anOlderQuerierUpstreamMakesTheProxySendV2ReportsAndLeaves() {
        h.router.receive(1, IgmpRouterTest.query(UPSTREAM_QUERIER, 2, 0));
        h.out.clear();
        h.report(CHANGE_TO_EXCLUDE_MODE, G);
        var first = upstreamMessages().get(0);
        assertEquals(new IgmpMessage.Report(Ipv4.parse("198.18.1.1"), G, 2, G), first);
        h.advance(5);
        h.out.clear();
        h.report(CHANGE_TO_INCLUDE_MODE, G);
        h.advance(3);
        assertTrue(upstreamMessages().stream().anyMatch(m -> m instanceof IgmpMessage.Leave l && l.group() == G), upstreamMessages().toString());
    }

    @Test
    void queriesOnTheUpstreamDoNotMakeTheProxyAQuerierContender() {
        h.router.receive(1, IgmpRouterTest.query(UPSTREAM_QUERIER, 3, 0));
        assertTrue(h.router.isQuerier(2), "downstream querier state is independent of the upstream link");
        var info = h.router.interfaces().stream().filter(i -> i.ifIndex() == 1).findFirst().orElseThrow();
        assertEquals("proxy-upstream", info.role());
        assertFalse(info.querier());
    }
}
