package org.openmgm.dvmrp.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmgm.api.*;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;

/**
 * Truncated broadcast, prunes and grafts between two DVMRP routers, each with the real MGM engine and an
 * in-memory forwarder; local members come from an IGMP stand-in.
 * <pre>
 *  S 198.18.1.0/24 --[1] R1 [2]-- 198.18.20.0/24 --[11] R2 [12]-- 198.18.2.0/24 (receivers)
 *                        [3]-- 198.18.3.0/24 (receivers)
 * </pre>
 */
class ForwardingTest {
    static final int G = Ipv4.parse("239.1.1.1");
    static final SourceGroup SG = new SourceGroup(Ipv4.parse("198.18.1.10"), G);

    final class Node {
        final MgmEngine engine = new MgmEngine(MgmConfig.defaults(), net.scheduler);
        final InMemoryForwarder fwd = new InMemoryForwarder();
        final DvmrpRouter router;
        ProtocolHandle handle;
        /** What DVMRP asked of the MGM (passed on to the engine). */
        RecordingHandle recorded;
        StaticMembers igmp;
        final int[] igmpIfs;

        Node(DvmrpConfig cfg, int genId, int... igmpIfs) {
            engine.setForwarder(fwd);
            router = net.router(cfg, genId);
            this.igmpIfs = igmpIfs;
        }

        void start() {
            engine.addRib(router, 100);
            handle = engine.register(DvmrpRouter.PROTOCOL_ID, 1, "dvmrp", router);
            recorded = new RecordingHandle(handle);
            router.start(recorded, engine);
            igmp = new StaticMembers().register(engine);
            for (int i : igmpIfs) igmp.handle.takeInterface(InterfaceKey.of(i));
        }

        List<Integer> oifs(SourceGroup sg) {
            return engine.mfe(sg).outgoing().stream().map(o -> o.iface().ifIndex()).toList();
        }

        long event(String name) {
            return router.stats().events().getOrDefault(name, 0L);
        }
    }

    SimNet net;
    InterfaceConfig r1src = SimNet.iface("r1-src", 1, "198.18.1.1", 1), r1link = SimNet.iface("r1-link", 2, "198.18.20.1", 1),
            r1rcv = SimNet.iface("r1-rcv", 3, "198.18.3.1", 1);
    InterfaceConfig r2link = SimNet.iface("r2-link", 11, "198.18.20.2", 1), r2rcv = SimNet.iface("r2-rcv", 12, "198.18.2.1", 1);
    Node n1, n2;

    @BeforeEach
    void setUp() {
        build(r2rcv);
    }

    void build(InterfaceConfig r2rcv) {
        build(DvmrpConfig.defaults(List.of(r1src, r1link, r1rcv)).withPruneLifetime(300), DvmrpConfig.defaults(List.of(r2link, r2rcv)).withPruneLifetime(300));
    }

    void build(DvmrpConfig c1, DvmrpConfig c2) {
        net = new SimNet();
        n1 = new Node(c1, 1, 3);
        n2 = new Node(c2, 2, 12);
        net.attach("src", n1.router, r1src);
        net.attach("link", n1.router, r1link);
        net.attach("rcv1", n1.router, r1rcv);
        net.attach("link", n2.router, r2link);
        net.attach("rcv2", n2.router, r2rcv);
        n1.start();
        n2.start();
        net.run(2);
    }

    @AfterEach
    void tearDown() {
        n1.router.stop();
        n2.router.stop();
        n1.engine.close();
        n2.engine.close();
    }

    /** One packet from S: into R1, and into R2 if R1 forwards it onto the link. */
    void send() {
        n1.fwd.packet(SG, InterfaceKey.of(1), 100);
        var e = n1.fwd.entry(SG);
        if (e != null && e.outgoing().contains(InterfaceKey.of(2))) n2.fwd.packet(SG, InterfaceKey.of(11), 100);
        net.pump();
    }

    @Test
    void newSourceFloodsToDependentsAndALeafBranchWithoutMembersIsPruned() {
        send();
        // R2 had no members: its MFE was created empty, it pruned upstream, R1 took the link out
        assertEquals(List.of(), n2.oifs(SG));
        assertEquals(1, n2.event("prunesSent"));
        assertEquals(300, n2.engine.mfe(SG).timeoutSeconds(), "the negative MFE lives as long as the prune");
        assertEquals(1, n1.event("prunesReceived"));
        assertEquals(List.of(), n1.oifs(SG), "R1: no member on r1-rcv, link pruned");
        Views.PruneView received = n1.router.prunes().getFirst();
        assertEquals("received", received.direction());
        assertEquals("198.18.20.2", received.neighbor());
        assertEquals("sent", n2.router.prunes().getFirst().direction());
        assertEquals(MfeStatus.PRUNED_UPSTREAM, n2.router.mfeStatus(11, G, SG.source()));
        assertEquals(MfeStatus.OIF_PRUNED, n1.router.mfeStatus(2, G, SG.source()));
    }

    @Test
    void creationAlertKeepsDependentLinkAndLocalMembersOnly() {
        n1.igmp.join(3, G);
        n2.igmp.join(12, G);
        net.pump();
        send();
        assertEquals(List.of(2, 3), n1.oifs(SG));
        assertEquals(List.of(12), n2.oifs(SG));
        assertEquals(0, n2.event("prunesSent"));
        assertEquals(1, n2.fwd.counters(SG).inPackets());
    }

    @Test
    void receiverReturningIsGraftedBackAndTheGraftIsAcknowledged() {
        send();
        assertEquals(List.of(), n1.oifs(SG));
        n2.igmp.join(12, G);
        net.pump();
        assertEquals(1, n2.event("graftsSent"));
        assertEquals(1, n1.event("graftsReceived"));
        assertEquals(1, n2.event("graftAcksReceived"));
        assertEquals(List.of(2), n1.oifs(SG), "R1 forwards onto the link again");
        assertEquals(List.of(12), n2.oifs(SG));
        assertTrue(n2.router.prunes().isEmpty(), "no graft left pending");
        send();
        assertEquals(1, n2.fwd.counters(SG).inPackets());
    }

    @Test
    void lastLocalMemberLeavingPrunesUpstreamAgain() {
        n2.igmp.join(12, G);
        net.pump();
        send();
        assertEquals(List.of(2), n1.oifs(SG));
        n2.igmp.leave(12, G);
        net.pump();
        assertEquals(1, n2.event("prunesSent"));
        assertEquals(List.of(), n1.oifs(SG));
    }

    @Test
    void localMemberOnTheUpstreamRouterKeepsItsBranchWhileTheLinkIsPruned() {
        n1.igmp.join(3, G);
        net.pump();
        send();
        assertEquals(List.of(3), n1.oifs(SG));
        assertEquals(1, n1.event("prunesReceived"));
    }

    @Test
    void unacknowledgedGraftIsRetransmittedWithBackOff() {
        send();
        net.cut("link");
        n2.igmp.join(12, G);
        net.pump();
        assertEquals(1, n2.event("graftsSent"));
        net.run(6);
        assertEquals(1, n2.event("graftRetransmissions"));
        net.run(10);
        assertEquals(2, n2.event("graftRetransmissions"));
        assertEquals("graft-pending", n2.router.prunes().getFirst().direction());
    }

    @Test
    void expiredDownstreamPruneFloodsTheBranchAgainUntilItIsPrunedAgain() {
        send();
        assertEquals(List.of(), n1.oifs(SG));
        long grafted = n1.event("oifsGrafted");
        net.run(301);
        assertEquals(1, n1.event("receivedPrunesExpired"));
        assertEquals(grafted + 1, n1.event("oifsGrafted"), "the link went back into the MFE when the prune ended");
        assertEquals(2, n1.event("prunesReceived"), "R2, still without members, pruned again");
        assertEquals(List.of(), n1.oifs(SG));
    }

    /** The data plane says nothing about packets hitting a negative MFE: the pruned router prunes again when its prune ends. */
    @Test
    void branchStillWithoutMembersIsPrunedAgainWhenThePruneLifetimeEnds() {
        n2.igmp.join(12, G);
        net.pump();
        send();
        n2.igmp.leave(12, G);
        net.pump();
        assertEquals(1, n2.event("prunesSent"));
        assertEquals(List.of(), n1.oifs(SG));
        net.run(301);
        assertEquals(2, n2.event("prunesSent"));
        assertEquals(List.of(), n1.oifs(SG), "pruned again");
        assertEquals("sent", n2.router.prunes().getFirst().direction());
    }

    @Test
    void pruneFromARouterThatIsNotADependentIsIgnored() {
        send();
        long before = n1.router.dropped(org.openmgm.dvmrp.wire.DropReason.NOT_DEPENDENT);
        // R1 is upstream of 198.18.1.0/24; R1 sending a prune for it to R2 makes no sense: R2 drops it
        n2.router.receive(11, org.openmgm.dvmrp.wire.DvmrpCodec.encodeIp(Ipv4.parse("198.18.20.1"), Ipv4.parse("198.18.20.2"),
                new org.openmgm.dvmrp.wire.DvmrpMessage.Prune(org.openmgm.dvmrp.wire.Header.OPENMGM, SG.source(), G, 100, null)));
        assertEquals(before + 0, n1.router.dropped(org.openmgm.dvmrp.wire.DropReason.NOT_DEPENDENT));
        assertEquals(1, n2.router.dropped(org.openmgm.dvmrp.wire.DropReason.NOT_DEPENDENT));
    }

    /**
     * RFC 2715 rules 4 and 5: receivers on an interface DVMRP does not own (IGMP-only) make the MGM send
     * DVMRP, the owner of the incoming interface, a join alert (graft) and later a prune alert (prune).
     */
    @Test
    void joinAndPruneAlertsFromAnotherOwnersInterfaceBecomeGraftAndPrune() {
        send();
        assertEquals(1, n2.event("prunesSent"));
        n2.igmp.handle.takeInterface(InterfaceKey.of(13)); // IGMP-only: DVMRP does not run there
        n2.igmp.join(13, G);
        net.pump();
        assertEquals(List.of(13), n2.oifs(SG));
        assertEquals(1, n2.event("graftsSent"), "join alert (FALSE) from the MGM -> graft");
        assertEquals(List.of(2), n1.oifs(SG));
        n2.igmp.leave(13, G);
        net.pump();
        assertEquals(2, n2.event("prunesSent"), "prune alert (FALSE) from the MGM -> prune");
        assertEquals(List.of(), n1.oifs(SG));
    }

    /**
     * On R2's receiver LAN a downstream router D depends on R2 for the source network, so R2 forwards
     * there; then router X appears with a better metric to the source: X is the designated forwarder
     * and R2 takes the LAN out (and, with nothing left, prunes upstream).
     */
    @Test
    void losingTheDesignatedForwarderRoleRemovesTheOif() {
        tearDown();
        build(SimNet.iface("r2-rcv", 12, "198.18.2.1", 3)); // costly LAN: X is a better forwarder there, not a better upstream
        org.openmgm.dvmrp.wire.Header h = org.openmgm.dvmrp.wire.Header.OPENMGM;
        int d = Ipv4.parse("198.18.2.5"), x = Ipv4.parse("198.18.2.3"), me = Ipv4.parse("198.18.2.1");
        var srcNet = new org.openmgm.dvmrp.wire.RouteEntry(Ipv4.parse("198.18.1.0"), Ipv4.maskOf(24), 2 + DvmrpRouter.INFINITY);
        n2.router.receive(12, org.openmgm.dvmrp.wire.DvmrpCodec.encodeIp(d, DvmrpRouter.ALL_DVMRP_ROUTERS,
                new org.openmgm.dvmrp.wire.DvmrpMessage.Probe(h, 5, List.of(me))));
        n2.router.receive(12, org.openmgm.dvmrp.wire.DvmrpCodec.encodeIp(d, DvmrpRouter.ALL_DVMRP_ROUTERS,
                new org.openmgm.dvmrp.wire.DvmrpMessage.Report(h, List.of(srcNet))));
        net.pump();
        send();
        assertEquals(List.of(12), n2.oifs(SG), "D depends on R2, R2 is the designated forwarder");
        n2.router.receive(12, org.openmgm.dvmrp.wire.DvmrpCodec.encodeIp(x, DvmrpRouter.ALL_DVMRP_ROUTERS,
                new org.openmgm.dvmrp.wire.DvmrpMessage.Probe(h, 6, List.of(me, d))));
        n2.router.receive(12, org.openmgm.dvmrp.wire.DvmrpCodec.encodeIp(x, DvmrpRouter.ALL_DVMRP_ROUTERS,
                new org.openmgm.dvmrp.wire.DvmrpMessage.Report(h, List.of(new org.openmgm.dvmrp.wire.RouteEntry(Ipv4.parse("198.18.1.0"), Ipv4.maskOf(24), 1)))));
        net.pump();
        assertEquals("r2-link", n2.router.routes().stream().filter(v -> v.network().equals("198.18.1.0/24")).findFirst().orElseThrow().iface(),
                "via X it would cost 1 + 3: R2 keeps R1 as upstream");
        assertEquals(List.of(), n2.oifs(SG), "X (metric 1 < 2) forwards onto the LAN now");
        assertEquals(1, n2.event("prunesSent"));
        assertEquals(List.of(), n1.oifs(SG));
    }

    /** Data from a source nobody has a route to gives a negative MFE; DVMRP makes no change to it and sends nothing for it. */
    @Test
    void mfeWithoutAnyRouteIsLeftAlone() {
        SourceGroup unknown = new SourceGroup(Ipv4.parse("198.19.9.9"), G);
        n2.fwd.packet(unknown, InterfaceKey.of(11), 100);
        assertEquals(List.of(), n2.oifs(unknown));
        long edits = n2.event("oifsGrafted") + n2.event("oifsPruned");
        n2.igmp.join(12, G);
        net.pump();
        n2.igmp.leave(12, G);
        net.pump();
        assertEquals(edits, n2.event("oifsGrafted") + n2.event("oifsPruned"), "no FORWARD_STATE edit on a route-less MFE");
        assertEquals(0, n2.event("graftsSent") + n2.event("prunesSent"));
    }

    /** RFC 2715 §4: a source reached through another protocol is flooded to DVMRP neighbours (wildcard receiver). */
    @Test
    void sourceReachedThroughAnotherProtocolIsForwardedToDvmrpNeighbours() {
        MgmProtocol other = new MgmProtocol() {};
        ProtocolHandle h = n1.engine.register(99, 1, "other", other);
        h.takeInterface(InterfaceKey.of(50));
        n1.engine.addRib(new StaticRib(99).route(Ipv4.parse("10.0.0.0"), 8, InterfaceKey.of(50), 0), 0);
        SourceGroup ext = new SourceGroup(Ipv4.parse("10.1.2.3"), G);
        n1.fwd.packet(ext, InterfaceKey.of(50), 100);
        assertEquals(List.of(2), n1.oifs(ext), "DVMRP keeps the link (neighbour R2), refuses r1-rcv (no members)");
        assertTrue(n1.engine.memberships().stream().anyMatch(m -> m.key().equals(MembershipKey.WILDCARD) && m.iface().ifIndex() == 2));
    }

    // --- RFC 2715 route injection --------------------------------------------------------------------

    /** A source of the PIM domain behind R1 (another protocol owns R1's if50), inside the injected 198.18.0.0/15. */
    static final SourceGroup EXT = new SourceGroup(Ipv4.parse("198.19.7.10"), G);
    static final int X = Ipv4.parse("198.18.3.9"), R1_RCV = Ipv4.parse("198.18.3.1");

    /** R1 injects 198.18.0.0/15 (metric 1) or nothing; another protocol on R1 reaches 198.19.0.0/16 through if50. */
    void buildBorder(boolean inject) {
        tearDown();
        DvmrpConfig c1 = DvmrpConfig.defaults(List.of(r1src, r1link, r1rcv)).withPruneLifetime(300);
        if (inject) c1 = c1.withInjectedRoutes(List.of(InjectedRoute.parse("198.18.0.0/15")), 1);
        build(c1, DvmrpConfig.defaults(List.of(r2link, r2rcv)).withPruneLifetime(300));
        ProtocolHandle pim = n1.engine.register(99, 1, "pim-stand-in", new MgmProtocol() {});
        pim.takeInterface(InterfaceKey.of(50));
        n1.engine.addRib(new StaticRib(99).route(Ipv4.parse("198.19.0.0"), 16, InterfaceKey.of(50), 0), 0);
    }

    /** One packet from the PIM-domain source: into R1 on if50, and into R2 if R1 forwards it onto the link. */
    void sendExt() {
        n1.fwd.packet(EXT, InterfaceKey.of(50), 100);
        var e = n1.fwd.entry(EXT);
        if (e != null && e.outgoing().contains(InterfaceKey.of(2))) n2.fwd.packet(EXT, InterfaceKey.of(11), 100);
        net.pump();
    }

    /** A packet from the crafted router X (198.18.3.9) on R1's if3. */
    void fromX(org.openmgm.dvmrp.wire.DvmrpMessage m, int destination) {
        n1.router.receive(3, org.openmgm.dvmrp.wire.DvmrpCodec.encodeIp(X, destination, m));
        net.pump();
    }

    static String forwardState(String verb, SourceGroup sg, int ifIndex) {
        return verb + " " + MembershipKey.of(sg) + " " + InterfaceKey.of(ifIndex) + " " + MgmConstants.MGM_FORWARD_STATE_FLAG;
    }

    /**
     * The scenario of the brief: R2 learns the injected route through R1, RPFs the PIM-domain source
     * towards R1, prunes when its last receiver leaves, and R1 (for which R2 is a dependent of the
     * injected route) takes the link out; a new receiver grafts it back.
     */
    @Test
    void injectedRouteLetsTheDownstreamRouterPruneAndGraftASourceOfAnotherDomain() {
        buildBorder(true);
        var learned = n2.router.lookup(EXT.source()).orElseThrow(() -> new AssertionError("R2 has no route: " + n2.router.routes()));
        assertEquals(11, learned.iface().ifIndex());
        assertEquals(Ipv4.parse("198.18.20.1"), learned.upstreamNeighbor());
        assertTrue(n1.router.lookup(EXT.source()).isEmpty(), "R1 does not publish its injected route for RPF");

        n2.igmp.join(12, G);
        net.pump();
        sendExt();
        assertEquals(InterfaceKey.of(50), n1.engine.mfe(EXT).incomingInterface(), "R1 keeps the other protocol's incoming interface");
        assertEquals(List.of(2), n1.oifs(EXT), "R2 depends on R1 for 198.18.0.0/15: the link is on the tree; r1-rcv has no member");
        assertEquals(InterfaceKey.of(11), n2.engine.mfe(EXT).incomingInterface());
        assertEquals(List.of(12), n2.oifs(EXT));
        assertEquals(1, n2.fwd.counters(EXT).inPackets());

        n2.igmp.leave(12, G);
        net.pump();
        assertEquals(1, n2.event("prunesSent"), "R2's MFE emptied: prune towards R1");
        Views.PruneView sent = n2.router.prunes().getFirst();
        assertEquals("sent", sent.direction());
        assertEquals("198.18.20.1", sent.neighbor());
        Views.PruneView received = n1.router.prunes().getFirst();
        assertEquals("received", received.direction());
        assertEquals("198.18.0.0/15", received.source(), "keyed by the injected route");
        assertEquals("198.18.20.2", received.neighbor());
        assertEquals(List.of(), n1.oifs(EXT));
        assertTrue(n1.recorded.calls().contains(forwardState("delete", EXT, 2)), n1.recorded.calls().toString());
        assertEquals(MfeStatus.OIF_PRUNED, n1.router.mfeStatus(2, G, EXT.source()));

        assertFalse(n1.recorded.calls().contains(forwardState("add", EXT, 2)));
        n2.igmp.join(12, G);
        net.pump();
        assertEquals(1, n2.event("graftsSent"));
        assertEquals(1, n1.event("graftsReceived"));
        assertEquals(1, n2.event("graftAcksReceived"));
        assertEquals(List.of(2), n1.oifs(EXT), "the graft put the link back");
        assertTrue(n1.recorded.calls().contains(forwardState("add", EXT, 2)), n1.recorded.calls().toString());
        assertEquals(MfeStatus.NO_ERROR, n1.router.mfeStatus(2, G, EXT.source()));
    }

    /** Without injection (the state before RFC 2715 §1 support): R2 has no route, never prunes, R1 keeps flooding. */
    @Test
    void withoutInjectionTheDownstreamRouterCannotPrune() {
        buildBorder(false);
        assertTrue(n2.router.lookup(EXT.source()).isEmpty());
        n2.igmp.join(12, G);
        net.pump();
        sendExt();
        n2.igmp.leave(12, G);
        net.pump();
        assertEquals(0, n2.event("prunesSent"));
        assertEquals(List.of(2), n1.oifs(EXT));
    }

    /**
     * Truncated broadcast on the injected route: a two-way neighbour that does not route 198.18.0.0/15
     * through R1 gets nothing (the old per-source rule would flood to it); once it poison-reverses the
     * route it is a dependent and gets the stream; its prune removes the oif, its graft restores it.
     */
    @Test
    void sourceCoveredByAnInjectedRouteGoesOnlyToDependentsThatHaveNotPruned() {
        buildBorder(true);
        var h = org.openmgm.dvmrp.wire.Header.OPENMGM;
        fromX(new org.openmgm.dvmrp.wire.DvmrpMessage.Probe(h, 77, List.of(R1_RCV)), DvmrpRouter.ALL_DVMRP_ROUTERS);
        assertTrue(n1.router.neighbors().stream().anyMatch(v -> v.neighbor().equals("198.18.3.9") && v.twoWay()));
        n2.igmp.join(12, G);
        net.pump();
        sendExt();
        assertEquals(List.of(2), n1.oifs(EXT), "X is a two-way neighbour on if3 but not a dependent of 198.18.0.0/15");

        var poisoned = new org.openmgm.dvmrp.wire.RouteEntry(Ipv4.parse("198.18.0.0"), Ipv4.maskOf(15), 2 + DvmrpRouter.INFINITY);
        fromX(new org.openmgm.dvmrp.wire.DvmrpMessage.Report(h, List.of(poisoned)), DvmrpRouter.ALL_DVMRP_ROUTERS);
        assertEquals(List.of("198.18.3.9"), n1.router.routes().stream().filter(v -> v.network().equals("198.18.0.0/15"))
                .findFirst().orElseThrow().dependents().get("r1-rcv"));
        assertEquals(List.of(2, 3), n1.oifs(EXT), "X poison-reversed the injected route: it depends on R1");

        fromX(new org.openmgm.dvmrp.wire.DvmrpMessage.Prune(h, EXT.source(), G, 200, null), R1_RCV);
        assertEquals(List.of(2), n1.oifs(EXT), "X pruned (S,G)");
        assertTrue(n1.recorded.calls().contains(forwardState("delete", EXT, 3)), n1.recorded.calls().toString());
        assertEquals(List.of(12), n2.oifs(EXT), "R2 did not prune: its branch stays");

        fromX(new org.openmgm.dvmrp.wire.DvmrpMessage.Graft(h, EXT.source(), G, null), R1_RCV);
        assertEquals(List.of(2, 3), n1.oifs(EXT), "X grafted");
        assertEquals(1, n1.router.stats().sent().get("graftAck"));
    }

    /** A prune for a source under the injected route from a neighbour that does not depend on R1 for it is dropped. */
    @Test
    void pruneForAnInjectedRouteFromANonDependentIsDropped() {
        buildBorder(true);
        var h = org.openmgm.dvmrp.wire.Header.OPENMGM;
        fromX(new org.openmgm.dvmrp.wire.DvmrpMessage.Probe(h, 77, List.of(R1_RCV)), DvmrpRouter.ALL_DVMRP_ROUTERS);
        long before = n1.router.dropped(org.openmgm.dvmrp.wire.DropReason.NOT_DEPENDENT);
        fromX(new org.openmgm.dvmrp.wire.DvmrpMessage.Prune(h, EXT.source(), G, 200, null), R1_RCV);
        assertEquals(before + 1, n1.router.dropped(org.openmgm.dvmrp.wire.DropReason.NOT_DEPENDENT));
        assertTrue(n1.router.prunes().isEmpty());
    }
}
