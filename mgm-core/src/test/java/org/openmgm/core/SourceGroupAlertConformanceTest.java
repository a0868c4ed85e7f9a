package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.core.RecordingProtocol.Join;

/** MGM-SPEC §8 behaviours 45–48: (S,G) join/prune alerts go to the owner of the interface towards S (§6.6.3). */
class SourceGroupAlertConformanceTest extends MgmFixture {

    @Test
    void b045_firstSourceSpecificJoinAlertsOnlyTheOwnerOfTheInterfaceTowardsTheSource() {
        own(hC, IF3);
        own(hA, IF1);
        clearCalls();
        join(hA, S_G, IF1);
        assertEquals(List.of("C:" + S_G), allJoins(true));
        assertEquals(List.of(new Join(S_G, true)), c.calls(Join.class));
    }

    @Test
    void b046_aSourceSpecificJoinByTheOwnerOfTheIncomingInterfaceAlertsNobody() {
        rib.clear();
        rib.route(Ipv4.parse("10.0.0.0"), 24, IF1, ROUTE_NBR);
        own(hA, IF1, IF4);
        own(hC, IF3);
        clearCalls();
        join(hA, S_G, IF4);
        assertEquals(List.of(), allJoins(true));
    }

    @Test
    void b047_lastSourceSpecificLeaveAlertsOnlyTheIncomingInterfaceOwner() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, S_G, IF1);
        clearCalls();
        leave(hA, S_G, IF1);
        assertEquals(List.of("C:" + S_G + "@" + IF1), allPrunes(true));
    }

    @Test
    void b048_aSecondSourceSpecificJoinSendsNoFurtherAlert() {
        own(hC, IF3);
        own(hA, IF1);
        own(hB, IF2);
        join(hA, S_G, IF1);
        assertEquals(1, c.joins(true).size());
        clearCalls();
        join(hB, S_G, IF2);
        assertEquals(List.of(), allJoins(true));
    }
}
