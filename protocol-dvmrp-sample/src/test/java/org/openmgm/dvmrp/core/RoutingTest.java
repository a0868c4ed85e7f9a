package org.openmgm.dvmrp.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.dvmrp.wire.*;
import org.openmgm.dvmrp.wire.DvmrpMessage.*;

/**
 * Neighbours and route exchange between simulated routers:
 * <pre>
 *  198.18.1.0/24 --[if1] R1 [if2]-- 198.18.20.0/24 --[if11] R2 [if12]-- 198.18.2.0/24
 * </pre>
 */
class RoutingTest {
    SimNet net;
    InterfaceConfig r1a = SimNet.iface("r1-src", 1, "198.18.1.1", 1), r1b = SimNet.iface("r1-link", 2, "198.18.20.1", 1);
    InterfaceConfig r2a = SimNet.iface("r2-link", 11, "198.18.20.2", 1), r2b = SimNet.iface("r2-rcv", 12, "198.18.2.1", 1);
    DvmrpRouter r1, r2;
    RecordingHandle h1 = new RecordingHandle(), h2 = new RecordingHandle();

    @BeforeEach
    void setUp() {
        net = new SimNet();
        r1 = net.router(0x1111, r1a, r1b);
        r2 = net.router(0x2222, r2a, r2b);
        net.attach("src", r1, r1a);
        net.attach("link", r1, r1b);
        net.attach("link", r2, r2a);
        net.attach("rcv", r2, r2b);
    }

    void startBoth() {
        r1.start(h1, null);
        r2.start(h2, null);
        net.run(1);
    }

    static Views.RouteView route(DvmrpRouter r, String prefix) {
        return r.routes().stream().filter(v -> v.network().equals(prefix)).findFirst().orElse(null);
    }

    @Test
    void probesListingEachOtherFormTwoWayAdjacency() {
        startBoth();
        List<Views.NeighborView> n2 = r2.neighbors();
        assertEquals(1, n2.size());
        assertEquals("198.18.20.1", n2.getFirst().neighbor());
        assertTrue(n2.getFirst().twoWay());
        assertEquals(0x1111, n2.getFirst().generationId());
        assertTrue(n2.getFirst().capabilities().containsAll(List.of("prune", "genid")));
        assertTrue(r1.neighbors().getFirst().twoWay());
        assertTrue(h1.calls.contains("take if1") && h1.calls.contains("take if2"));
        assertTrue(h2.calls.contains("add (*, *) if11 1"), "wildcard receiver on the interface with a neighbour: " + h2.calls);
        assertFalse(h2.calls.contains("add (*, *) if12 1"), "no wildcard membership where there is no neighbour");
    }

    @Test
    void routesConvergeAndPoisonReverseMakesDependents() {
        startBoth();
        Views.RouteView learned = route(r2, "198.18.1.0/24");
        assertNotNull(learned, r2.routes().toString());
        assertEquals(2, learned.metric());
        assertEquals("198.18.20.1", learned.neighbor());
        assertEquals("r2-link", learned.iface());
        assertEquals("active", learned.state());
        assertEquals(List.of("r2-rcv"), learned.designatedForwarderOn());
        Views.RouteView local = route(r1, "198.18.1.0/24");
        assertEquals("local", local.state());
        assertEquals(List.of("198.18.20.2"), local.dependents().get("r1-link"));
        assertEquals(List.of("r1-link"), local.designatedForwarderOn());
        assertEquals(2, route(r1, "198.18.2.0/24").metric());
        assertEquals(List.of("198.18.20.1"), route(r2, "198.18.2.0/24").dependents().get("r2-link"));
    }

    @Test
    void reportsUseSplitHorizonWithPoisonReverse() throws Exception {
        startBoth();
        net.log.clear();
        net.run(61); // one periodic report
        List<RouteEntry> fromR2 = new ArrayList<>();
        for (SimNet.Sent s : net.log) {
            if (s.from() != r2 || s.ifIndex() != 11) continue;
            DvmrpCodec.IpDvmrp p = DvmrpCodec.parseIp(s.packet(), s.packet().length);
            if (p.message() instanceof Report r) fromR2.addAll(r.routes());
        }
        assertTrue(fromR2.contains(new RouteEntry(Ipv4.parse("198.18.1.0"), Ipv4.maskOf(24), 2 + DvmrpRouter.INFINITY)), fromR2.toString());
        assertTrue(fromR2.contains(new RouteEntry(Ipv4.parse("198.18.2.0"), Ipv4.maskOf(24), 1)));
        assertTrue(fromR2.stream().noneMatch(e -> e.network() == Ipv4.parse("198.18.20.0")), "the link's own subnet is not advertised on it");
    }

    @Test
    void lostNeighbourExpiresAndItsRoutesAreHeldDownThenDeleted() {
        startBoth();
        net.cut("link");
        net.run(36);
        assertTrue(r2.neighbors().isEmpty());
        assertEquals("hold-down", route(r2, "198.18.1.0/24").state());
        assertEquals(DvmrpRouter.INFINITY, route(r2, "198.18.1.0/24").metric());
        assertTrue(r2.lookup(Ipv4.parse("198.18.1.7")).isEmpty(), "no RPF through a held-down route");
        assertTrue(h2.calls.contains("delete (*, *) if11 1"));
        net.run(121);
        assertNull(route(r2, "198.18.1.0/24"));
    }

    @Test
    void routeLearnedFromADvmrpNeighbourIsPublishedForRpf() {
        startBoth();
        var rpf = r2.lookup(Ipv4.parse("198.18.1.42")).orElseThrow();
        assertEquals(11, rpf.iface().ifIndex());
        assertEquals(Ipv4.parse("198.18.20.1"), rpf.upstreamNeighbor());
        assertEquals(DvmrpRouter.PROTOCOL_ID, rpf.route().protocol());
        assertEquals(24, Ipv4.prefixLength(rpf.route().mask()));
    }

    @Test
    void changedGenerationIdResetsTheNeighbour() {
        startBoth();
        DvmrpRouter r1again = net.router(0x9999, r1a, r1b);
        net.attach("link", r1again, r1b);
        r1.stop();
        r1again.start(new RecordingHandle(), null);
        net.run(2);
        assertEquals(1L, r2.stats().events().get("generationIdChanges"));
        assertEquals(0x9999, r2.neighbors().getFirst().generationId());
        assertTrue(r2.neighbors().getFirst().twoWay());
        assertEquals("active", route(r2, "198.18.1.0/24").state());
    }

    /** A fake neighbour that probes but stops reporting: the route expires (140 s), is held down (120 s), then goes. */
    @Test
    void routeNotRefreshedExpiresIntoHoldDown() {
        r2.start(h2, null);
        net.run(0);
        int nbr = Ipv4.parse("198.18.20.9");
        Runnable probe = () -> r2.receive(11, DvmrpCodec.encodeIp(nbr, DvmrpRouter.ALL_DVMRP_ROUTERS,
                new Probe(Header.OPENMGM, 7, List.of(Ipv4.parse("198.18.20.2")))));
        probe.run();
        r2.receive(11, DvmrpCodec.encodeIp(nbr, DvmrpRouter.ALL_DVMRP_ROUTERS,
                new Report(Header.OPENMGM, List.of(new RouteEntry(Ipv4.parse("10.9.0.0"), Ipv4.maskOf(16), 3)))));
        assertEquals(4, route(r2, "10.9.0.0/16").metric());
        for (int t = 0; t < 139; t += 10) {
            net.run(10);
            probe.run();
        }
        assertEquals("hold-down", route(r2, "10.9.0.0/16").state());
        assertEquals(1, r2.neighbors().size(), "the neighbour itself is alive");
        for (int t = 0; t < 120; t += 10) {
            net.run(10);
            probe.run();
        }
        assertNull(route(r2, "10.9.0.0/16"));
    }

    @Test
    void betterMetricFromAnotherNeighbourWinsAndTiesGoToTheLowerAddress() {
        r2.start(h2, null);
        int a = Ipv4.parse("198.18.20.9"), b = Ipv4.parse("198.18.20.5");
        for (int n : new int[] {a, b})
            r2.receive(11, DvmrpCodec.encodeIp(n, DvmrpRouter.ALL_DVMRP_ROUTERS, new Probe(Header.OPENMGM, n, List.of(Ipv4.parse("198.18.20.2")))));
        RouteEntry e5 = new RouteEntry(Ipv4.parse("10.1.0.0"), Ipv4.maskOf(16), 5);
        r2.receive(11, DvmrpCodec.encodeIp(a, DvmrpRouter.ALL_DVMRP_ROUTERS, new Report(Header.OPENMGM, List.of(e5))));
        assertEquals("198.18.20.9", route(r2, "10.1.0.0/16").neighbor());
        r2.receive(11, DvmrpCodec.encodeIp(b, DvmrpRouter.ALL_DVMRP_ROUTERS, new Report(Header.OPENMGM, List.of(e5))));
        assertEquals("198.18.20.5", route(r2, "10.1.0.0/16").neighbor(), "equal metric: lower address");
        RouteEntry e2 = new RouteEntry(Ipv4.parse("10.1.0.0"), Ipv4.maskOf(16), 2);
        r2.receive(11, DvmrpCodec.encodeIp(a, DvmrpRouter.ALL_DVMRP_ROUTERS, new Report(Header.OPENMGM, List.of(e2))));
        assertEquals("198.18.20.9", route(r2, "10.1.0.0/16").neighbor(), "lower metric wins");
        assertEquals(3, route(r2, "10.1.0.0/16").metric());
    }

    @Test
    void configuredInterfaceMetricIsAddedToLearnedRoutes() {
        net = new SimNet();
        InterfaceConfig costly = SimNet.iface("r2-link", 11, "198.18.20.2", 5);
        r1 = net.router(1, r1a, r1b);
        r2 = net.router(2, costly, r2b);
        net.attach("src", r1, r1a);
        net.attach("link", r1, r1b);
        net.attach("link", r2, costly);
        net.attach("rcv", r2, r2b);
        r1.start(h1, null);
        r2.start(h2, null);
        net.run(1);
        assertEquals(6, route(r2, "198.18.1.0/24").metric(), "1 advertised + 5 configured");
        assertEquals(2, route(r1, "198.18.2.0/24").metric(), "the other direction uses R1's metric");
    }

    @Test
    void askNeighbors2IsAnsweredWithEveryInterfaceAndItsNeighbours() throws Exception {
        startBoth();
        net.log.clear();
        int mrinfo = Ipv4.parse("198.18.20.77");
        r1.receive(2, DvmrpCodec.encodeIp(mrinfo, Ipv4.parse("198.18.20.1"), new AskNeighbors2(Header.OPENMGM)));
        SimNet.Sent reply = net.log.stream().filter(s -> s.from() == r1).findFirst().orElseThrow();
        DvmrpCodec.IpDvmrp p = DvmrpCodec.parseIp(reply.packet(), reply.packet().length);
        assertEquals(mrinfo, p.destination());
        Neighbors2 n = (Neighbors2) p.message();
        assertEquals(2, n.interfaces().size());
        Neighbors2Entry link = n.interfaces().get(1);
        assertEquals(Ipv4.parse("198.18.20.1"), link.localAddress());
        assertEquals(List.of(Ipv4.parse("198.18.20.2")), link.neighbors());
        assertEquals(Neighbors2Entry.FLAG_LEAF, n.interfaces().get(0).flags(), "no neighbour on the source LAN");
    }

    @Test
    void badPacketsAreDroppedAndCountedByReason() {
        startBoth();
        byte[] p = DvmrpCodec.encodeIp(Ipv4.parse("198.18.20.1"), DvmrpRouter.ALL_DVMRP_ROUTERS, new Probe(Header.OPENMGM, 1, List.of()));
        p[p.length - 1] ^= 0x55;
        r2.receive(11, p);
        assertEquals(1, r2.dropped(DropReason.BAD_CHECKSUM));
        r2.receive(11, DvmrpCodec.encodeIp(Ipv4.parse("198.18.20.77"), DvmrpRouter.ALL_DVMRP_ROUTERS,
                new Report(Header.OPENMGM, List.of(new RouteEntry(Ipv4.parse("10.0.0.0"), Ipv4.maskOf(8), 1)))));
        assertEquals(1, r2.dropped(DropReason.NOT_NEIGHBOR));
        assertNull(route(r2, "10.0.0.0/8"));
        r2.receive(11, DvmrpCodec.encodeIp(Ipv4.parse("198.18.20.2"), DvmrpRouter.ALL_DVMRP_ROUTERS, new Probe(Header.OPENMGM, 1, List.of())));
        assertEquals(1, r2.dropped(DropReason.FROM_SELF));
        r2.receive(11, DvmrpCodec.encodeIp(Ipv4.parse("10.5.5.5"), DvmrpRouter.ALL_DVMRP_ROUTERS, new Probe(Header.OPENMGM, 1, List.of())));
        assertEquals(1, r2.dropped(DropReason.NOT_ON_LINK));
        byte[] shortIp = Ipv4Packets.build(Ipv4.parse("198.18.20.1"), DvmrpRouter.ALL_DVMRP_ROUTERS, 2, 1, 0, false, new byte[] {0x13, 1, 0});
        r2.receive(11, shortIp);
        assertEquals(1, r2.dropped(DropReason.TOO_SHORT));
        assertEquals(1, r2.neighbors().size(), "nothing bad created state");
    }

    /**
     * Three routers on one LAN towards 198.18.1.0/24: R1 is attached to it (metric 1); R2 and R3 hear
     * it at metric 2 and share LAN C, where the lower address (R2) is the designated forwarder.
     */
    @Test
    void designatedForwarderOnAMultiAccessLanIsLowestMetricThenLowestAddress() {
        InterfaceConfig r3a = SimNet.iface("r3-link", 21, "198.18.20.3", 1), r3c = SimNet.iface("r3-c", 22, "198.18.40.3", 1);
        InterfaceConfig r2c = SimNet.iface("r2-c", 13, "198.18.40.2", 1);
        net = new SimNet();
        r1 = net.router(1, r1a, r1b);
        r2 = net.router(2, r2a, r2c);
        DvmrpRouter r3 = net.router(3, r3a, r3c);
        net.attach("src", r1, r1a);
        net.attach("link", r1, r1b);
        net.attach("link", r2, r2a);
        net.attach("link", r3, r3a);
        net.attach("c", r2, r2c);
        net.attach("c", r3, r3c);
        r1.start(new RecordingHandle(), null);
        r2.start(new RecordingHandle(), null);
        r3.start(new RecordingHandle(), null);
        net.run(10);
        assertEquals(List.of("r1-link"), route(r1, "198.18.1.0/24").designatedForwarderOn());
        assertEquals(List.of("r2-c"), route(r2, "198.18.1.0/24").designatedForwarderOn());
        assertEquals(List.of(), route(r3, "198.18.1.0/24").designatedForwarderOn());
        assertEquals(List.of("198.18.20.2", "198.18.20.3"), route(r1, "198.18.1.0/24").dependents().get("r1-link"));
        // R3 reaches 198.18.1.0 through the link, not through R2 on LAN C
        assertEquals("r3-link", route(r3, "198.18.1.0/24").iface());
    }

    // --- RFC 2715 route injection --------------------------------------------------------------------

    /** R1 (as in setUp) advertising {@code prefixes} with {@code metric}. */
    void injectingR1(int metric, String... prefixes) {
        net = new SimNet();
        r1 = net.router(DvmrpConfig.defaults(List.of(r1a, r1b)).withInjectedRoutes(java.util.Arrays.stream(prefixes).map(InjectedRoute::parse).toList(), metric), 0x1111);
        r2 = net.router(0x2222, r2a, r2b);
        net.attach("src", r1, r1a);
        net.attach("link", r1, r1b);
        net.attach("link", r2, r2a);
        net.attach("rcv", r2, r2b);
    }

    /** A router X (198.18.1.9) on R1's source LAN that sees R1, so R1 reports there too. */
    static final int X = Ipv4.parse("198.18.1.9");

    void fromX(DvmrpMessage m) {
        r1.receive(1, DvmrpCodec.encodeIp(X, DvmrpRouter.ALL_DVMRP_ROUTERS, m));
        net.pump();
    }

    Map<Integer, List<RouteEntry>> reportsOf(DvmrpRouter r) throws Exception {
        Map<Integer, List<RouteEntry>> out = new TreeMap<>();
        for (SimNet.Sent s : net.log) {
            if (s.from() != r) continue;
            DvmrpCodec.IpDvmrp p = DvmrpCodec.parseIp(s.packet(), s.packet().length);
            if (p.message() instanceof Report rep) out.computeIfAbsent(s.ifIndex(), k -> new ArrayList<>()).addAll(rep.routes());
        }
        return out;
    }

    @Test
    void injectedRoutesAreReportedOnEveryInterfaceWithTheirMetricAndShownAsInjected() throws Exception {
        injectingR1(5, "198.18.0.0/15", "0.0.0.0/0");
        startBoth();
        net.log.clear();
        fromX(new Probe(Header.OPENMGM, 9, List.of(Ipv4.parse("198.18.1.1")))); // X two-way: full report on r1-src
        net.run(61); // and the periodic one on r1-link
        Map<Integer, List<RouteEntry>> sent = reportsOf(r1);
        RouteEntry pim = new RouteEntry(Ipv4.parse("198.18.0.0"), Ipv4.maskOf(15), 5), dflt = new RouteEntry(0, 0, 5);
        assertEquals(java.util.Set.of(1, 2), sent.keySet(), "R1 reported on both interfaces");
        for (int ifIndex : List.of(1, 2)) {
            assertTrue(sent.get(ifIndex).contains(pim), "if" + ifIndex + ": " + sent.get(ifIndex));
            assertTrue(sent.get(ifIndex).contains(dflt), "if" + ifIndex + ": " + sent.get(ifIndex));
        }
        assertTrue(sent.get(2).stream().noneMatch(e -> e.metric() > DvmrpRouter.INFINITY && (e.mask() == 0 || e.mask() == Ipv4.maskOf(15))),
                "no poison reverse for injected routes, although R2 poisoned them back: " + sent.get(2));

        Views.RouteView v = route(r1, "198.18.0.0/15");
        assertEquals("injected", v.state());
        assertFalse(v.local());
        assertNull(v.iface());
        assertEquals(DvmrpRouter.NO_INTERFACE, v.ifIndex());
        assertNull(v.neighbor());
        assertNull(v.expiresSeconds());
        assertEquals(5, v.metric());
        assertEquals(List.of("r1-src", "r1-link"), v.designatedForwarderOn());
        assertEquals(List.of("198.18.20.2"), v.dependents().get("r1-link"), "R2 poison-reversed it: a dependent");
        assertEquals("injected", route(r1, "0.0.0.0/0").state());

        assertTrue(r1.lookup(Ipv4.parse("198.19.7.10")).isEmpty(), "injected routes are not published for RPF");
        assertEquals(1, r1.lookup(Ipv4.parse("198.18.1.20")).orElseThrow().iface().ifIndex(), "the local /24 still wins");

        Views.RouteView learned = route(r2, "198.18.0.0/15");
        assertEquals("active", learned.state());
        assertEquals(6, learned.metric(), "5 advertised + 1 for r2-link");
        assertEquals("198.18.20.1", learned.neighbor());
        assertEquals(6, route(r2, "0.0.0.0/0").metric());
        var rpf = r2.lookup(Ipv4.parse("198.19.7.10")).orElseThrow();
        assertEquals(11, rpf.iface().ifIndex());
        assertEquals(Ipv4.parse("198.18.20.1"), rpf.upstreamNeighbor());
        assertEquals(15, Ipv4.prefixLength(rpf.route().mask()), "R2 RPFs through the /15, longer than the default route");

        net.run(400);
        assertEquals("injected", route(r1, "198.18.0.0/15").state(), "an injected route never expires");
        assertEquals(5, route(r1, "198.18.0.0/15").metric());
    }

    /**
     * A neighbour's report for the injected prefix does not replace it (R1 originates it); it only counts
     * for the designated forwarder on that link: a better metric makes X the forwarder on r1-src, an
     * equal metric from a higher address gives the role back to R1.
     */
    @Test
    void reportForAnInjectedPrefixDoesNotReplaceItButDecidesTheDesignatedForwarder() throws Exception {
        injectingR1(5, "198.18.0.0/15");
        startBoth();
        fromX(new Probe(Header.OPENMGM, 9, List.of(Ipv4.parse("198.18.1.1"))));
        fromX(new Report(Header.OPENMGM, List.of(new RouteEntry(Ipv4.parse("198.18.0.0"), Ipv4.maskOf(15), 1))));
        Views.RouteView v = route(r1, "198.18.0.0/15");
        assertEquals("injected", v.state());
        assertEquals(5, v.metric());
        assertNull(v.neighbor());
        assertTrue(r1.lookup(Ipv4.parse("198.19.7.10")).isEmpty(), "X's route did not become an RPF route");
        assertEquals(List.of("r1-link"), v.designatedForwarderOn(), "X (metric 1 < 5) forwards on r1-src");
        fromX(new Report(Header.OPENMGM, List.of(new RouteEntry(Ipv4.parse("198.18.0.0"), Ipv4.maskOf(15), 5))));
        assertEquals(List.of("r1-src", "r1-link"), route(r1, "198.18.0.0/15").designatedForwarderOn(), "equal metric, X's address is higher");
        net.log.clear();
        net.run(61);
        assertTrue(reportsOf(r1).get(2).contains(new RouteEntry(Ipv4.parse("198.18.0.0"), Ipv4.maskOf(15), 5)));
        assertEquals(6, route(r2, "198.18.0.0/15").metric());
    }
}
