package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.Mfe;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.RouteInfo;
import org.openmgm.core.RecordingProtocol.Candidate;
import org.openmgm.core.RecordingProtocol.Creation;
import org.openmgm.core.RecordingProtocol.Entry;
import org.openmgm.core.RecordingProtocol.Prune;
import org.openmgm.core.RecordingProtocol.Rpf;

/** MGM-SPEC §8 behaviours 56–66: data-driven MFE creation (§5.1, §5.2, §6.3, §6.4). */
class MfeCreationConformanceTest extends MgmFixture {

    @Test
    void b056_theIncomingInterfaceOwnerGetsExactlyOneRpfCallbackBeforeAnyCreationAlert() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        clearCalls();
        data(S, G, IF3);
        List<Rpf> rpfs = c.calls(Rpf.class);
        assertEquals(1, rpfs.size());
        assertEquals(IF3, rpfs.get(0).incoming());
        assertEquals(SG, rpfs.get(0).sg());
        assertEquals(ROUTE_NBR, rpfs.get(0).upstreamNeighbor());
        for (RecordingProtocol p : List.of(a, b, igmp)) assertTrue(p.calls(Rpf.class).isEmpty(), p.name());
        List<Entry> j = journal();
        int rpfAt = -1, firstCreation = -1;
        for (int i = 0; i < j.size(); i++) {
            if (j.get(i).call() instanceof Rpf && rpfAt < 0) rpfAt = i;
            if (j.get(i).call() instanceof Creation && firstCreation < 0) firstCreation = i;
        }
        assertTrue(firstCreation >= 0, "A got a creation alert");
        assertTrue(rpfAt < firstCreation, "RPF before creation alerts: " + j);
    }

    @Test
    void b057_creationAlertGoesToTheOifOwnerWithItsCandidatesEnabled() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        clearCalls();
        data(S, G, IF3);
        assertEquals(List.of(new Creation(SG, IF3, List.of(new Candidate(IF1, false, true)))), a.calls(Creation.class));
        assertTrue(c.calls(Creation.class).isEmpty());
    }

    @Test
    void b058_eachProtocolSeesOnlyItsOwnCandidates() {
        own(hC, IF3);
        own(hA, IF1);
        own(hB, IF2);
        join(hA, STAR_G, IF1);
        join(hB, STAR_G, IF2);
        clearCalls();
        data(S, G, IF3);
        assertEquals(List.of(new Candidate(IF1, false, true)), a.calls(Creation.class).get(0).candidates());
        assertEquals(List.of(new Candidate(IF2, false, true)), b.calls(Creation.class).get(0).candidates());
        assertEquals(1, a.calls(Creation.class).size());
        assertEquals(1, b.calls(Creation.class).size());
        assertEquals(Set.of(IF1, IF2), oifs(SG));
    }

    @Test
    void b059_aVetoedCandidateIsNotAnOif() {
        own(hC, IF3);
        own(hA, IF1, IF4);
        join(hA, STAR_G, IF1);
        join(hA, STAR_G, IF4);
        a.veto(IF1);
        data(S, G, IF3);
        assertEquals(Set.of(IF4), oifs(SG));
        assertEquals(List.of(IF4), fwd.entry(SG).outgoing());
    }

    @Test
    void b060_theRpfCallbackMayChooseAnotherIncomingInterface() {
        own(hC, IF3, IF5);
        c.rewriteRpf(r -> r.setIncomingInterface(IF5));
        data(S, G, IF3);
        Mfe m = engine.mfe(SG);
        assertEquals(IF5, m.incomingInterface());
        assertEquals(300, m.incomingProtocolId());
        assertEquals(IF5, fwd.entry(SG).incoming());
    }

    @Test
    void b061_theRpfCallbackMaySetTheUpstreamNeighbour() {
        own(hC, IF3);
        int nbr = Ipv4.parse("10.1.1.1");
        c.rewriteRpf(r -> r.setUpstreamNeighbor(nbr));
        data(S, G, IF3);
        assertEquals(nbr, engine.mfe(SG).upstreamNeighbor());
    }

    @Test
    void b062_callbacksThatFailDoNotChangeMfeCreation() {
        own(hC, IF3);
        own(hA, IF1);
        own(hB, IF2);
        join(hA, STAR_G, IF1);
        join(hB, STAR_G, IF2);
        for (RecordingProtocol p : all()) p.throwEverywhere();
        data(S, G, IF3);
        Mfe m = engine.mfe(SG);
        assertEquals(IF3, m.incomingInterface());
        assertEquals(C_ID, m.incomingOwner());
        assertEquals(ROUTE_NBR, m.upstreamNeighbor());
        assertEquals(new RouteInfo(RIB_PROTOCOL, Ipv4.parse("10.0.0.0"), Ipv4.maskOf(24)), m.route());
        assertEquals(Set.of(IF1, IF2), oifs(SG));
        assertEquals(1, c.calls(Rpf.class).size());
        assertEquals(1, a.calls(Creation.class).size());
        assertEquals(1, b.calls(Creation.class).size());
        assertTrue(engine.callbackFaults(C_ID) >= 1);
        assertTrue(engine.callbackFaults(A_ID) >= 1);
        assertTrue(engine.callbackFaults(B_ID) >= 1);
    }

    @Test
    void b063_theIncomingInterfaceIsNeverAnOifEvenIfItHasMembers() {
        own(hC, IF3);
        join(hC, STAR_G, IF3);
        data(S, G, IF3);
        assertEquals(Set.of(), oifs(SG));
        assertTrue(c.calls(Creation.class).isEmpty(), "no candidate, no creation alert (§5.2)");
    }

    @Test
    void b064_anMfeWithoutReceiversIsNegativeAndPrunedToTheIncomingOwner() {
        own(hC, IF3);
        clearCalls();
        data(S, G, IF3);
        Mfe m = engine.mfe(SG);
        assertEquals(0, m.outgoing().size());
        assertTrue(m.negative());
        List<Prune> prunes = c.prunes(false);
        assertEquals(1, prunes.size());
        assertEquals(MembershipKey.sourceGroup(S, G), prunes.get(0).key());
        assertEquals(IF3, prunes.get(0).iface());
        assertEquals(900, prunes.get(0).timeoutOnEntry());
    }

    @Test
    void b065_aWildcardReceiverIsAnOifOfEveryNewGroup() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_STAR, IF1);
        data(S, G, IF3);
        data(S, G2, IF3);
        assertEquals(Set.of(IF1), oifs(SG));
        assertEquals(Set.of(IF1), oifs(SG2));
        assertEquals(2, a.calls(Creation.class).size());
    }

    @Test
    void b066_aSourceSpecificMembershipDoesNotCoverAnotherSource() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, S_G, IF1);
        data(S2, G, IF3);
        assertEquals(Set.of(), oifs(S2G));
        assertTrue(a.calls(Creation.class).isEmpty());
    }
}
