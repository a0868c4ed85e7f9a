package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.InterfaceView;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmError;
import org.openmgm.core.RecordingProtocol.Call;
import org.openmgm.core.RecordingProtocol.DisableIgmp;
import org.openmgm.core.RecordingProtocol.EnableIgmp;

/** MGM-SPEC §8 behaviours 9–24: interface ownership (§4.3–4.5, §6.8). */
class OwnershipConformanceTest extends MgmFixture {

    @Test
    void b009_takingAnInterfaceMakesTheProtocolItsOwner() {
        hA.takeInterface(IF1);
        assertEquals(A_ID, engine.protocolOnInterface(IF1));
    }

    @Test
    void b010_aSecondRoutingProtocolCannotTakeAnOwnedInterface() {
        hA.takeInterface(IF1);
        assertError(MgmError.ALREADY_EXISTS, () -> hB.takeInterface(IF1));
        assertEquals(A_ID, engine.protocolOnInterface(IF1));
    }

    @Test
    void b011_takingTheSameInterfaceTwiceFailsWithAlreadyExists() {
        hA.takeInterface(IF1);
        assertError(MgmError.ALREADY_EXISTS, () -> hA.takeInterface(IF1));
        assertEquals(A_ID, engine.protocolOnInterface(IF1));
    }

    @Test
    void b012_igmpMayJoinARoutingProtocolOnItsInterface() {
        hA.takeInterface(IF1);
        hI.takeInterface(IF1);
        InterfaceView v = view(IF1);
        assertEquals(A_ID, v.routingOwner());
        assertEquals(IGMP_ID, v.igmp());
    }

    @Test
    void b013_takingAnIgmpInterfaceBracketsTheChangeWithDisableThenEnable() {
        hI.takeInterface(IF2);
        clearCalls();
        hA.takeInterface(IF2);
        List<Call> calls = igmp.calls().stream().filter(x -> x instanceof DisableIgmp || x instanceof EnableIgmp).toList();
        assertEquals(List.of(new DisableIgmp(IF2), new EnableIgmp(IF2)), calls);
        assertEquals(A_ID, engine.protocolOnInterface(IF2));
    }

    @Test
    void b014_aSharedInterfaceReportsTheRoutingProtocol() {
        hI.takeInterface(IF1);
        hA.takeInterface(IF1);
        assertEquals(A_ID, engine.protocolOnInterface(IF1));
    }

    @Test
    void b015_anIgmpOnlyInterfaceReportsIgmp() {
        hI.takeInterface(IF2);
        assertEquals(IGMP_ID, engine.protocolOnInterface(IF2));
    }

    @Test
    void b016_anUnknownInterfaceIsNotFound() {
        assertError(MgmError.NOT_FOUND, () -> engine.protocolOnInterface(IF9));
    }

    @Test
    void b017_takingWithADeadHandleFailsWithInvalidParameter() {
        var h = engine.register(400, 1, "D", new RecordingProtocol("D"));
        h.deregister();
        assertError(MgmError.INVALID_PARAMETER, () -> h.takeInterface(IF1));
        assertError(MgmError.NOT_FOUND, () -> engine.protocolOnInterface(IF1));
    }

    @Test
    void b018_eachPointToMultipointLinkIsASeparateInterface() {
        InterfaceKey link2 = new InterfaceKey(5, Ipv4.parse("192.168.1.2"));
        InterfaceKey link3 = new InterfaceKey(5, Ipv4.parse("192.168.1.3"));
        hA.takeInterface(link2);
        hB.takeInterface(link3);
        assertEquals(A_ID, engine.protocolOnInterface(link2));
        assertEquals(B_ID, engine.protocolOnInterface(link3));
        assertError(MgmError.NOT_FOUND, () -> engine.protocolOnInterface(IF5));
    }

    @Test
    void b019_releasingTheOnlyOwnerMakesTheInterfaceUnknown() {
        hA.takeInterface(IF1);
        hA.releaseInterface(IF1);
        assertError(MgmError.NOT_FOUND, () -> engine.protocolOnInterface(IF1));
    }

    @Test
    void b020_releasingAnUnknownInterfaceFailsWithInvalidParameter() {
        assertError(MgmError.INVALID_PARAMETER, () -> hA.releaseInterface(IF4));
    }

    @Test
    void b021_releasingAnotherProtocolsInterfaceFailsAndKeepsTheOwner() {
        hB.takeInterface(IF2);
        assertError(MgmError.INVALID_PARAMETER, () -> hA.releaseInterface(IF2));
        assertEquals(B_ID, engine.protocolOnInterface(IF2));
    }

    @Test
    void b022_releasingASharedInterfaceBracketsTheChangeWithDisableThenEnable() {
        hA.takeInterface(IF1);
        hI.takeInterface(IF1);
        clearCalls();
        hA.releaseInterface(IF1);
        List<Call> calls = igmp.calls().stream().filter(x -> x instanceof DisableIgmp || x instanceof EnableIgmp).toList();
        assertEquals(List.of(new DisableIgmp(IF1), new EnableIgmp(IF1)), calls);
    }

    @Test
    void b023_afterTheRoutingProtocolReleasesASharedInterfaceIgmpIsReported() {
        hA.takeInterface(IF1);
        hI.takeInterface(IF1);
        hA.releaseInterface(IF1);
        assertEquals(IGMP_ID, engine.protocolOnInterface(IF1));
    }

    @Test
    void b024_igmpTakingAnInterfaceAloneGetsNoDisableOrEnable() {
        hI.takeInterface(IF2);
        hA.takeInterface(IF1);
        hI.takeInterface(IF1); // IGMP joining a routing protocol: no bracket either (§4.3 [INF])
        assertTrue(igmp.calls(DisableIgmp.class).isEmpty());
        assertTrue(igmp.calls(EnableIgmp.class).isEmpty());
    }

    private InterfaceView view(InterfaceKey i) {
        return engine.interfaces().stream().filter(v -> v.iface().equals(i)).findFirst().orElseThrow();
    }
}
