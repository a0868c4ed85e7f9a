package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.core.RecordingProtocol.Call;
import org.openmgm.core.RecordingProtocol.Candidate;
import org.openmgm.core.RecordingProtocol.Creation;
import org.openmgm.core.RecordingProtocol.Entry;
import org.openmgm.core.RecordingProtocol.Join;
import org.openmgm.core.RecordingProtocol.LocalJoin;
import org.openmgm.core.RecordingProtocol.LocalLeave;

/** Spec rules outside the numbered §8 list (mostly [INF] decisions of §4–§6), one test each. */
class SpecDetailsTest extends MgmFixture {

    /** §6.6.4: LocalJoin first, then TRUE alerts, then FALSE alerts in MFE order (group, source). */
    @Test
    void oneCallDeliversLocalJoinThenTrueAlertsThenFalseAlertsInMfeOrder() {
        own(hC, IF3);
        own(hA, IF1);
        own(hI, IF1);
        data(S2, G, IF3);
        data(S, G, IF3); // two negative MFEs of G, created out of order
        clearCalls();
        join(hI, STAR_G, IF1);
        List<String> order = new ArrayList<>();
        for (Entry e : journal()) {
            Call c = e.call();
            if (c instanceof LocalJoin) order.add("local");
            else if (c instanceof Join j && j.memberUpdate()) order.add("true");
            else if (c instanceof Join j) order.add("false " + (j.key().source() == S ? "S" : "S2"));
        }
        int lastTrue = order.lastIndexOf("true");
        assertEquals("local", order.get(0), order.toString());
        assertTrue(lastTrue > 0, order.toString());
        assertEquals(List.of("false S", "false S2"), order.subList(lastTrue + 1, order.size()), order.toString());
    }

    /** §5.6 [INF]: LocalJoin comes after the membership table is updated. */
    @Test
    void theOwnerSeesIgmpsMembershipFromInsideLocalJoin() {
        own(hA, IF1);
        own(hI, IF1);
        AtomicReference<List<MembershipView>> seen = new AtomicReference<>();
        a.on(LocalJoin.class, l -> seen.set(engine.memberships()));
        join(hI, STAR_G, IF1);
        assertEquals(1, seen.get().size());
        assertEquals(IGMP_ID, seen.get().get(0).holder());
        assertEquals(A_ID, seen.get().get(0).attributedTo(), "§6.6.1: counted for the owner");
    }

    /** §6.8: P+IGMP, IGMP releases: its memberships are withdrawn with LocalLeave to P. */
    @Test
    void igmpReleasingASharedInterfaceSendsLocalLeaveForEachOfItsMemberships() {
        own(hA, IF1);
        own(hI, IF1);
        join(hI, STAR_G, IF1);
        join(hI, STAR_G2, IF1);
        clearCalls();
        hI.releaseInterface(IF1);
        assertEquals(Set.of(new LocalLeave(STAR_G, IF1), new LocalLeave(STAR_G2, IF1)), Set.copyOf(a.calls(LocalLeave.class)));
        assertEquals(2, a.calls(LocalLeave.class).size());
        assertTrue(engine.memberships().isEmpty());
        assertEquals(A_ID, engine.protocolOnInterface(IF1));
    }

    /** §4.4: the releasing routing protocol receives no LocalLeave for IGMP's memberships. */
    @Test
    void theReleasingRoutingProtocolGetsNoLocalLeave() {
        own(hA, IF1);
        own(hI, IF1);
        join(hI, STAR_G, IF1);
        clearCalls();
        hA.releaseInterface(IF1);
        assertTrue(a.calls(LocalLeave.class).isEmpty());
        assertEquals(IGMP_ID, engine.protocolOnInterface(IF1));
    }

    /** §5.2 [INF]: IGMP-only candidates go to IGMP's creation alert, marked bIGMP. */
    @Test
    void igmpOnlyCandidatesArePresentedToIgmp() {
        own(hC, IF3);
        own(hI, IF2);
        join(hI, STAR_G, IF2);
        clearCalls();
        data(S, G, IF3);
        assertEquals(List.of(new Creation(SG, IF3, List.of(new Candidate(IF2, true, true)))), igmp.calls(Creation.class));
        assertEquals(Set.of(IF2), oifs(SG));
    }

    /** §5.2 [INF]: a refusal is not remembered; a later JOIN_STATE add brings the interface in. */
    @Test
    void aRefusedInterfaceJoinsTheMfeOnALaterMembershipAdd() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        a.veto(IF1);
        data(S, G, IF3);
        assertEquals(Set.of(), oifs(SG));
        join(hA, S_G, IF1);
        assertEquals(Set.of(IF1), oifs(SG));
    }

    /** §6.12 [INF]: deleting an MFE by timeout sends no alerts. */
    @Test
    void anMfeExpiringSendsNoCallbacks() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        data(S, G, IF3);
        clearCalls();
        scheduler.advanceSeconds(905);
        assertFalse(mfeExists(SG));
        assertEquals(0, totalCalls(), () -> "callbacks on expiry: " + journal());
    }

    /** §4.6: re-adding the same membership from another client on the same interface is not a duplicate. */
    @Test
    void igmpAndTheOwnerHoldingTheSameKeyAreTwoRecords() {
        own(hA, IF1);
        own(hI, IF1);
        join(hA, STAR_G, IF1);
        join(hI, STAR_G, IF1);
        assertEquals(2, engine.memberships().size());
        leave(hA, STAR_G, IF1);
        assertEquals(1, engine.memberships().size());
        assertEquals(IGMP_ID, engine.memberships().get(0).holder());
    }

    /** §4.3: after the hand-over IGMP's memberships count for the new owner once IGMP re-adds them. */
    @Test
    void igmpsReAddedMembershipCountsForTheNewOwner() {
        own(hI, IF2);
        join(hI, STAR_G, IF2);
        hA.takeInterface(IF2);
        join(hI, STAR_G, IF2);
        MembershipView v = engine.memberships().stream().filter(m -> m.key().equals(STAR_G)).findFirst().orElseThrow();
        assertEquals(A_ID, v.attributedTo());
        // B joining now makes it the second client: A, the first, is alerted
        own(hB, IF4);
        clearCalls();
        join(hB, STAR_G, IF4);
        assertEquals(List.of("A:" + STAR_G), allJoins(true));
    }

    /** §6.6.2: the (*,*) join alert carries the all-zero key. */
    @Test
    void starStarJoinAlertCarriesTheAllZeroKey() {
        own(hA, IF1);
        clearCalls();
        join(hA, MembershipKey.WILDCARD, IF1);
        assertEquals(List.of(new Join(MembershipKey.WILDCARD, true)), b.calls(Join.class));
    }

    /** §5.1 [INF]: an RPF answer naming an unknown interface is treated as "no route": negative MFE, iif = arrival. */
    @Test
    void anRpfAnswerNamingAnUnknownInterfaceMakesANoRouteMfe() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        c.rewriteRpf(r -> r.setIncomingInterface(IF9));
        clearCalls();
        data(S, G, IF3);
        assertTrue(engine.mfe(SG).negative(), () -> "" + engine.mfe(SG));
        assertEquals(IF3, engine.mfe(SG).incomingInterface(), "iif = the arrival interface");
        assertTrue(a.calls(Creation.class).isEmpty(), "no creation alerts for a no-route MFE");
    }

    /** §5.1 [INF]: no route to S: no RPF callback, a negative MFE with iif = arrival interface, no alerts. */
    @Test
    void noRouteToTheSourceMakesASilentNegativeMfe() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        rib.clear();
        clearCalls();
        data(S, G, IF3);
        assertTrue(engine.mfe(SG).negative());
        assertEquals(IF3, engine.mfe(SG).incomingInterface());
        assertEquals(0, totalCalls(), () -> "callbacks: " + journal());
    }

    /** MgmService.memberships(key): the records of one key, the same as filtering all records. */
    @Test
    void membershipsOfOneKeyAreThoseOfTheFullListForThatKey() {
        own(hA, IF1);
        own(hB, IF2);
        join(hA, STAR_G, IF1);
        join(hB, STAR_G, IF2);
        join(hA, STAR_G2, IF1);
        var all = engine.memberships();
        assertEquals(all.stream().filter(v -> v.key().equals(STAR_G)).toList(), engine.memberships(STAR_G));
        assertEquals(2, engine.memberships(STAR_G).size());
        assertEquals(1, engine.memberships(STAR_G2).size());
        assertTrue(engine.memberships(org.openmgm.api.MembershipKey.WILDCARD).isEmpty());
    }
}
