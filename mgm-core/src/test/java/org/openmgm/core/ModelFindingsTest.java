package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.MembershipKey;

/**
 * Small cases distilled from {@link MgmModelProperties} failures, one per finding, so that each is reproducible
 * without the random search. The spec section each one rests on is named in the test.
 */
class ModelFindingsTest extends MgmFixture {

    /** §6.6.3: the (S,G) join goes to the client owning the interface towards S now, not when an MFE was made. */
    @Test
    void sourceSpecificJoinGoesToTheCurrentOwnerAfterARoutingProtocolTookTheIgmpIncomingInterface() {
        own(hI, IF3);
        data(S, G, IF3); // MFE (S,G) with iif if3, which only IGMP holds
        own(hC, IF3);    // C takes if3 from under IGMP
        own(hA, IF1);
        clearCalls();
        join(hA, S_G, IF1);
        assertEquals(List.of("C:" + MembershipKey.sourceGroup(S, G)), allJoins(false), "MFE-driven join (empty -> non-empty)");
        assertEquals(List.of("C:" + MembershipKey.sourceGroup(S, G)), allJoins(true));
        assertEquals(C_ID, engine.mfe(SG).incomingOwner(), "dwInIfProtocol names the client owning the iif");
    }
}
