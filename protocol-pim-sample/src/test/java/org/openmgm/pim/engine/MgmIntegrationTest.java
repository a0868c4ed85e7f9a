package org.openmgm.pim.engine;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openmgm.pim.engine.Harness.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MfeStatus;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.pim.packet.EncodedGroup;
import org.openmgm.pim.packet.EncodedSource;
import org.openmgm.pim.packet.PimMessage.Assert;
import org.openmgm.pim.packet.PimMessage.JoinPrune;

/** PIM against the real MGM engine (mgm-core) in RFC 2715 wrong-interface mode, with an in-memory forwarder. */
class MgmIntegrationTest {
    static final int IGMP = MgmConstants.PROTO_IP_IGMP;
    Harness h;
    MgmEngine engine;
    InMemoryForwarder forwarder = new InMemoryForwarder();
    ProtocolHandle igmp;

    @BeforeEach
    void setUp() {
        h = new Harness(PimSettings.defaults(RP).withDrPriority(10), false);
        try {
            engine = new MgmEngine(MgmConfig.defaults().withWrongInterfaceMode(MgmConfig.WrongInterfaceMode.RFC), h.scheduler);
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "mgm-core engine is still a stub");
        }
        engine.setForwarder(forwarder);
        engine.addRib(new StaticRib(3).route(ip("198.18.50.0"), 24, InterfaceKey.of(IF1), UPSTREAM)
                .route(ip("198.18.100.0"), 24, InterfaceKey.of(IF1), UPSTREAM)
                .route(ip("198.18.2.0"), 24, InterfaceKey.of(IF2), 0), 0);
        ProtocolHandle pim = engine.register(103, 1, "pim", h.router);
        h.router.attach(pim, engine);
        h.start();
        igmp = engine.register(IGMP, 0, "igmp", new MgmProtocol() {});
        igmp.takeInterface(InterfaceKey.of(IF2));
        h.hello(IF1, UPSTREAM, 1, 1);
        h.hello(IF2, ip("198.18.2.2"), 1, 1);
    }

    @AfterEach
    void tearDown() {
        if (engine != null) engine.close();
    }

    @Test
    void pimOwnsItsInterfacesInTheMgm() {
        assertEquals(103, engine.protocolOnInterface(InterfaceKey.of(IF1)).protocolId());
        assertEquals(103, engine.protocolOnInterface(InterfaceKey.of(IF2)).protocolId());
    }

    @Test
    void igmpMembersOnAPimInterfaceMakeItJoinAndForwardOnTheSourceTree() {
        h.clear();
        igmp.addMembership(MembershipKey.anySource(G), InterfaceKey.of(IF2), MgmConstants.MGM_JOIN_STATE_FLAG);
        JoinPrune jp = (JoinPrune) h.sentOn(IF1, JoinPrune.class).getFirst().message();
        assertEquals(List.of(EncodedSource.rp(RP)), jp.groups().getFirst().joins(), "(*,G) join towards the RP");
        assertTrue(engine.memberships().stream().anyMatch(m -> m.holder().protocolId() == 103 && m.iface().ifIndex() == IF2),
                "PIM holds the oif membership itself: " + engine.memberships());

        SourceGroup sg = new SourceGroup(S, G);
        forwarder.packet(sg, InterfaceKey.of(IF1), 100);
        assertEquals(InterfaceKey.of(IF1), forwarder.entry(sg).incoming());
        assertEquals(List.of(InterfaceKey.of(IF2)), forwarder.entry(sg).outgoing());
        assertEquals(UPSTREAM, engine.mfe(sg).upstreamNeighbor());
        assertTrue(h.sentOf(JoinPrune.class).stream().anyMatch(j -> j.groups().getFirst().joins().equals(List.of(EncodedSource.source(S)))),
                "SPT switch on the first packet");
        forwarder.packet(sg, InterfaceKey.of(IF1), 100);
        assertEquals(2, engine.mfeStats(sg).inPackets());
        assertEquals(MfeStatus.NO_ERROR, engine.protocols().isEmpty() ? null : h.router.mfeStatus(IF2, G, S));

        h.clear();
        igmp.deleteMembership(MembershipKey.anySource(G), InterfaceKey.of(IF2), MgmConstants.MGM_JOIN_STATE_FLAG);
        assertTrue(forwarder.entry(sg).outgoing().isEmpty());
        assertTrue(h.sentOf(JoinPrune.class).stream().anyMatch(j -> !j.groups().getFirst().prunes().isEmpty()), "pruned upstream");
    }

    @Test
    void dataOnAnOifRaisesWrongInterfaceAndTheAssertLoserRemovesTheOifWithForwardState() {
        igmp.addMembership(MembershipKey.anySource(G), InterfaceKey.of(IF2), MgmConstants.MGM_JOIN_STATE_FLAG);
        SourceGroup sg = new SourceGroup(S, G);
        forwarder.packet(sg, InterfaceKey.of(IF1), 100);
        assertEquals(List.of(InterfaceKey.of(IF2)), forwarder.entry(sg).outgoing());
        h.clear();
        forwarder.packet(sg, InterfaceKey.of(IF2), 100); // another router forwards onto our LAN
        assertEquals(1, h.sentOn(IF2, Assert.class).size(), "the wrong-interface callback drove an assert");
        h.receive(IF2, ip("198.18.2.2"), new Assert(EncodedGroup.of(G), S, false, 0, 0)); // connected to S: better
        assertTrue(forwarder.entry(sg).outgoing().isEmpty(), "FORWARD_STATE delete removed the oif: " + forwarder.entry(sg));
        assertEquals(MfeStatus.OIF_PRUNED, h.router.mfeStatus(IF2, G, S));
        h.scheduler.advanceSeconds(181);
        assertEquals(List.of(InterfaceKey.of(IF2)), forwarder.entry(sg).outgoing(), "assert timer expiry restores the oif");
    }

    @Test
    void aNonDrRemovesIgmpsOifFromExistingMfesAndAddsItBackWhenItBecomesDr() {
        igmp.addMembership(MembershipKey.anySource(G), InterfaceKey.of(IF2), MgmConstants.MGM_JOIN_STATE_FLAG);
        SourceGroup sg = new SourceGroup(S, G);
        forwarder.packet(sg, InterfaceKey.of(IF1), 100);
        assertEquals(List.of(InterfaceKey.of(IF2)), forwarder.entry(sg).outgoing());
        h.hello(IF2, ip("198.18.2.200"), 100, 7); // a router with a higher DR priority takes over the LAN
        assertTrue(forwarder.entry(sg).outgoing().isEmpty(), "the non-DR must not forward to the LAN: " + forwarder.entry(sg));
        h.receive(IF2, ip("198.18.2.200"), org.openmgm.pim.packet.PimMessage.Hello.of(0, 100, 7)); // it leaves
        assertEquals(List.of(InterfaceKey.of(IF2)), forwarder.entry(sg).outgoing(), "DR again: forwarding restored");
    }

    @Test
    void joinAlertFromAnotherProtocolJoinsTowardsTheRp() {
        ProtocolHandle other = engine.register(200, 0, "other", new MgmProtocol() {});
        other.takeInterface(InterfaceKey.of(77));
        h.clear();
        other.addMembership(MembershipKey.anySource(G), InterfaceKey.of(77), MgmConstants.MGM_JOIN_STATE_FLAG);
        assertFalse(h.sentOn(IF1, JoinPrune.class).isEmpty(), "RFC 2715 (*,G) join alert makes PIM join");
        h.clear();
        other.deleteMembership(MembershipKey.anySource(G), InterfaceKey.of(77), MgmConstants.MGM_JOIN_STATE_FLAG);
        JoinPrune p = (JoinPrune) h.sentOn(IF1, JoinPrune.class).getFirst().message();
        assertFalse(p.groups().getFirst().prunes().isEmpty());
    }
}
