package org.openmgm.igmp.impl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.igmp.packet.GroupRecord;
import org.openmgm.igmp.packet.IgmpCodec;
import org.openmgm.igmp.packet.RecordType;
import org.openmgm.igmp.router.IgmpParameters;

/** IGMP against the real MgmEngine: membership mapping, creation-alert vetoes, the disable/enable bracket (spec §4.3, §5.6-5.9, §6.7). */
class IgmpMgmIntegrationTest {
    static final int G = Ipv4.parse("239.1.1.1");
    static final int S1 = Ipv4.parse("198.18.1.2");
    static final int S2 = Ipv4.parse("198.18.1.3");
    static final int HOST2 = Ipv4.parse("198.18.2.2");
    static final InterfaceKey IF1 = InterfaceKey.of(1), IF2 = InterfaceKey.of(2), IF3 = InterfaceKey.of(3);

    final ManualScheduler clock = new ManualScheduler();
    final MgmEngine mgm = new MgmEngine(MgmConfig.defaults(), clock);
    final InMemoryForwarder forwarder = new InMemoryForwarder();
    final FakePacketIo io = new FakePacketIo(3);
    IgmpProtocol igmp;

    static IgmpSettings settings(List<String> interfaces, String upstream) {
        return new IgmpSettings(interfaces, Map.of(), IgmpParameters.defaults(), true, upstream, 100, 5);
    }

    void start(IgmpSettings s) {
        mgm.setForwarder(forwarder);
        mgm.addRib(new StaticRib(13).route(Ipv4.parse("198.18.1.0"), 24, IF1, 0), 0);
        igmp = new IgmpProtocol(s, clock, io);
        igmp.registered(mgm.register(MgmConstants.PROTO_IP_IGMP, 1, "igmp", igmp));
    }

    @AfterEach
    void tearDown() {
        if (igmp != null) igmp.close();
        mgm.close();
    }

    void receive(int ifIndex, byte[] packet) {
        igmp.received(io.packet(ifIndex, packet));
    }

    void v3(int ifIndex, int host, RecordType t, int group, Integer... sources) {
        receive(ifIndex, IgmpCodec.v3Report(host, List.of(new GroupRecord(t, group, List.of(sources)))));
    }

    List<String> memberships() {
        List<String> out = new ArrayList<>();
        for (MembershipView m : mgm.memberships()) out.add(m.key() + " " + m.iface());
        return out;
    }

    List<InterfaceKey> oifs(int s, int g) {
        Mfe m = mgm.mfe(new SourceGroup(s, g));
        return m.outgoing().stream().map(OifView::iface).toList();
    }

    @Test
    void takesItsConfiguredInterfacesAndStartsQuerying() {
        start(settings(List.of("r-eth2", "r-eth3"), ""));
        assertEquals(10, mgm.protocolOnInterface(IF2).protocolId());
        assertEquals(10, mgm.protocolOnInterface(IF3).protocolId());
        assertEquals(1, io.sentOn(2).size(), "a general query on r-eth2");
    }

    @Test
    void aV2ReportBecomesAStarGMembershipAndTheLeaveRemovesIt() {
        start(settings(List.of("r-eth1", "r-eth2"), ""));
        receive(2, IgmpCodec.report(HOST2, 2, G));
        assertEquals(List.of("(*, 239.1.1.1) if2"), memberships());
        forwarder.packet(new SourceGroup(S1, G), IF1, 100);
        assertEquals(List.of(IF2), oifs(S1, G));
        receive(2, IgmpCodec.leave(HOST2, G));
        clock.advanceSeconds(2);
        assertEquals(List.of(), memberships());
        assertEquals(List.of(), oifs(S1, G), "the MFE lost r-eth2 within the last member query time");
    }

    @Test
    void includeModeSourcesBecomeSourceGroupMemberships() {
        start(settings(List.of("r-eth1", "r-eth2"), ""));
        v3(2, HOST2, RecordType.ALLOW_NEW_SOURCES, Ipv4.parse("232.1.1.1"), S1);
        assertEquals(List.of("(198.18.1.2, 232.1.1.1) if2"), memberships());
        forwarder.packet(new SourceGroup(S1, Ipv4.parse("232.1.1.1")), IF1, 100);
        forwarder.packet(new SourceGroup(S2, Ipv4.parse("232.1.1.1")), IF1, 100);
        assertEquals(List.of(IF2), oifs(S1, Ipv4.parse("232.1.1.1")));
        assertEquals(List.of(), oifs(S2, Ipv4.parse("232.1.1.1")), "a source not included is not forwarded");
    }

    @Test
    void creationAlertVetoesAnInterfaceForASourceItsGroupExcludes() {
        start(settings(List.of("r-eth1", "r-eth2", "r-eth3"), ""));
        v3(2, HOST2, RecordType.CHANGE_TO_EXCLUDE_MODE, G, S1);
        v3(3, Ipv4.parse("198.18.3.2"), RecordType.CHANGE_TO_EXCLUDE_MODE, G);
        forwarder.packet(new SourceGroup(S1, G), IF1, 100);
        forwarder.packet(new SourceGroup(S2, G), IF1, 100);
        assertEquals(List.of(IF3), oifs(S1, G), "r-eth2 excludes S1");
        assertEquals(List.of(IF2, IF3), oifs(S2, G));
    }

    @Test
    void anExistingMfeLosesTheInterfaceWhenItsSourceBecomesExcluded() {
        start(settings(List.of("r-eth1", "r-eth2"), ""));
        v3(2, HOST2, RecordType.CHANGE_TO_EXCLUDE_MODE, G);
        forwarder.packet(new SourceGroup(S1, G), IF1, 100);
        assertEquals(List.of(IF2), oifs(S1, G));
        v3(2, HOST2, RecordType.BLOCK_OLD_SOURCES, G, S1); // Q(G,S1); nobody answers within LMQT: S1 excluded
        assertEquals(List.of(IF2), oifs(S1, G));
        clock.advanceSeconds(2);
        assertEquals(List.of(), oifs(S1, G), "FORWARD_STATE delete");
        v3(2, HOST2, RecordType.ALLOW_NEW_SOURCES, G, S1);
        assertEquals(List.of(IF2), oifs(S1, G), "FORWARD_STATE add when S1 is wanted again");
        assertTrue(igmp.mgmCounters().keySet().stream().noneMatch(k -> k.startsWith("error.")), igmp.mgmCounters().toString());
    }

    /** A routing protocol that records its local joins/leaves. */
    static final class Routing implements MgmProtocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void localJoin(MembershipKey key, InterfaceKey iface) {
            events.add("join " + key + " " + iface);
        }

        @Override
        public void localLeave(MembershipKey key, InterfaceKey iface) {
            events.add("leave " + key + " " + iface);
        }
    }

    @Test
    void whenARoutingProtocolTakesTheInterfaceIgmpReAddsItsMembershipsAfterEnableAsLocalJoins() {
        start(settings(List.of("r-eth1", "r-eth2"), ""));
        receive(2, IgmpCodec.report(HOST2, 2, G));
        Routing pim = new Routing();
        ProtocolHandle h = mgm.register(103, 1, "pim", pim);
        h.takeInterface(IF2);
        assertTrue(pim.events.isEmpty(), "nothing re-added inside the bracket or the enable callback");
        clock.advance(java.time.Duration.ZERO);
        assertEquals(List.of("join (*, 239.1.1.1) if2"), pim.events);
        assertEquals(List.of("(*, 239.1.1.1) if2"), memberships());
        receive(2, IgmpCodec.leave(HOST2, G));
        clock.advanceSeconds(2);
        assertEquals(List.of("join (*, 239.1.1.1) if2", "leave (*, 239.1.1.1) if2"), pim.events);
        assertTrue(igmp.mgmCounters().keySet().stream().noneMatch(k -> k.startsWith("error.")), igmp.mgmCounters().toString());
    }

    @Test
    void membershipChangesDuringTheBracketAreNotSentAndAreReAddedAfterEnable() {
        mgm.setForwarder(forwarder);
        igmp = new IgmpProtocol(settings(List.of("r-eth1", "r-eth2"), ""), clock, io);
        int g2 = G + 1;
        // IGMP as the MGM sees it, with a report for a second group arriving inside the disable/enable bracket.
        MgmProtocol wrapper = new MgmProtocol() {
            @Override
            public void creationAlert(SourceGroup sg, InterfaceKey in, List<org.openmgm.api.IfEntry> c) {
                igmp.creationAlert(sg, in, c);
            }

            @Override
            public void disableIgmp(InterfaceKey iface) {
                igmp.disableIgmp(iface);
                receive(2, IgmpCodec.report(HOST2, 2, g2));
            }

            @Override
            public void enableIgmp(InterfaceKey iface) {
                igmp.enableIgmp(iface);
            }
        };
        igmp.registered(mgm.register(MgmConstants.PROTO_IP_IGMP, 1, "igmp", wrapper));
        receive(2, IgmpCodec.report(HOST2, 2, G));
        Routing pim = new Routing();
        mgm.register(103, 1, "pim", pim).takeInterface(IF2);
        assertEquals(1, igmp.mgmCounters().getOrDefault("suspendedSkip", 0L), "no MGM call for r-eth2 inside the bracket");
        assertEquals(List.of(), memberships(), "withdrawn by the MGM, not re-added inside enableIgmp");
        clock.advance(java.time.Duration.ZERO);
        assertEquals(List.of("(*, 239.1.1.1) if2", "(*, 239.1.1.2) if2"), memberships());
        assertEquals(List.of("join (*, 239.1.1.1) if2", "join (*, 239.1.1.2) if2"), pim.events.stream().sorted().toList());
        assertTrue(igmp.mgmCounters().keySet().stream().noneMatch(k -> k.startsWith("error.")), igmp.mgmCounters().toString());
    }

    @Test
    void whenTheRoutingProtocolReleasesTheInterfaceIgmpMembershipsCountAsIgmpsOwnAgain() {
        start(settings(List.of("r-eth1", "r-eth2"), ""));
        receive(2, IgmpCodec.report(HOST2, 2, G));
        Routing pim = new Routing();
        ProtocolHandle h = mgm.register(103, 1, "pim", pim);
        h.takeInterface(IF2);
        clock.advance(java.time.Duration.ZERO);
        h.releaseInterface(IF2);
        clock.advance(java.time.Duration.ZERO);
        assertEquals(List.of("(*, 239.1.1.1) if2"), memberships());
        assertEquals(10, mgm.protocolOnInterface(IF2).protocolId());
        forwarder.packet(new SourceGroup(S1, G), IF1, 100);
        assertEquals(List.of(IF2), oifs(S1, G));
    }

    @Test
    void anInterfaceThatAppearsLaterIsTakenAtTheNextCheck() {
        start(settings(List.of("r-eth2", "r-eth4"), ""));
        assertThrows(org.openmgm.api.MgmException.class, () -> mgm.protocolOnInterface(InterfaceKey.of(4)));
        io.ifs.add(new org.openmgm.api.packet.NetInterface("r-eth4", 4, new byte[6],
                List.of(new org.openmgm.api.packet.NetInterface.InterfaceAddress(Ipv4.parse("198.18.4.1"), 24)), 1500, true, 1));
        clock.advanceSeconds(5);
        assertEquals(10, mgm.protocolOnInterface(InterfaceKey.of(4)).protocolId());
        assertFalse(io.sentOn(4).isEmpty(), "querying on the new interface");
    }

    @Test
    void anAddressChangeRestartsIgmpOnTheInterface() {
        start(settings(List.of("r-eth1", "r-eth2"), ""));
        receive(2, IgmpCodec.report(HOST2, 2, G));
        assertEquals(List.of("(*, 239.1.1.1) if2"), memberships());
        io.ifs.set(1, new org.openmgm.api.packet.NetInterface("r-eth2", 2, new byte[6],
                List.of(new org.openmgm.api.packet.NetInterface.InterfaceAddress(Ipv4.parse("198.18.12.1"), 24)), 1500, true, 1));
        clock.advanceSeconds(5);
        assertEquals(List.of(), memberships(), "old state withdrawn");
        assertEquals(10, mgm.protocolOnInterface(IF2).protocolId(), "taken again");
        var info = igmp.router().interfaces().stream().filter(i -> i.ifIndex() == 2).findFirst().orElseThrow();
        assertEquals("198.18.12.1", info.address());
        assertTrue(info.querier());
    }

    @Test
    void proxyModeForwardsOutsideSourcesDownAndDownstreamSourcesUp() {
        start(settings(List.of("r-eth2", "r-eth3"), "r-eth1"));
        mgm.addRib(igmp.proxyRib(), 100);
        assertTrue(memberships().contains("(*, *) if1"));
        v3(2, HOST2, RecordType.CHANGE_TO_EXCLUDE_MODE, G);
        int outside = Ipv4.parse("203.0.113.9");
        forwarder.packet(new SourceGroup(outside, G), IF1, 100);
        Mfe down = mgm.mfe(new SourceGroup(outside, G));
        assertEquals(IF1, down.incomingInterface(), "every source off the downstream subnets RPFs to the upstream");
        assertEquals(List.of(IF2), oifs(outside, G));
        int downstreamSource = Ipv4.parse("198.18.3.7");
        forwarder.packet(new SourceGroup(downstreamSource, G), IF3, 100);
        assertEquals(IF3, mgm.mfe(new SourceGroup(downstreamSource, G)).incomingInterface());
        assertEquals(List.of(IF1, IF2), oifs(downstreamSource, G), "upstream plus the member downstream");
        assertFalse(io.sentOn(1).isEmpty(), "the join was reported upstream");
    }
}
