package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmError;
import org.openmgm.core.RecordingProtocol.Join;
import org.openmgm.core.RecordingProtocol.Prune;

/** MGM-SPEC §8 behaviours 67–75: oif maintenance and MFE-driven (FALSE) alerts (§6.5, §6.12). */
class MfeMaintenanceConformanceTest extends MgmFixture {

    private static final MembershipKey SG_KEY = MembershipKey.sourceGroup(S, G);

    /** C owns if3 (towards S), A owns if1 with (*,G); the MFE (S,G) exists with oif if1. */
    private void mfeWithOifIf1() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        data(S, G, IF3);
        assertEquals(Set.of(IF1), oifs(SG));
    }

    @Test
    void b067_aNegativeMfeGainingAnOifSendsJoinFalseToTheIncomingOwner() {
        own(hC, IF3);
        own(hA, IF1);
        data(S, G, IF3);
        assertTrue(engine.mfe(SG).negative());
        clearCalls();
        join(hA, STAR_G, IF1);
        assertEquals(Set.of(IF1), oifs(SG));
        assertEquals(List.of(new Join(SG_KEY, false)), c.joins(false));
        assertEquals(List.of(IF1), fwd.entry(SG).outgoing());
    }

    @Test
    void b068_anMfeLosingItsLastOifSendsPruneFalseWith900SecondsToTheIncomingOwner() {
        mfeWithOifIf1();
        clearCalls();
        leave(hA, STAR_G, IF1);
        assertEquals(List.of(new Prune(SG_KEY, IF3, false, 900)), c.prunes(false));
        assertTrue(engine.mfe(SG).negative());
        assertEquals(List.of(), fwd.entry(SG).outgoing());
    }

    @Test
    void b069_thePruneTimeoutSetByTheIncomingOwnerDecidesWhenTheNegativeMfeGoes() {
        mfeWithOifIf1();
        scheduler.advanceSeconds(100);
        c.pruneTimeout(60);
        leave(hA, STAR_G, IF1);
        assertEquals(60, engine.mfe(SG).timeoutSeconds());
        scheduler.advanceSeconds(55);
        assertTrue(mfeExists(SG), "still there 55 s after the prune");
        scheduler.advanceSeconds(7);
        assertFalse(mfeExists(SG), "gone 62 s after a 60 s prune timeout");
        assertEquals(null, fwd.entry(SG), "removed from the forwarder too");
    }

    @Test
    void b070_anUntouchedPruneTimeoutKeepsTheNegativeMfeFor900Seconds() {
        mfeWithOifIf1();
        scheduler.advanceSeconds(100);
        leave(hA, STAR_G, IF1);
        scheduler.advanceSeconds(890); // 990 s after creation: the prune reset the lifetime
        assertTrue(mfeExists(SG), "still there 890 s after the prune");
        scheduler.advanceSeconds(15);
        assertFalse(mfeExists(SG), "gone 905 s after the prune");
    }

    @Test
    void b071_losingOneOfTwoOifsSendsNoPruneFalse() {
        own(hC, IF3);
        own(hA, IF1);
        own(hB, IF2);
        join(hA, STAR_G, IF1);
        join(hB, STAR_G, IF2);
        data(S, G, IF3);
        clearCalls();
        leave(hB, STAR_G, IF2);
        assertEquals(Set.of(IF1), oifs(SG));
        assertEquals(List.of(), allPrunes(false));
    }

    @Test
    void b072_anOifStaysWhileAnotherMembershipStillCoversIt() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, S_G, IF1);
        join(hA, STAR_G, IF1);
        data(S, G, IF3);
        assertEquals(Set.of(IF1), oifs(SG));
        leave(hA, S_G, IF1);
        assertEquals(Set.of(IF1), oifs(SG));
    }

    @Test
    void b073_forwardStateAddPutsTheInterfaceInTheMfeWithoutAMembership() {
        own(hC, IF3);
        own(hA, IF1);
        data(S, G, IF3);
        assertEquals(Set.of(), oifs(SG));
        hA.addMembership(S_G, IF1, FWD);
        assertEquals(Set.of(IF1), oifs(SG));
        assertFalse(enumerate(hA, EnumerationType.ALL_SOURCES).contains(S_G));
        assertTrue(engine.memberships().isEmpty());
    }

    @Test
    void b074_forwardStateDeleteRemovesTheInterfaceFromThatMfeOnly() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        data(S, G, IF3);
        data(S2, G, IF3);
        hA.deleteMembership(S_G, IF1, FWD);
        assertEquals(Set.of(), oifs(SG));
        assertEquals(Set.of(IF1), oifs(S2G));
        assertTrue(enumerate(hA, EnumerationType.ALL_SOURCES).contains(STAR_G));
    }

    @Test
    void b075_theIncomingOwnerRemovingItsOwnLastOifGetsNoPruneFalse() {
        own(hC, IF3, IF4);
        join(hC, STAR_G, IF4);
        data(S, G, IF3);
        assertEquals(Set.of(IF4), oifs(SG));
        clearCalls();
        leave(hC, STAR_G, IF4);
        assertTrue(engine.mfe(SG).negative());
        assertEquals(List.of(), c.prunes(false));
    }

    @Test
    void positiveMfeExpiresAfterTheDefault900SecondsAndTheNextPacketRecreatesIt() {
        mfeWithOifIf1();
        scheduler.advanceSeconds(905); // positive MFE, default lifetime 900 s, no refresh
        assertFalse(mfeExists(SG));
        clearCalls();
        data(S, G, IF3);
        assertEquals(Set.of(IF1), oifs(SG));
        assertEquals(1, c.calls(RecordingProtocol.Rpf.class).size());
        assertError(MgmError.NOT_FOUND, () -> engine.mfe(S2G));
    }
}
