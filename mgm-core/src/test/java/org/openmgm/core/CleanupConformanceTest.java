package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmError;
import org.openmgm.core.RecordingProtocol.Prune;

/** MGM-SPEC §8 behaviours 76–78: release and deregistration cleanup (§4.2, §4.4, §6.9). */
class CleanupConformanceTest extends MgmFixture {

    @Test
    void b076_releasingTheIncomingInterfaceDeletesItsMfes() {
        rib.clear();
        rib.route(Ipv4.parse("10.0.0.0"), 24, IF1, ROUTE_NBR);
        own(hA, IF1);
        own(hB, IF2);
        join(hB, STAR_G, IF2);
        data(S, G, IF1);
        assertEquals(IF1, engine.mfe(SG).incomingInterface());
        hA.releaseInterface(IF1);
        assertError(MgmError.NOT_FOUND, () -> engine.mfe(SG));
        assertEquals(null, fwd.entry(SG), "removed from the forwarder too");
    }

    @Test
    void b077_releasingTheLastOifSendsPruneFalseAndDropsTheMemberships() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        data(S, G, IF3);
        clearCalls();
        hA.releaseInterface(IF1);
        assertEquals(List.of(new Prune(MembershipKey.sourceGroup(S, G), IF3, false, 900)), c.prunes(false));
        assertTrue(engine.mfe(SG).negative());
        assertFalse(enumerate(hC, EnumerationType.ALL_SOURCES).contains(STAR_G));
        assertTrue(engine.memberships().isEmpty());
    }

    @Test
    void b078_releasingTheOnlyMemberInterfaceSendsPruneTrueToEveryOtherClient() {
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        clearCalls();
        hA.releaseInterface(IF1);
        for (RecordingProtocol p : List.of(b, c, igmp)) {
            assertEquals(1, p.prunes(true).size(), p.name());
            assertEquals(STAR_G, p.prunes(true).get(0).key());
            assertEquals(IF1, p.prunes(true).get(0).iface());
        }
        assertTrue(a.prunes(true).isEmpty());
    }

    @Test
    void closeReleasesEveryInterfaceThenDeregistersAndIsIdempotent() {
        own(hA, IF1, IF4);
        join(hA, STAR_G, IF1);
        hA.close();
        hA.close();
        assertTrue(engine.protocols().stream().noneMatch(v -> v.id().equals(A_ID)));
        assertTrue(engine.interfaces().isEmpty());
        assertTrue(engine.memberships().isEmpty());
        assertEquals(1, b.prunes(true).size());
        assertError(MgmError.INVALID_PARAMETER, () -> hA.takeInterface(IF1));
    }

    @Test
    void closeOnASharedInterfaceBracketsTheReleaseForIgmpAndLeavesIgmpThere() {
        own(hA, IF1);
        own(hI, IF1);
        join(hI, STAR_G, IF1);
        clearCalls();
        hA.close();
        assertEquals(List.of(new RecordingProtocol.DisableIgmp(IF1), new RecordingProtocol.EnableIgmp(IF1)),
                igmp.calls().stream().filter(x -> x instanceof RecordingProtocol.DisableIgmp || x instanceof RecordingProtocol.EnableIgmp).toList());
        assertEquals(IGMP_ID, engine.protocolOnInterface(IF1));
        assertTrue(engine.protocols().stream().noneMatch(v -> v.id().equals(A_ID)));
        join(hI, STAR_G, IF1); // IGMP re-adds on what is now an IGMP-only interface
        assertEquals(IGMP_ID, engine.memberships().get(0).attributedTo());
    }
}
