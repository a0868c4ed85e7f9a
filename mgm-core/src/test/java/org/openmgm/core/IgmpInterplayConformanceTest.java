package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.core.RecordingProtocol.Candidate;
import org.openmgm.core.RecordingProtocol.Creation;
import org.openmgm.core.RecordingProtocol.EnableIgmp;
import org.openmgm.core.RecordingProtocol.Join;
import org.openmgm.core.RecordingProtocol.LocalJoin;
import org.openmgm.core.RecordingProtocol.LocalLeave;

/** MGM-SPEC §8 behaviours 49–55: IGMP and the routing protocol sharing an interface (§5.6–5.9, §6.7). */
class IgmpInterplayConformanceTest extends MgmFixture {

    @Test
    void b049_igmpJoiningOnAnOwnedInterfaceSendsLocalJoinToTheOwner() {
        own(hA, IF1);
        own(hI, IF1);
        clearCalls();
        join(hI, STAR_G, IF1);
        assertEquals(List.of(new LocalJoin(STAR_G, IF1)), a.calls(LocalJoin.class));
    }

    @Test
    void b050_igmpLeavingOnAnOwnedInterfaceSendsLocalLeaveToTheOwner() {
        own(hA, IF1);
        own(hI, IF1);
        join(hI, STAR_G, IF1);
        clearCalls();
        leave(hI, STAR_G, IF1);
        assertEquals(List.of(new LocalLeave(STAR_G, IF1)), a.calls(LocalLeave.class));
    }

    @Test
    void b051_igmpJoiningOnAnIgmpOnlyInterfaceSendsNoLocalJoinAndCountsAsIgmp() {
        own(hI, IF2);
        clearCalls();
        join(hI, STAR_G, IF2);
        for (RecordingProtocol p : all()) assertTrue(p.calls(LocalJoin.class).isEmpty(), p.name());
        for (RecordingProtocol p : List.of(a, b, c)) assertEquals(List.of(new Join(STAR_G, true)), p.calls(Join.class), p.name());
        assertTrue(igmp.calls(Join.class).isEmpty());
    }

    @Test
    void b052_theOwnerJoiningItselfGetsNoLocalJoin() {
        own(hA, IF1);
        own(hI, IF1);
        clearCalls();
        join(hA, STAR_G, IF1);
        assertTrue(a.calls(LocalJoin.class).isEmpty());
    }

    @Test
    void b053_igmpReAddingFromInsideEnableFailsWithCanNotCompleteInsteadOfDeadlocking() {
        own(hI, IF2);
        join(hI, STAR_G, IF2);
        AtomicReference<Object> inside = new AtomicReference<>();
        igmp.on(EnableIgmp.class, e -> {
            try {
                hI.addMembership(STAR_G, e.iface(), JOIN);
                inside.set("succeeded");
            } catch (MgmException x) {
                inside.set(x.error());
            }
        });
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> hA.takeInterface(IF2));
        assertEquals(MgmError.CAN_NOT_COMPLETE, inside.get());
        assertEquals(A_ID, engine.protocolOnInterface(IF2));
    }

    @Test
    void b054_igmpReAddingAfterEnableReturnsSendsLocalJoinToTheNewOwner() {
        own(hI, IF2);
        join(hI, STAR_G, IF2);
        clearCalls();
        hA.takeInterface(IF2);
        assertEquals(1, igmp.calls(EnableIgmp.class).size());
        join(hI, STAR_G, IF2); // IGMP re-adds after the callback returned
        assertEquals(List.of(new LocalJoin(STAR_G, IF2)), a.calls(LocalJoin.class));
        assertTrue(engine.memberships().stream().anyMatch(m -> m.key().equals(STAR_G) && m.iface().equals(IF2) && m.holder().equals(IGMP_ID)));
    }

    @Test
    void b054_igmpReAddingFromAnotherThreadAfterEnableSucceeds() throws Exception {
        own(hI, IF2);
        join(hI, STAR_G, IF2);
        clearCalls();
        CountDownLatch takeReturned = new CountDownLatch(1);
        CountDownLatch reAdded = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        igmp.on(EnableIgmp.class, e -> {
            Thread t = new Thread(() -> {
                try {
                    if (!takeReturned.await(10, TimeUnit.SECONDS)) throw new AssertionError("take never returned");
                    hI.addMembership(STAR_G, e.iface(), JOIN);
                } catch (Throwable x) {
                    failure.set(x);
                } finally {
                    reAdded.countDown();
                }
            }, "igmp-readd");
            t.setDaemon(true);
            t.start();
        });
        hA.takeInterface(IF2);
        takeReturned.countDown();
        assertTrue(reAdded.await(10, TimeUnit.SECONDS), "re-add thread did not finish");
        assertNull(failure.get(), () -> "re-add failed: " + failure.get());
        assertEquals(List.of(new LocalJoin(STAR_G, IF2)), a.calls(LocalJoin.class));
    }

    @Test
    void b055_creationAlertMarksInterfacesWhereIgmpRuns() {
        own(hC, IF3);
        own(hA, IF1);
        own(hI, IF1);
        join(hI, STAR_G, IF1);
        clearCalls();
        data(S, G, IF3);
        List<Creation> creations = a.calls(Creation.class);
        assertEquals(1, creations.size());
        assertEquals(List.of(new Candidate(IF1, true, true)), creations.get(0).candidates());
    }
}
