package org.openmgm.pim.engine;

import static org.junit.jupiter.api.Assertions.*;
import static org.openmgm.pim.engine.Harness.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MfeStatus;
import org.openmgm.api.MgmException;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.RpfRequest;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.pim.packet.EncodedGroup;
import org.openmgm.pim.packet.EncodedSource;
import org.openmgm.pim.packet.PimMessage.Assert;
import org.openmgm.pim.packet.PimMessage.JoinPrune;
import org.openmgm.pim.packet.PimMessage.Register;
import org.openmgm.pim.packet.PimMessage.RegisterStop;

class RegisterSptAssertTest {
    static final int LOCAL_SRC = ip("198.18.2.50"); // on if2
    static final int RECEIVER_ROUTER = ip("198.18.2.2");

    static byte[] udp(int s, int g, int ttl) {
        return Ipv4Packets.build(s, g, 17, ttl, 0, false, new byte[] {0x13, (byte) 0x88, 0x13, (byte) 0x88, 0, 12, 0, 0, 1, 2, 3, 4});
    }

    static RpfRequest rpf(Harness h, int s, int g, byte[] hdr) {
        RpfRequest r = new RpfRequest(new SourceGroup(s, g), InterfaceKey.of(IF1), UPSTREAM, RouteInfo.NONE, hdr);
        h.router.rpf(r);
        return r;
    }

    // ---------------------------------------------------------------- DR side

    @Test
    void drOfADirectlyConnectedSourceRegistersUntilRegisterStopThenProbesWithNullRegister() {
        Harness h = new Harness();
        h.clear();
        RpfRequest r = rpf(h, LOCAL_SRC, G, udp(LOCAL_SRC, G, 16));
        assertEquals(InterfaceKey.of(IF2), r.incomingInterface());
        List<Harness.Sent> regs = h.sent.stream().filter(s -> s.message() instanceof Register).toList();
        assertEquals(1, regs.size());
        assertEquals(RP, regs.getFirst().destination());
        assertEquals(A2, regs.getFirst().source());
        Register reg = (Register) regs.getFirst().message();
        assertFalse(reg.nullRegister());
        assertArrayEquals(udp(LOCAL_SRC, G, 16), reg.packet());
        h.router.dataPacket(IF2, udp(LOCAL_SRC, G, 16));
        assertEquals(2, h.sentOf(Register.class).size());
        assertEquals("join", h.router.joinViews().getFirst().registerState());

        h.router.receive(-1, RP, A2, org.openmgm.pim.packet.PimCodec.encode(new RegisterStop(EncodedGroup.of(G), LOCAL_SRC)));
        assertEquals("prune", h.router.joinViews().getFirst().registerState());
        h.router.dataPacket(IF2, udp(LOCAL_SRC, G, 16));
        assertEquals(2, h.sentOf(Register.class).size(), "no registers while suppressed");
        h.scheduler.advanceSeconds(24); // Register-Stop timer >= 0.5 * 60 - 5 s
        assertEquals(2, h.sentOf(Register.class).size());
        for (int t = 24; t <= 86 && h.sentOf(Register.class).size() == 2; t++) h.scheduler.advanceSeconds(1); // <= 1.5 * 60 - 5 s
        List<Register> after = h.sentOf(Register.class);
        assertEquals(3, after.size());
        assertTrue(after.get(2).nullRegister(), "probe");
        assertEquals("join-pending", h.router.joinViews().getFirst().registerState());
        h.scheduler.advanceSeconds(5); // no Register-Stop within Register_Probe_Time
        assertEquals("join", h.router.joinViews().getFirst().registerState());
    }

    @Test
    void aNonDrDoesNotRegister() {
        Harness h = new Harness();
        h.hello(IF2, ip("198.18.2.200"), 1, 1);
        h.clear();
        rpf(h, LOCAL_SRC, G, udp(LOCAL_SRC, G, 16));
        assertTrue(h.sentOf(Register.class).isEmpty());
    }

    // ---------------------------------------------------------------- RP side

    @Test
    void rpDecapsulatesToTheSharedTreeJoinsTheSourceAndSendsRegisterStopOnceDataArrivesNatively() {
        Harness h = new Harness(PimSettings.defaults(A1).withLocalAddresses(Set.of()));
        h.hello(IF1, UPSTREAM, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.clear();
        byte[] data = udp(S, G, 20);
        h.router.receive(-1, UPSTREAM, A1, org.openmgm.pim.packet.PimCodec.encode(new Register(false, false, data)));
        List<Harness.Sent> fwd = h.sent.stream().filter(s -> s.kind().equals("data")).toList();
        assertEquals(1, fwd.size());
        assertEquals(IF2, fwd.getFirst().ifIndex());
        assertEquals(19, Ipv4Packets.ttl(fwd.getFirst().bytes()));
        assertEquals(0, Ipv4Packets.checksum(fwd.getFirst().bytes(), 0, 20), "header checksum redone");
        JoinPrune jp = (JoinPrune) h.sentOn(IF1, JoinPrune.class).getFirst().message();
        assertEquals(List.of(EncodedSource.source(S)), jp.groups().getFirst().joins(), "the RP joins the source");
        assertTrue(h.sentOf(RegisterStop.class).isEmpty());

        RpfRequest r = rpf(h, S, G, data); // native data: the MGM builds the MFE
        assertEquals(InterfaceKey.of(IF1), r.incomingInterface());
        h.clear();
        h.router.receive(-1, UPSTREAM, A1, org.openmgm.pim.packet.PimCodec.encode(new Register(false, false, data)));
        assertEquals(1, h.sentOf(RegisterStop.class).size());
        assertEquals(UPSTREAM, h.sent.stream().filter(s -> s.message() instanceof RegisterStop).findFirst().orElseThrow().destination());
        assertTrue(h.sent.stream().noneMatch(s -> s.kind().equals("data")), "no duplicates once on the source tree");
    }

    @Test
    void rpWithoutReceiversAnswersRegisterStopAtOnce() {
        Harness h = new Harness(PimSettings.defaults(A1));
        h.hello(IF1, UPSTREAM, 1, 1);
        h.clear();
        h.router.receive(-1, UPSTREAM, A1, org.openmgm.pim.packet.PimCodec.encode(new Register(false, false, udp(S, G, 20))));
        assertEquals(1, h.sentOf(RegisterStop.class).size());
        assertTrue(h.sent.stream().noneMatch(s -> s.kind().equals("data")));
    }

    @Test
    void registerToARouterThatIsNotTheRpIsRefused() {
        Harness h = new Harness();
        h.router.receive(-1, UPSTREAM, A1, org.openmgm.pim.packet.PimCodec.encode(new Register(false, false, udp(S, G, 20))));
        assertEquals(1, h.router.stats().droppedCount("registerNotRp"));
    }

    // ---------------------------------------------------------------- SPT switch

    @Test
    void lastHopDrSwitchesToTheSourceTreeOnTheFirstPacketAndPrunesSOffTheSharedTree() {
        Harness h = new Harness();
        int otherUpstream = ip("198.18.1.3");
        h.routes.put(ip("198.18.50.0"), new PimRoute(IF1, otherUpstream, ip("198.18.50.0"), 24, 1, 5));
        h.hello(IF1, UPSTREAM, 1, 1);
        h.hello(IF1, otherUpstream, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.clear();
        RpfRequest r = rpf(h, S, G, udp(S, G, 10));
        assertEquals(otherUpstream, r.upstreamNeighbor());
        List<JoinPrune> jps = h.sentOf(JoinPrune.class);
        assertTrue(jps.stream().anyMatch(j -> j.upstreamNeighbor() == otherUpstream
                && j.groups().getFirst().joins().equals(List.of(EncodedSource.source(S)))), jps.toString());
        assertTrue(jps.stream().anyMatch(j -> j.upstreamNeighbor() == UPSTREAM
                && j.groups().getFirst().prunes().equals(List.of(EncodedSource.sourceRpt(S)))), "(S,G,rpt) prune to the RP side: " + jps);
        assertEquals(1, h.router.stats().eventCount("sptSwitch"));
    }

    @Test
    void withSptPolicyNeverTheIncomingInterfaceFacesTheRp() {
        Harness h = new Harness(PimSettings.defaults(RP).withSptPolicy(PimSettings.SptPolicy.NEVER));
        int rpSide = ip("198.18.2.9");
        h.routes.put(ip("198.18.100.0"), new PimRoute(IF2, rpSide, ip("198.18.100.0"), 24, 1, 5));
        h.hello(IF2, rpSide, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF1));
        RpfRequest r = rpf(h, S, G, udp(S, G, 10));
        assertEquals(InterfaceKey.of(IF2), r.incomingInterface());
        assertEquals(rpSide, r.upstreamNeighbor());
        assertEquals(0, h.router.stats().eventCount("sptSwitch"));
    }

    @Test
    void creationAlertRefusesInterfacesWithoutForwardingState() {
        Harness h = new Harness();
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        List<IfEntry> c = new ArrayList<>(List.of(new IfEntry(InterfaceKey.of(IF2), true), new IfEntry(InterfaceKey.of(IF1), false)));
        h.router.creationAlert(new SourceGroup(S, G), InterfaceKey.of(IF1), c);
        assertTrue(c.get(0).enabled());
        assertFalse(c.get(1).enabled());
    }

    // ---------------------------------------------------------------- asserts

    /** We are DR on the receiver LAN (priority 10) so that local members make if2 an oif. */
    static Harness drOnReceiverLan() {
        return new Harness(PimSettings.defaults(RP).withDrPriority(10));
    }

    @Test
    void wrongInterfaceOnAnOifStartsAnAssertAndABetterAssertMakesUsRemoveTheOif() {
        Harness h = drOnReceiverLan();
        h.hello(IF2, RECEIVER_ROUTER, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.clear();
        h.router.wrongInterface(S, G, InterfaceKey.of(IF2), new byte[0]);
        Assert ours = (Assert) h.sentOn(IF2, Assert.class).getFirst().message();
        assertEquals(S, ours.source());
        assertEquals(1, ours.metricPreference());
        assertEquals(10, ours.metric());
        h.router.wrongInterface(S, G, InterfaceKey.of(IF2), new byte[0]);
        assertEquals(1, h.sentOn(IF2, Assert.class).size(), "one assert per election");

        h.receive(IF2, RECEIVER_ROUTER, new Assert(EncodedGroup.of(G), S, false, 1, 5)); // better metric
        assertTrue(h.mgmCalls.contains("delete (198.18.50.10, 239.1.1.1) if12 forward"), h.mgmCalls.toString());
        assertEquals("loser", h.router.joinViews().get(1).asserts().getFirst().state());
        assertEquals(MfeStatus.OIF_PRUNED, h.router.mfeStatus(IF2, G, S));
        h.clear();
        h.scheduler.advanceSeconds(181); // Assert_Time without refresh
        assertTrue(h.mgmCalls.contains("add (198.18.50.10, 239.1.1.1) if12 forward"), h.mgmCalls.toString());
    }

    @Test
    void aWorseAssertIsAnsweredWithOursAndWeKeepForwarding() {
        Harness h = drOnReceiverLan();
        h.hello(IF2, RECEIVER_ROUTER, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.clear();
        h.receive(IF2, RECEIVER_ROUTER, new Assert(EncodedGroup.of(G), S, false, 120, 1));
        assertEquals(1, h.sentOn(IF2, Assert.class).size());
        assertTrue(h.mgmCalls.stream().noneMatch(c -> c.contains("forward")));
        assertEquals("winner", h.router.joinViews().get(1).asserts().getFirst().state());
    }

    @Test
    void equalMetricsAreBrokenByTheHigherAddress() {
        Harness h = drOnReceiverLan();
        h.hello(IF2, RECEIVER_ROUTER, 1, 1); // 198.18.2.2 > 198.18.2.1
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.receive(IF2, RECEIVER_ROUTER, new Assert(EncodedGroup.of(G), S, false, 1, 10));
        assertTrue(h.mgmCalls.contains("delete (198.18.50.10, 239.1.1.1) if12 forward"));
    }

    // ---------------------------------------------------------------- GetMfeStatus

    @Test
    void mfeStatusAnswersReachedCoreAtTheRpPrunedUpstreamAndOifPruned() {
        Harness rp = new Harness(PimSettings.defaults(A1));
        assertEquals(MfeStatus.OIF_PRUNED, rp.router.mfeStatus(IF2, G, S)); // highest of REACHED_CORE(1), OIF_PRUNED(5)
        rp.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        assertEquals(MfeStatus.REACHED_CORE, rp.router.mfeStatus(IF2, G, S));

        Harness h = new Harness();
        h.hello(IF1, UPSTREAM, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        assertEquals(MfeStatus.NO_ERROR, h.router.mfeStatus(IF2, G, S));
        h.router.localLeave(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.router.joinAlert(MembershipKey.anySource(G), true);
        h.router.pruneAlert(MembershipKey.anySource(G), InterfaceKey.of(5), true, new org.openmgm.api.PruneTimeout(900));
        assertEquals(MfeStatus.OIF_PRUNED, h.router.mfeStatus(IF2, G, S));
        assertThrows(MgmException.class, () -> h.router.mfeStatus(99, G, S));
    }
}
