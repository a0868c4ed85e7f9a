package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.MgmError;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.testing.ManualScheduler;

/** MGM-SPEC §8 behaviours 1–8: registration and handles (§4.1, §4.2). */
class RegistrationConformanceTest extends MgmFixture {

    @Test
    void b001_registeringOnAFreshMgmReturnsAHandle() {
        try (MgmEngine fresh = new MgmEngine(MgmConfig.defaults(), new ManualScheduler())) {
            ProtocolHandle h = fresh.register(100, 1, "A", new RecordingProtocol("A"));
            assertNotNull(h);
            assertEquals(new ProtocolId(100, 1), h.id());
            assertEquals(1, fresh.protocols().size());
            assertEquals(new ProtocolId(100, 1), fresh.protocols().get(0).id());
        }
    }

    @Test
    void b002_registeringTheSameProtocolAndComponentTwiceFailsWithAlreadyExists() {
        assertError(MgmError.ALREADY_EXISTS, () -> engine.register(100, 1, "A again", new RecordingProtocol("A2")));
        assertEquals(4, engine.protocols().size());
    }

    @Test
    void b003_anotherComponentOfTheSameProtocolRegisters() {
        ProtocolHandle h = engine.register(100, 2, "A#2", new RecordingProtocol("A2"));
        assertEquals(new ProtocolId(100, 2), h.id());
        assertTrue(engine.protocols().stream().anyMatch(v -> v.id().equals(new ProtocolId(100, 2))));
    }

    @Test
    void b004_deregisteringAHandleThatIsNoLongerIssuedFailsWithInvalidParameter() {
        // Java cannot forge a handle; a handle whose registration is gone is the "never issued" handle here.
        ProtocolHandle h = engine.register(400, 1, "D", new RecordingProtocol("D"));
        h.deregister();
        assertError(MgmError.INVALID_PARAMETER, h::deregister);
    }

    @Test
    void b005_deregisteringWhileOwningAnInterfaceFailsAndChangesNothing() {
        hA.takeInterface(IF1);
        assertError(MgmError.CAN_NOT_COMPLETE, hA::deregister);
        assertTrue(engine.protocols().stream().anyMatch(v -> v.id().equals(A_ID)));
        assertEquals(A_ID, engine.protocolOnInterface(IF1));
        hA.releaseInterface(IF1); // the handle still works
    }

    @Test
    void b006_afterDeregistrationEveryCallWithTheHandleFailsWithInvalidParameter() {
        hA.deregister();
        assertTrue(engine.protocols().stream().noneMatch(v -> v.id().equals(A_ID)));
        assertError(MgmError.INVALID_PARAMETER, () -> hA.takeInterface(IF1));
        assertError(MgmError.INVALID_PARAMETER, () -> hA.releaseInterface(IF1));
        assertError(MgmError.INVALID_PARAMETER, () -> hA.addMembership(STAR_G, IF1, JOIN));
        assertError(MgmError.INVALID_PARAMETER, () -> hA.deleteMembership(STAR_G, IF1, JOIN));
        assertError(MgmError.INVALID_PARAMETER, () -> hA.setMfeUpstreamNeighbor(SG, 1));
        assertError(MgmError.INVALID_PARAMETER, () -> hA.startGroupEnumeration(EnumerationType.ALL_SOURCES));
        assertError(MgmError.INVALID_PARAMETER, hA::deregister);
    }

    @Test
    void b007_reRegisteringAfterDeregistrationGivesANewHandleAndTheOldOneStaysDead() {
        hA.deregister();
        RecordingProtocol again = new RecordingProtocol("A'");
        ProtocolHandle h = engine.register(100, 1, "A again", again);
        assertNotSame(hA, h);
        assertEquals(A_ID, h.id());
        assertError(MgmError.INVALID_PARAMETER, () -> hA.takeInterface(IF1));
        h.takeInterface(IF1);
        assertEquals(A_ID, engine.protocolOnInterface(IF1));
    }

    @Test
    void b008_registeringWithoutCallbacksFailsWithInvalidParameter() {
        assertError(MgmError.INVALID_PARAMETER, () -> engine.register(400, 1, "null", null));
        assertEquals(4, engine.protocols().size());
        for (ProtocolView v : engine.protocols()) assertTrue(v.id().protocolId() != 400);
    }
}
