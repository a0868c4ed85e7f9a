package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.core.RecordingProtocol.Join;
import org.openmgm.core.RecordingProtocol.Prune;

/** MGM-SPEC §8 behaviours 34–44: (*,G) and (*,*) join/prune alert counting (§6.6.1, §6.6.2). */
class WildcardAlertConformanceTest extends MgmFixture {

    @Test
    void b034_firstClientAddingStarGAlertsEveryOtherClient() {
        hA.takeInterface(IF1);
        clearCalls();
        join(hA, STAR_G, IF1);
        assertEquals(List.of(new Join(STAR_G, true)), b.calls(Join.class));
        assertEquals(List.of(new Join(STAR_G, true)), c.calls(Join.class));
        assertEquals(List.of(new Join(STAR_G, true)), igmp.calls(Join.class), "IGMP is a registered client too (§6.6.2)");
        assertTrue(a.calls(Join.class).isEmpty());
    }

    @Test
    void b035_secondClientAddingStarGAlertsOnlyTheFirst() {
        hA.takeInterface(IF1);
        hB.takeInterface(IF2);
        join(hA, STAR_G, IF1);
        clearCalls();
        join(hB, STAR_G, IF2);
        assertEquals(List.of("A:" + STAR_G), allJoins(true));
        assertEquals(List.of(new Join(STAR_G, true)), a.calls(Join.class));
    }

    @Test
    void b036_thirdClientAddingStarGAlertsNobody() {
        own(hA, IF1);
        own(hB, IF2);
        own(hC, IF3);
        join(hA, STAR_G, IF1);
        join(hB, STAR_G, IF2);
        clearCalls();
        join(hC, STAR_G, IF3);
        assertEquals(List.of(), allJoins(true));
    }

    @Test
    void b037_aClientAddingStarGOnASecondInterfaceAlertsNobody() {
        own(hA, IF1, IF4);
        join(hA, STAR_G, IF1);
        clearCalls();
        join(hA, STAR_G, IF4);
        assertEquals(List.of(), allJoins(true));
        assertEquals(2, engine.memberships().size());
    }

    @Test
    void b038_oneOfThreeClientsLeavingAlertsNobody() {
        own(hA, IF1);
        own(hB, IF2);
        own(hC, IF3);
        join(hA, STAR_G, IF1);
        join(hB, STAR_G, IF2);
        join(hC, STAR_G, IF3);
        clearCalls();
        leave(hC, STAR_G, IF3);
        assertEquals(List.of(), allPrunes(true));
    }

    @Test
    void b039_secondToLastClientLeavingAlertsOnlyTheRemainingOne() {
        own(hA, IF1);
        own(hB, IF2);
        join(hA, STAR_G, IF1);
        join(hB, STAR_G, IF2);
        clearCalls();
        leave(hB, STAR_G, IF2);
        assertEquals(List.of("A:" + STAR_G + "@" + IF2), allPrunes(true));
        Prune p = a.prunes(true).get(0);
        assertEquals(STAR_G, p.key());
        assertEquals(IF2, p.iface());
    }

    @Test
    void b040_lastClientLeavingAlertsEveryOtherClient() {
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        clearCalls();
        leave(hA, STAR_G, IF1);
        for (RecordingProtocol p : List.of(b, c, igmp)) {
            assertEquals(1, p.prunes(true).size(), p + " gets one prune alert");
            assertEquals(STAR_G, p.prunes(true).get(0).key());
            assertEquals(IF1, p.prunes(true).get(0).iface());
        }
        assertTrue(a.prunes(true).isEmpty());
    }

    @Test
    void b041_leavingOneOfTwoInterfacesAlertsNobody() {
        own(hA, IF1, IF4);
        join(hA, STAR_G, IF1);
        join(hA, STAR_G, IF4);
        clearCalls();
        leave(hA, STAR_G, IF1);
        assertEquals(List.of(), allPrunes(true));
    }

    @Test
    void b042_clientCountsArePerGroup() {
        own(hA, IF1);
        own(hB, IF2);
        join(hA, STAR_G, IF1);
        join(hA, STAR_G2, IF1);
        clearCalls();
        join(hB, STAR_G2, IF2);
        assertEquals(List.of(new Join(STAR_G2, true)), a.calls(Join.class));
        assertEquals(List.of("A:" + STAR_G2), allJoins(true));
    }

    @Test
    void b043_firstWildcardReceiverAlertsEveryOtherClient() {
        own(hA, IF1);
        clearCalls();
        join(hA, STAR_STAR, IF1);
        for (RecordingProtocol p : List.of(b, c, igmp)) assertEquals(List.of(new Join(STAR_STAR, true)), p.calls(Join.class), p.name());
        assertTrue(a.calls(Join.class).isEmpty());
    }

    @Test
    void b044_igmpLeavingWhileTheOwnerStillHoldsTheGroupAlertsNobody() {
        own(hA, IF1);
        own(hI, IF1);
        join(hA, STAR_G, IF1);
        join(hI, STAR_G, IF1);
        clearCalls();
        leave(hI, STAR_G, IF1);
        assertEquals(List.of(), allPrunes(true));
        assertEquals(List.of(), allJoins(true));
    }
}
