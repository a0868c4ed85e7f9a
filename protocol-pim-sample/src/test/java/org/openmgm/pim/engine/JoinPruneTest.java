package org.openmgm.pim.engine;

import static org.junit.jupiter.api.Assertions.*;
import static org.openmgm.pim.engine.Harness.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.pim.packet.EncodedGroup;
import org.openmgm.pim.packet.EncodedSource;
import org.openmgm.pim.packet.PimMessage.GroupSet;
import org.openmgm.pim.packet.PimMessage.JoinPrune;

class JoinPruneTest {
    static final int DOWN = ip("198.18.2.2"), DOWN2 = ip("198.18.2.3"), OTHER = ip("198.18.1.3");

    static JoinPrune starG(int upstream, boolean join, int holdtime) {
        GroupSet gs = join ? new GroupSet(EncodedGroup.of(G), List.of(EncodedSource.rp(RP)), List.of())
                           : new GroupSet(EncodedGroup.of(G), List.of(), List.of(EncodedSource.rp(RP)));
        return new JoinPrune(upstream, holdtime, List.of(gs));
    }

    static JoinPrune sg(int upstream, int s, boolean join) {
        GroupSet gs = join ? new GroupSet(EncodedGroup.of(G), List.of(EncodedSource.source(s)), List.of())
                           : new GroupSet(EncodedGroup.of(G), List.of(), List.of(EncodedSource.source(s)));
        return new JoinPrune(upstream, 210, List.of(gs));
    }

    @Test
    void localMembersMakeTheDrJoinTowardsTheRpAndAddItsInterfaceAsOif() {
        Harness h = new Harness();
        h.hello(IF1, UPSTREAM, 1, 1);
        h.clear();
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        assertTrue(h.mgmCalls.contains("add (*, 239.1.1.1) if12 join"), h.mgmCalls.toString());
        JoinPrune jp = (JoinPrune) h.sentOn(IF1, JoinPrune.class).getFirst().message();
        assertEquals(UPSTREAM, jp.upstreamNeighbor());
        assertEquals(210, jp.holdtime());
        assertEquals(List.of(EncodedSource.rp(RP)), jp.groups().getFirst().joins());
    }

    @Test
    void joinsAreRefreshedEveryPeriodAndPrunedWhenTheLastMemberLeaves() {
        Harness h = new Harness();
        h.hello(IF1, UPSTREAM, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.clear();
        h.scheduler.advanceSeconds(60);
        assertEquals(1, h.sentOn(IF1, JoinPrune.class).size());
        h.scheduler.advanceSeconds(60);
        assertEquals(2, h.sentOn(IF1, JoinPrune.class).size());
        h.clear();
        h.router.localLeave(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        JoinPrune prune = (JoinPrune) h.sentOn(IF1, JoinPrune.class).getFirst().message();
        assertEquals(List.of(EncodedSource.rp(RP)), prune.groups().getFirst().prunes());
        assertTrue(h.mgmCalls.contains("delete (*, 239.1.1.1) if12 join"));
        h.clear();
        h.scheduler.advanceSeconds(200);
        assertTrue(h.sentOn(IF1, JoinPrune.class).isEmpty());
        assertTrue(h.router.joinViews().isEmpty());
    }

    @Test
    void aNonDrWithLocalMembersNeitherJoinsNorForwards() {
        Harness h = new Harness();
        h.hello(IF2, ip("198.18.2.200"), 1, 1); // higher address is DR on the receiver LAN
        h.clear();
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        assertTrue(h.sentOn(IF1, JoinPrune.class).isEmpty());
        assertTrue(h.mgmCalls.stream().noneMatch(c -> c.startsWith("add")), h.mgmCalls.toString());
    }

    @Test
    void downstreamJoinAddsTheOifAndExpiresAfterItsHoldtime() {
        Harness h = new Harness();
        h.hello(IF2, DOWN, 1, 1);
        h.hello(IF1, UPSTREAM, 1, 1);
        h.clear();
        h.receive(IF2, DOWN, starG(A2, true, 100));
        assertTrue(h.mgmCalls.contains("add (*, 239.1.1.1) if12 join"));
        assertEquals(1, h.sentOn(IF1, JoinPrune.class).size(), "joined upstream");
        PimViews.JoinView v = h.router.joinViews().getFirst();
        assertEquals("join", v.downstream().getFirst().state());
        assertEquals(100L, v.downstream().getFirst().expiresSeconds());
        h.hello(IF2, DOWN, 1, 1);
        h.scheduler.advanceSeconds(60); // periodic hellos keep the neighbour
        h.hello(IF2, DOWN, 1, 1);
        h.scheduler.advanceSeconds(41);
        assertTrue(h.mgmCalls.contains("delete (*, 239.1.1.1) if12 join"));
    }

    @Test
    void pruneFromTheOnlyNeighbourRemovesTheOifAtOnce() {
        Harness h = new Harness();
        h.hello(IF2, DOWN, 1, 1);
        h.receive(IF2, DOWN, starG(A2, true, 210));
        h.clear();
        h.receive(IF2, DOWN, starG(A2, false, 210));
        h.scheduler.advanceSeconds(0);
        assertTrue(h.mgmCalls.contains("delete (*, 239.1.1.1) if12 join"), h.mgmCalls.toString());
    }

    @Test
    void pruneOnALanWaitsForOverrideAndAnOverridingJoinKeepsTheOif() {
        Harness h = new Harness();
        h.hello(IF2, DOWN, 1, 1);
        h.hello(IF2, DOWN2, 1, 1);
        h.receive(IF2, DOWN, starG(A2, true, 210));
        h.clear();
        h.receive(IF2, DOWN, starG(A2, false, 210));
        assertEquals("prune-pending", h.router.joinViews().getFirst().downstream().getFirst().state());
        h.scheduler.advanceSeconds(1);
        h.receive(IF2, DOWN2, starG(A2, true, 210)); // DOWN2 still wants it
        h.scheduler.advanceSeconds(5);
        assertEquals("join", h.router.joinViews().getFirst().downstream().getFirst().state());
        assertTrue(h.mgmCalls.isEmpty(), h.mgmCalls.toString());
        h.receive(IF2, DOWN, starG(A2, false, 210));
        h.scheduler.advanceSeconds(2);
        assertTrue(h.mgmCalls.isEmpty(), "still within J/P_Override_Interval (3 s)");
        h.clear();
        h.scheduler.advanceSeconds(2);
        assertTrue(h.mgmCalls.contains("delete (*, 239.1.1.1) if12 join"));
        JoinPrune echo = (JoinPrune) h.sentOn(IF2, JoinPrune.class).getFirst().message();
        assertEquals(A2, echo.upstreamNeighbor(), "PruneEcho is addressed to ourselves");
        assertEquals(List.of(EncodedSource.rp(RP)), echo.groups().getFirst().prunes());
    }

    @Test
    void anotherRoutersJoinToOurUpstreamSuppressesOurRefresh() {
        Harness h = new Harness();
        h.hello(IF1, UPSTREAM, 1, 1);
        h.hello(IF1, OTHER, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.scheduler.advanceSeconds(30);
        h.clear();
        h.receive(IF1, OTHER, starG(UPSTREAM, true, 210));
        assertEquals(1, h.router.stats().eventCount("joinSuppressed"));
        h.scheduler.advanceSeconds(60); // our timer would have fired at 60 s
        assertTrue(h.sentOn(IF1, JoinPrune.class).isEmpty());
        h.scheduler.advanceSeconds(30); // t_suppressed is at most 1.4 * 60 s
        assertEquals(1, h.sentOn(IF1, JoinPrune.class).size());
    }

    @Test
    void anotherRoutersPruneToOurUpstreamIsOverriddenByOurJoin() {
        Harness h = new Harness();
        h.hello(IF1, UPSTREAM, 1, 1);
        h.hello(IF1, OTHER, 1, 1);
        h.router.localJoin(MembershipKey.anySource(G), InterfaceKey.of(IF2));
        h.scheduler.advanceSeconds(5);
        h.clear();
        h.receive(IF1, OTHER, starG(UPSTREAM, false, 210));
        h.scheduler.advanceSeconds(3); // t_override <= Effective_Override_Interval (2.5 s)
        List<Harness.Sent> joins = h.sentOn(IF1, JoinPrune.class);
        assertEquals(1, joins.size());
        assertFalse(((JoinPrune) joins.getFirst().message()).groups().getFirst().joins().isEmpty());
    }

    @Test
    void ssmLocalJoinSendsASourceJoinTowardsTheSourceAndAnySourceSsmJoinsAreIgnored() {
        Harness h = new Harness();
        int ssm = ip("232.1.1.1");
        h.hello(IF1, UPSTREAM, 1, 1);
        h.clear();
        h.router.localJoin(MembershipKey.anySource(ssm), InterfaceKey.of(IF2));
        assertTrue(h.sentOn(IF1, JoinPrune.class).isEmpty());
        h.router.localJoin(MembershipKey.sourceGroup(S, ssm), InterfaceKey.of(IF2));
        JoinPrune jp = (JoinPrune) h.sentOn(IF1, JoinPrune.class).getFirst().message();
        assertEquals(ssm, jp.groups().getFirst().group().address());
        assertEquals(List.of(EncodedSource.source(S)), jp.groups().getFirst().joins());
        assertTrue(h.mgmCalls.contains("add (198.18.50.10, 232.1.1.1) if12 join"));
    }

    @Test
    void joinForAnotherRpIsRejected() {
        Harness h = new Harness();
        h.hello(IF2, DOWN, 1, 1);
        GroupSet gs = new GroupSet(EncodedGroup.of(G), List.of(EncodedSource.rp(ip("198.18.99.99"))), List.of());
        h.receive(IF2, DOWN, new JoinPrune(A2, 210, List.of(gs)));
        assertTrue(h.router.joinViews().isEmpty());
        assertEquals(1, h.router.stats().droppedCount("joinWrongRp"));
    }

    @Test
    void joinPruneFromANonNeighbourIsDropped() {
        Harness h = new Harness();
        h.receive(IF2, DOWN, starG(A2, true, 210));
        assertTrue(h.router.joinViews().isEmpty());
        assertEquals(1, h.router.stats().droppedCount("notNeighbor"));
    }

    @Test
    void joinAlertFromAnotherProtocolJoinsTowardsTheRpAndPruneAlertPrunes() {
        Harness h = new Harness();
        h.hello(IF1, UPSTREAM, 1, 1);
        h.clear();
        h.router.joinAlert(MembershipKey.anySource(G), true);
        assertEquals(1, h.sentOn(IF1, JoinPrune.class).size());
        h.router.joinAlert(MembershipKey.anySource(G), false); // MFE-driven: ignored
        assertEquals(1, h.sentOn(IF1, JoinPrune.class).size());
        h.router.pruneAlert(MembershipKey.anySource(G), InterfaceKey.of(99), true, new org.openmgm.api.PruneTimeout(900));
        JoinPrune p = (JoinPrune) h.sentOn(IF1, JoinPrune.class).get(1).message();
        assertFalse(p.groups().getFirst().prunes().isEmpty());
        h.router.joinAlert(MembershipKey.sourceGroup(S, G), true);
        JoinPrune sgJoin = (JoinPrune) h.sentOn(IF1, JoinPrune.class).get(2).message();
        assertEquals(List.of(EncodedSource.source(S)), sgJoin.groups().getFirst().joins());
    }
}
