package org.openmgm.pim.engine;

import static org.junit.jupiter.api.Assertions.*;
import static org.openmgm.pim.engine.Harness.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.pim.packet.PimFixtures;
import org.openmgm.pim.packet.PimMessage.Hello;
import org.openmgm.pim.packet.PimMessage.JoinPrune;

class NeighborAndDrTest {

    @Test
    void helloIsSentRightAwayOnEveryInterfaceThenEveryHelloPeriod() {
        Harness h = new Harness();
        assertEquals(1, h.sentOn(IF1, Hello.class).size());
        assertEquals(1, h.sentOn(IF2, Hello.class).size());
        Hello hello = (Hello) h.sentOn(IF1, Hello.class).getFirst().message();
        assertEquals(105, hello.holdtime());
        assertEquals(1L, hello.drPriority());
        assertNotNull(hello.generationId());
        assertNotNull(hello.lanPruneDelay());
        assertEquals(A1, h.sentOn(IF1, Hello.class).getFirst().source());
        h.scheduler.advanceSeconds(29);
        assertEquals(1, h.sentOn(IF1, Hello.class).size());
        h.scheduler.advanceSeconds(1);
        assertEquals(2, h.sentOn(IF1, Hello.class).size());
        h.scheduler.advanceSeconds(60);
        assertEquals(4, h.sentOn(IF1, Hello.class).size());
    }

    @Test
    void interfacesAreTakenFromTheMgm() {
        Harness h = new Harness();
        assertTrue(h.mgmCalls.contains("take if11"));
        assertTrue(h.mgmCalls.contains("take if12"));
    }

    @Test
    void frrHelloWithIpv6AddressListMakesANeighbourThatExpiresAfterItsHoldtime() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PimFixtures.available());
        Harness h = new Harness();
        h.router.receive(IF1, UPSTREAM, 0xE000000D, PimFixtures.single("pim-hello-frr"));
        List<PimViews.NeighborView> n = h.router.neighborViews();
        assertEquals(1, n.size());
        assertEquals("198.18.1.2", n.getFirst().neighbor());
        assertEquals(105, n.getFirst().holdtimeSeconds());
        assertEquals(2500, n.getFirst().overrideIntervalMillis());
        h.scheduler.advanceSeconds(104);
        assertEquals(1, h.router.neighborViews().size());
        h.scheduler.advanceSeconds(2);
        assertEquals(0, h.router.neighborViews().size());
        assertEquals(1, h.router.stats().eventCount("neighborExpired"));
    }

    @Test
    void aNewNeighbourGetsATriggeredHelloWithinFiveSeconds() {
        Harness h = new Harness();
        h.clear();
        h.hello(IF1, UPSTREAM, 1, 42);
        h.scheduler.advanceSeconds(5);
        assertEquals(1, h.sentOn(IF1, Hello.class).size());
        assertEquals(0, h.sentOn(IF2, Hello.class).size());
    }

    @Test
    void highestDrPriorityWinsThenHighestAddress() {
        Harness h = new Harness();
        assertTrue(h.router.interfaceViews().getFirst().iAmDr(), "alone on the link");
        h.hello(IF1, UPSTREAM, 1, 1); // same priority, higher address
        assertFalse(h.router.interfaceViews().getFirst().iAmDr());
        assertEquals("198.18.1.2", h.router.interfaceViews().getFirst().dr());
        Harness h2 = new Harness(PimSettings.defaults(RP).withDrPriority(10));
        h2.hello(IF1, UPSTREAM, 1, 1);
        assertTrue(h2.router.interfaceViews().getFirst().iAmDr(), "priority 10 beats a higher address");
    }

    @Test
    void aNeighbourWithoutDrPriorityMakesTheElectionByAddressOnly() {
        Harness h = new Harness(PimSettings.defaults(RP).withDrPriority(100));
        h.receive(IF1, UPSTREAM, new Hello(105, null, null, 5, List.of(), 0, List.of()));
        assertFalse(h.router.interfaceViews().getFirst().iAmDr());
    }

    @Test
    void goodbyeHelloRemovesTheNeighbourAndTheDrFallsBack() {
        Harness h = new Harness();
        h.hello(IF1, UPSTREAM, 1, 1);
        assertFalse(h.router.interfaceViews().getFirst().iAmDr());
        h.receive(IF1, UPSTREAM, Hello.of(0, 1, 1));
        assertTrue(h.router.neighborViews().isEmpty());
        assertTrue(h.router.interfaceViews().getFirst().iAmDr());
    }

    @Test
    void newGenerationIdResendsOurJoinsTowardsTheRestartedNeighbour() {
        Harness h = new Harness();
        h.hello(IF1, UPSTREAM, 1, 1);
        h.router.localJoin(org.openmgm.api.MembershipKey.anySource(G), org.openmgm.api.InterfaceKey.of(IF2));
        assertEquals(1, h.sentOn(IF1, JoinPrune.class).size());
        h.scheduler.advanceSeconds(10);
        h.clear();
        h.hello(IF1, UPSTREAM, 1, 2); // restarted
        assertEquals(1, h.router.stats().eventCount("neighborRestart"));
        h.scheduler.advanceSeconds(3); // t_override <= 2.5 s, far before the 60 s refresh
        assertEquals(1, h.sentOn(IF1, JoinPrune.class).size());
        assertEquals(1, h.sentOn(IF1, Hello.class).size(), "triggered hello towards the restarted neighbour");
    }

    @Test
    void ownHellosLoopedBackAreIgnored() {
        Harness h = new Harness();
        h.hello(IF1, A1, 1, 1);
        assertTrue(h.router.neighborViews().isEmpty());
        assertEquals(1, h.router.stats().droppedCount("ownPacket"));
    }

    @Test
    void badChecksumIsDroppedAndCounted() {
        Harness h = new Harness();
        byte[] b = org.openmgm.pim.packet.PimCodec.encode(Hello.of(105, 1, 1));
        b[6] ^= 1;
        h.router.receive(IF1, UPSTREAM, 0xE000000D, b);
        assertTrue(h.router.neighborViews().isEmpty());
        assertEquals(1, h.router.stats().droppedCount("badChecksum"));
    }
}
