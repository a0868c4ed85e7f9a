package org.openmgm.pim.engine;

import static org.junit.jupiter.api.Assertions.*;
import static org.openmgm.pim.engine.Harness.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.pim.packet.EncodedGroup;
import org.openmgm.pim.packet.EncodedSource;
import org.openmgm.pim.packet.PimMessage.GroupSet;
import org.openmgm.pim.packet.PimMessage.JoinPrune;

/**
 * The border DR against the real MGM engine: a source on an IGMP-only LAN (if13, no PIM) reaches the PIM
 * domain when the MGM sends creation alerts to every protocol (creationAlerts = ALL, RFC 2715 rule 3),
 * and does not with the RRAS default.
 */
class BorderMgmIntegrationTest {
    static final int IF_LAN = 13;
    static final int LAN_SRC = ip("198.18.60.7");
    Harness h;
    MgmEngine engine;
    final InMemoryForwarder forwarder = new InMemoryForwarder();
    ProtocolHandle igmp;

    /** PIM's harness and the MGM with routes to the LAN (if13) and the RP (if1); nothing registered yet. */
    void world(MgmConfig.CreationAlerts alerts) {
        h = new Harness(PimSettings.defaults(RP), false);
        h.routes.put(LAN_SRC & 0xFFFFFF00, new PimRoute(IF_LAN, 0, LAN_SRC & 0xFFFFFF00, 24, 0, 0));
        engine = new MgmEngine(MgmConfig.defaults().withCreationAlerts(alerts), h.scheduler);
        engine.setForwarder(forwarder);
        engine.addRib(new StaticRib(3).route(ip("198.18.60.0"), 24, InterfaceKey.of(IF_LAN), 0)
                .route(ip("198.18.100.0"), 24, InterfaceKey.of(IF1), UPSTREAM), 0);
    }

    void start(MgmConfig.CreationAlerts alerts) {
        world(alerts);
        ProtocolHandle pim = engine.register(103, 1, "pim", h.router);
        h.router.attach(pim, engine);
        h.start();
        igmp = engine.register(MgmConstants.PROTO_IP_IGMP, 0, "igmp", new MgmProtocol() {});
        igmp.takeInterface(InterfaceKey.of(IF_LAN));
        h.hello(IF1, UPSTREAM, 1, 1);
        h.clear();
    }

    @AfterEach
    void tearDown() {
        if (engine != null) engine.close();
    }

    @Test
    void withCreationAlertsToAllTheLanSourceIsRegisteredAndTheRpsJoinAddsThePimOif() {
        start(MgmConfig.CreationAlerts.ALL);
        SourceGroup sg = new SourceGroup(LAN_SRC, G);
        forwarder.packet(sg, InterfaceKey.of(IF_LAN), 100);
        assertEquals(InterfaceKey.of(IF_LAN), forwarder.entry(sg).incoming());
        assertEquals(List.of(), forwarder.entry(sg).outgoing(), "no receivers yet");
        assertEquals(Set.of(IF_LAN), h.taps, "PIM taps the LAN for registers");

        GroupSet gs = new GroupSet(EncodedGroup.of(G), List.of(EncodedSource.source(LAN_SRC)), List.of());
        h.receive(IF1, UPSTREAM, new JoinPrune(A1, 210, List.of(gs)));
        assertEquals(List.of(InterfaceKey.of(IF1)), forwarder.entry(sg).outgoing(), "the RP's (S,G) join pulls the stream natively");
        assertEquals(103, engine.mfe(sg).outgoing().getFirst().owner().protocolId());
    }

    @Test
    void withTheRrasDefaultPimNeverHearsOfTheLanSource() {
        start(MgmConfig.CreationAlerts.OWNERS);
        forwarder.packet(new SourceGroup(LAN_SRC, G), InterfaceKey.of(IF_LAN), 100);
        assertEquals(Set.of(), h.taps);
        assertNull(h.router.stats().events().get("borderRegister"));
    }

    /** PIM deployed (or reconfigured) while the LAN source already flows: its MFE got no alert for PIM. */
    @Test
    void aLanSourceWhoseMfePredatesPimIsRegisteredWhenPimRegisters() {
        world(MgmConfig.CreationAlerts.ALL);
        ProtocolHandle igmp = engine.register(MgmConstants.PROTO_IP_IGMP, 0, "igmp", new MgmProtocol() {});
        igmp.takeInterface(InterfaceKey.of(IF_LAN));
        SourceGroup sg = new SourceGroup(LAN_SRC, G);
        forwarder.packet(sg, InterfaceKey.of(IF_LAN), 100);
        assertEquals(InterfaceKey.of(IF_LAN), forwarder.entry(sg).incoming());

        h.start(); // PIM's interfaces first, as the bundle's runtime does, then the registration
        h.router.attach(engine.register(103, 1, "pim", h.router), engine);
        assertEquals(Set.of(IF_LAN), h.taps, "the existing MFE's source is registered");
        assertEquals(1L, h.router.stats().events().get("borderRegister"));
    }

    /**
     * Alerts from calls on different threads can arrive out of order (docs/engine-bugs.md finding 6). PIM
     * re-reads the MGM's records for the key, so a join alert that arrives after the membership is gone, or a
     * prune alert after it came back, leaves PIM in the state the records say.
     */
    @Test
    void lateAlertsDoNotOverrideWhatTheMgmHoldsNow() {
        start(MgmConfig.CreationAlerts.OWNERS);
        MembershipKey starG = MembershipKey.anySource(G);
        igmp.addMembership(starG, InterfaceKey.of(IF_LAN), MgmConstants.MGM_JOIN_STATE_FLAG);
        assertEquals(List.of(EncodedSource.rp(RP)), ((JoinPrune) h.sentOn(IF1, JoinPrune.class).getLast().message()).groups().getFirst().joins());
        igmp.deleteMembership(starG, InterfaceKey.of(IF_LAN), MgmConstants.MGM_JOIN_STATE_FLAG);
        assertEquals(List.of(EncodedSource.rp(RP)), ((JoinPrune) h.sentOn(IF1, JoinPrune.class).getLast().message()).groups().getFirst().prunes());

        h.clear();
        h.router.joinAlert(starG, true); // the join alert of the add, delivered late
        assertTrue(h.sentOf(JoinPrune.class).isEmpty(), "no join for a group nobody holds: " + h.sent);
        assertEquals(1L, h.router.stats().events().get("staleJoinAlert"));

        igmp.addMembership(starG, InterfaceKey.of(IF_LAN), MgmConstants.MGM_JOIN_STATE_FLAG);
        h.clear();
        h.router.pruneAlert(starG, InterfaceKey.of(IF_LAN), true, new PruneTimeout(900)); // the earlier delete's, late
        assertTrue(h.sentOf(JoinPrune.class).isEmpty(), "no prune while IGMP holds the group: " + h.sent);
        assertEquals(1L, h.router.stats().events().get("stalePruneAlert"));
        assertEquals("joined", h.router.joinViews().getFirst().upstreamState());
    }
}
