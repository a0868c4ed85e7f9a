package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmError;

/** MGM-SPEC §8 behaviours 25–33: validation of MgmAdd/DeleteGroupMembershipEntry (§4.6, §4.7, §6.2). */
class MembershipValidationConformanceTest extends MgmFixture {

    @Test
    void b025_addingWithADeadHandleFailsAndAlertsNobody() {
        var h = engine.register(400, 1, "D", new RecordingProtocol("D"));
        h.deregister();
        hA.takeInterface(IF1);
        clearCalls();
        assertError(MgmError.INVALID_PARAMETER, () -> h.addMembership(STAR_G, IF1, JOIN));
        assertEquals(0, totalCalls());
        assertTrue(engine.memberships().isEmpty());
    }

    @Test
    void b026_addingOnAnInterfaceTheCallerDoesNotOwnFailsAndAlertsNobody() {
        hB.takeInterface(IF2);
        clearCalls();
        assertError(MgmError.INVALID_PARAMETER, () -> hA.addMembership(STAR_G, IF2, JOIN));
        assertEquals(0, totalCalls());
        assertTrue(engine.memberships().isEmpty());
    }

    @Test
    void b027_deletingOnAnotherProtocolsInterfaceFailsWithInvalidParameter() {
        hB.takeInterface(IF2);
        join(hB, STAR_G, IF2);
        clearCalls();
        assertError(MgmError.INVALID_PARAMETER, () -> hA.deleteMembership(STAR_G, IF2, JOIN));
        assertEquals(1, engine.memberships().size());
        assertEquals(0, totalCalls());
    }

    @Test
    void b028_deletingOnAnUnknownInterfaceFailsWithNotFound() {
        assertError(MgmError.NOT_FOUND, () -> hA.deleteMembership(STAR_G, IF9, JOIN));
    }

    @Test
    void b029_aSourceRangeIsRejected() {
        hA.takeInterface(IF1);
        MembershipKey range = new MembershipKey(Ipv4.parse("10.0.0.0"), 0xFFFFFF00, G, 0xFFFFFFFF);
        assertError(MgmError.INVALID_PARAMETER, () -> hA.addMembership(range, IF1, JOIN));
        assertTrue(engine.memberships().isEmpty());
    }

    @Test
    void b030_sourceZeroWithAHostMaskIsRejected() {
        hA.takeInterface(IF1);
        MembershipKey bad = new MembershipKey(0, 0xFFFFFFFF, G, 0xFFFFFFFF);
        assertError(MgmError.INVALID_PARAMETER, () -> hA.addMembership(bad, IF1, JOIN));
        assertTrue(engine.memberships().isEmpty());
    }

    @Test
    void b031_flagsZeroIsRejected() {
        hA.takeInterface(IF1);
        clearCalls();
        assertError(MgmError.INVALID_PARAMETER, () -> hA.addMembership(STAR_G, IF1, 0));
        assertTrue(engine.memberships().isEmpty());
        assertEquals(0, totalCalls());
    }

    @Test
    void b032_reAddingAnIdenticalMembershipSucceedsWithoutAlerts() {
        hA.takeInterface(IF1);
        join(hA, STAR_G, IF1);
        clearCalls();
        join(hA, STAR_G, IF1);
        assertEquals(0, totalCalls());
        assertEquals(1, engine.memberships().size());
    }

    @Test
    void b033_deletingAMembershipThatDoesNotExistSucceedsWithoutAlerts() {
        hA.takeInterface(IF1);
        clearCalls();
        leave(hA, STAR_G, IF1);
        assertEquals(0, totalCalls());
        assertTrue(engine.memberships().isEmpty());
    }
}
