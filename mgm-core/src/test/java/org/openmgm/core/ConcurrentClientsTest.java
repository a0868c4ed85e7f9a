package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.InterfaceView;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MgmException;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.ForwardingEntry;

/**
 * Several clients, a data source and the clock working on one MGM from their own threads at once (callbacks
 * run on those threads with no lock held, §6.14). No timing is asserted: when every thread has finished (bounded
 * count, bounded wait, so a deadlock fails the test instead of hanging it) the MGM must be consistent — the
 * forwarder equals the MFE table, every MFE's oifs are exactly the interfaces its memberships cover minus the
 * iif (§6.3, §6.5; no vetoes and no FORWARD_STATE here), memberships only sit on interfaces their client holds.
 * Only MgmException is an acceptable failure of an operation.
 */
class ConcurrentClientsTest extends MgmFixture {

    /** Operations per thread; raise with -Dopenmgm.stress.rounds=N to hunt races longer. */
    private static final int ROUNDS = Integer.getInteger("openmgm.stress.rounds", 3000);
    private static final MembershipKey[] KEYS = {STAR_G, STAR_G2, STAR_STAR, S_G, MembershipKey.sourceGroup(S2, G)};

    @Test
    void concurrentClientsDataAndTimeLeaveTheMgmConsistent() throws Exception {
        rib.clear();
        rib.route(Ipv4.parse("10.0.0.0"), 24, IF5, ROUTE_NBR);
        hC.takeInterface(IF5); // the interface towards the sources stays C's throughout
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // each client roams over its own interfaces and fights with another client for a shared one
        Map<ProtocolHandle, List<InterfaceKey>> territory = new HashMap<>();
        territory.put(hA, List.of(IF1, IF2));
        territory.put(hB, List.of(IF2, IF3));
        territory.put(hC, List.of(IF3));
        territory.put(hI, List.of(IF4));
        // a callback that calls the MGM re-entrantly while other threads are busy
        a.on(RecordingProtocol.Join.class, j -> engine.memberships());
        b.on(RecordingProtocol.Creation.class, x -> engine.interfaces());

        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(territory.size() + 2);
        int seed = 1;
        for (var e : territory.entrySet()) {
            ProtocolHandle h = e.getKey();
            List<InterfaceKey> ifs = e.getValue();
            Random rnd = new Random(seed++);
            threads.add(new Thread(() -> {
                try {
                    for (int n = 0; n < ROUNDS; n++) {
                        InterfaceKey i = ifs.get(rnd.nextInt(ifs.size()));
                        MembershipKey k = KEYS[rnd.nextInt(KEYS.length)];
                        try {
                            switch (rnd.nextInt(10)) {
                                case 0 -> h.takeInterface(i);
                                case 1 -> h.releaseInterface(i);
                                case 2, 3, 4, 5 -> h.addMembership(k, i, JOIN);
                                default -> h.deleteMembership(k, i, JOIN);
                            }
                        } catch (MgmException expected) {
                            // not owned, already owned, unknown: the other threads move ownership around
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.countDown();
                }
            }, "client-" + h.id()));
        }
        threads.add(new Thread(() -> {
            try {
                SourceGroup[] sgs = {SG, SG2, S2G, new SourceGroup(S2, G2)};
                Random rnd = new Random(99);
                for (int n = 0; n < ROUNDS; n++) fwd.packet(sgs[rnd.nextInt(sgs.length)], rnd.nextInt(8) == 0 ? IF1 : IF5, 100);
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                done.countDown();
            }
        }, "data"));
        threads.add(new Thread(() -> {
            try {
                for (int n = 0; n < ROUNDS / 10; n++) scheduler.advanceSeconds(60);
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                done.countDown();
            }
        }, "clock"));
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            StringBuilder sb = new StringBuilder("threads did not finish (deadlock?):");
            for (Thread t : threads) if (t.isAlive()) sb.append("\n").append(t.getName()).append(" ").append(List.of(t.getStackTrace()));
            fail(sb.toString());
        }
        if (!failures.isEmpty()) {
            AssertionError err = new AssertionError("a thread failed: " + failures.peek());
            failures.forEach(err::addSuppressed);
            throw err;
        }
        assertConsistent();
    }

    private void assertConsistent() {
        Map<InterfaceKey, InterfaceView> ifs = new HashMap<>();
        for (InterfaceView v : engine.interfaces()) ifs.put(v.iface(), v);
        // protocols' interface lists agree with the interface table
        for (ProtocolView p : engine.protocols()) {
            for (InterfaceKey i : p.interfaces()) {
                InterfaceView v = ifs.get(i);
                assertTrue(v != null && (p.id().equals(v.routingOwner()) || p.id().equals(v.igmp())), p.id() + " lists " + i + " it does not hold");
            }
        }
        // memberships only on held interfaces
        List<MembershipView> members = engine.memberships();
        for (MembershipView m : members) {
            InterfaceView v = ifs.get(m.iface());
            assertTrue(v != null, "membership on an unknown interface: " + m);
            ProtocolId h = m.holder();
            assertTrue(h.equals(v.routingOwner()) || h.equals(v.igmp()), "membership on an interface its client does not hold: " + m);
        }
        // MFEs: oifs = covered interfaces minus the iif; forwarder equal
        List<Mfe> mfes = engine.mfes(null, 1000);
        assertEquals(mfes.size(), fwd.size(), "forwarder entries vs MFEs");
        for (Mfe m : mfes) {
            Set<InterfaceKey> expected = new TreeSet<>();
            for (MembershipView v : members) if (v.key().covers(m.source(), m.group())) expected.add(v.iface());
            expected.remove(m.incomingInterface());
            Set<InterfaceKey> got = new TreeSet<>();
            for (OifView o : m.outgoing()) got.add(o.iface());
            assertEquals(expected, got, "oifs of " + m.sourceGroup());
            ForwardingEntry f = fwd.entry(m.sourceGroup());
            assertTrue(f != null, "not in the forwarder: " + m.sourceGroup());
            assertEquals(m.incomingInterface(), f.incoming());
            assertEquals(got, new TreeSet<>(f.outgoing()), "forwarder oifs of " + m.sourceGroup());
        }
    }
}
