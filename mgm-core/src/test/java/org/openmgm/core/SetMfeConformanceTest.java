package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.Mfe;
import org.openmgm.api.MgmError;

/** MGM-SPEC §8 behaviours 79–81: MgmSetMfe (§4.14). */
class SetMfeConformanceTest extends MgmFixture {

    @Test
    void b079_setMfeChangesOnlyTheUpstreamNeighbour() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        data(S, G, IF3);
        Mfe before = engine.mfe(SG);
        clearCalls();
        int nbr = Ipv4.parse("10.9.9.9");
        hA.setMfeUpstreamNeighbor(SG, nbr);
        Mfe after = engine.mfe(SG);
        assertEquals(nbr, after.upstreamNeighbor());
        assertEquals(before.incomingInterface(), after.incomingInterface());
        assertEquals(before.incomingOwner(), after.incomingOwner());
        assertEquals(before.outgoing(), after.outgoing());
        assertEquals(before.route(), after.route());
        assertEquals(before.timeoutSeconds(), after.timeoutSeconds());
        assertEquals(0, totalCalls(), "no callbacks (§4.14 [INF])");
    }

    @Test
    void b080_setMfeOnAMissingMfeFailsWithNotFound() {
        assertError(MgmError.NOT_FOUND, () -> hA.setMfeUpstreamNeighbor(S2G, Ipv4.parse("10.9.9.9")));
    }

    @Test
    void b081_setMfeWithADeadHandleFailsWithInvalidParameter() {
        own(hC, IF3);
        data(S, G, IF3);
        var h = engine.register(400, 1, "D", new RecordingProtocol("D"));
        h.deregister();
        assertError(MgmError.INVALID_PARAMETER, () -> h.setMfeUpstreamNeighbor(SG, Ipv4.parse("10.9.9.9")));
        assertEquals(ROUTE_NBR, engine.mfe(SG).upstreamNeighbor());
    }
}
