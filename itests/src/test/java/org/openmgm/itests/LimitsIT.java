package org.openmgm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.SourceGroup;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.CoreInternals;
import org.openmgm.itests.support.LogCapture;
import org.openmgm.itests.support.MgmFixture;
import org.openmgm.itests.support.OpenMgmOptions;
import org.openmgm.itests.support.Osgi;
import org.openmgm.itests.support.QueueingForwarder;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Resource limits set through Configuration Admin (PID org.openmgm.core): maxGroupsPerInterface and
 * maxMfes hold, the excess is refused (NOT_ENOUGH_MEMORY) or counted, the high-water lines are logged;
 * and a flood of no-cache packets from spoofed sources leaves memory bounded while established flows
 * keep forwarding (their kept rate is printed, not asserted: see docs/itests.md and bench-flood.sh).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LimitsIT {
    static final String PID = "org.openmgm.core";

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return options(OpenMgmOptions.base());
    }

    private CoreInternals configureLimits(Osgi osgi, int maxMfes, int maxGroups) {
        // A short sweep interval: the sweep also ends a previous test's "MFE table full" episode.
        osgi.configure(PID, Osgi.props("maxMfes", maxMfes, "maxGroupsPerInterface", maxGroups, "sweepIntervalMillis", 20L));
        CoreInternals core = new CoreInternals(osgi);
        Await.until("limits " + maxMfes + "/" + maxGroups + " applied by ConfigAdmin",
                () -> core.maxMfes() == maxMfes && core.maxGroupsPerInterface() == maxGroups);
        Await.sleep(100);
        return core;
    }

    @Test
    public void membershipBeyondTheConfiguredPerInterfaceLimitFailsWithNotEnoughMemoryAndIsLogged() {
        Osgi osgi = new Osgi(bc);
        try (MgmFixture f = new MgmFixture(osgi); LogCapture log = new LogCapture("org.openmgm.core")) {
            configureLimits(osgi, 0, 5);
            ProtocolHandle h = f.recorder(5001, 1).handle();
            InterfaceKey if91 = InterfaceKey.of(91), if92 = InterfaceKey.of(92);
            h.takeInterface(if91);
            h.takeInterface(if92);
            for (int i = 1; i <= 5; i++)
                h.addMembership(MembershipKey.anySource(MgmFixture.ip("239.10.0." + i)), if91, MgmConstants.MGM_JOIN_STATE_FLAG);
            try {
                h.addMembership(MembershipKey.sourceGroup(MgmFixture.ip("10.9.9.9"), MgmFixture.ip("239.10.0.6")), if91, MgmConstants.MGM_JOIN_STATE_FLAG);
                fail("the 6th membership on if91 must be refused");
            } catch (MgmException e) {
                assertEquals(MgmError.NOT_ENOUGH_MEMORY, e.error());
            }
            assertEquals("nothing was recorded for the refused add", 5, f.membershipsOf(5001).size());
            assertTrue("high-water line: " + log.lines(), log.lines().stream().anyMatch(l -> l.contains("if91") && l.contains("high-water")));
            // the limit is per interface
            h.addMembership(MembershipKey.anySource(MgmFixture.ip("239.10.0.6")), if92, MgmConstants.MGM_JOIN_STATE_FLAG);
            // re-adding an existing membership is not a new one
            h.addMembership(MembershipKey.anySource(MgmFixture.ip("239.10.0.1")), if91, MgmConstants.MGM_JOIN_STATE_FLAG);
            // below the limit again, adds work again
            h.deleteMembership(MembershipKey.anySource(MgmFixture.ip("239.10.0.1")), if91, MgmConstants.MGM_JOIN_STATE_FLAG);
            h.addMembership(MembershipKey.anySource(MgmFixture.ip("239.10.0.7")), if91, MgmConstants.MGM_JOIN_STATE_FLAG);
            assertEquals(6, f.membershipsOf(5001).size());

            // raising the limit at run time takes effect without a restart
            configureLimits(osgi, 0, 6);
            h.addMembership(MembershipKey.anySource(MgmFixture.ip("239.10.0.8")), if91, MgmConstants.MGM_JOIN_STATE_FLAG);
            assertEquals(7, f.membershipsOf(5001).size());
        } finally {
            osgi.deleteConfiguration(PID);
        }
    }

    @Test
    public void noMfeIsCreatedBeyondMaxMfesAndTheRefusedPacketsAreCountedAndLogged() {
        Osgi osgi = new Osgi(bc);
        try (MgmFixture f = new MgmFixture(osgi); LogCapture log = new LogCapture("org.openmgm.core")) {
            CoreInternals core = configureLimits(osgi, 10, 0);
            f.rib.route(MgmFixture.ip("10.93.0.0"), 16, InterfaceKey.of(93), 0);
            ProtocolHandle h = f.recorder(5002, 1).handle();
            h.takeInterface(InterfaceKey.of(93));
            h.takeInterface(InterfaceKey.of(94));
            h.addMembership(MembershipKey.WILDCARD, InterfaceKey.of(94), MgmConstants.MGM_JOIN_STATE_FLAG);
            long drops0 = core.mfeLimitDrops();
            for (int i = 1; i <= 15; i++) f.packet("10.93.0." + i, "239.11.0.1", 93);
            assertEquals("the MFE table stops at maxMfes", 10, f.mgm.mfeCount());
            assertEquals(10, f.forwarder.size());
            assertEquals("each refused packet is counted", 5, core.mfeLimitDrops() - drops0);
            for (int i = 11; i <= 15; i++) f.packet("10.93.0." + i, "239.11.0.1", 93);
            assertEquals(10, core.mfeLimitDrops() - drops0);
            assertTrue("the established flows forward: " + f.oifs("10.93.0.1", "239.11.0.1"), f.oifs("10.93.0.1", "239.11.0.1").equals("[if94]"));
            assertTrue("high-water line: " + log.lines(), log.lines().stream().anyMatch(l -> l.contains("MFE table full")));
            assertEquals("the line is logged once per episode, not per packet", 1,
                    log.lines().stream().filter(l -> l.contains("MFE table full")).count());
        } finally {
            osgi.deleteConfiguration(PID);
        }
    }

    /**
     * A flood from many spoofed sources through a data-plane-shaped forwarder (lock-free fast path,
     * bounded upcall queue): the MFE table stays at maxMfes, the heap stays bounded, and the
     * established flows keep forwarding. Their packet rate with and without the flood is printed.
     * {@code -Dopenmgm.bench.seconds=N} lengthens each phase (bench-flood.sh uses 10).
     */
    @Test
    public void floodFromSpoofedSourcesLeavesMemoryBoundedAndEstablishedFlowsForwarding() throws Exception {
        Osgi osgi = new Osgi(bc);
        long phaseMillis = Long.getLong("openmgm.bench.seconds", 2) * 1000;
        int maxMfes = 2000;
        try (QueueingForwarder fwd = new QueueingForwarder(1024); MgmFixture f = new MgmFixture(osgi, fwd)) {
            CoreInternals core = configureLimits(osgi, maxMfes, 0);
            f.rib.route(MgmFixture.ip("10.0.0.0"), 8, InterfaceKey.of(95), 0);
            ProtocolHandle h = f.quiet(5003, 1);
            h.takeInterface(InterfaceKey.of(95));
            h.takeInterface(InterfaceKey.of(96));
            h.addMembership(MembershipKey.anySource(MgmFixture.ip("239.31.0.1")), InterfaceKey.of(96), MgmConstants.MGM_JOIN_STATE_FLAG);
            List<SourceGroup> established = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                SourceGroup sg = MgmFixture.sg("10.95.0." + i, "239.31.0.1");
                established.add(sg);
                fwd.packet(sg, InterfaceKey.of(95));
                Await.until("MFE for " + sg, () -> f.mfeOrNull(sg) != null && fwd.packet(sg, InterfaceKey.of(95)));
            }
            long heapBefore = usedHeapAfterGc();
            established(fwd, established, 1000); // JIT warm-up of the fast path

            // The flood: random spoofed sources and groups, as fast as one thread can send them.
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong floodPackets = new AtomicLong();
            Thread flood = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(42);
                InterfaceKey in = InterfaceKey.of(95);
                int net10 = MgmFixture.ip("10.0.0.0"), net239 = MgmFixture.ip("239.32.0.0");
                while (flooding.get()) {
                    for (int k = 0; k < 64; k++)
                        fwd.packet(new SourceGroup(net10 | rnd.nextInt(1 << 24), net239 | rnd.nextInt(1 << 16)), in);
                    floodPackets.addAndGet(64);
                }
            }, "itest-flood");
            flood.setDaemon(true);
            long fillStart = System.nanoTime();
            flood.start();
            double underFlood;
            long fillMillis, floodCount;
            try {
                Await.until("the flood fills the MFE table", java.time.Duration.ofSeconds(60), () -> f.mgm.mfeCount() >= maxMfes);
                fillMillis = (System.nanoTime() - fillStart) / 1_000_000;
                long p0 = floodPackets.get();
                underFlood = established(fwd, established, phaseMillis);
                floodCount = floodPackets.get() - p0;
            } finally {
                flooding.set(false);
                flood.join(10_000);
            }
            double baseline = established(fwd, established, phaseMillis);
            Await.until("upcall queue drained", () -> fwd.queued() == 0);
            long heapAfter = usedHeapAfterGc();

            int mfes = f.mgm.mfeCount();
            System.out.printf("flood bench (%d ms per phase; sender, flood and upcall threads on %d CPUs):%n", phaseMillis,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  flood filled the MFE table (%d) in %d ms%n", maxMfes, fillMillis);
            System.out.printf("  established flows alone:      %,.0f packets/s%n", baseline);
            System.out.printf("  established flows under flood: %,.0f packets/s (%.0f%% kept)%n", underFlood, 100 * underFlood / baseline);
            System.out.printf("  flood while measured: %,.0f packets/s from random sources in 10/8 to random groups in 239.32/16; total upcalls %,d, upcall queue drops %,d%n",
                    floodCount * 1000.0 / phaseMillis, fwd.upcallsDone.sum(), fwd.upcallDrops.sum());
            System.out.printf("  MFEs: %d (maxMfes %d), packets refused at the limit: %,d; heap used after GC: %.1f MB before, %.1f MB after%n",
                    mfes, maxMfes, core.mfeLimitDrops(), heapBefore / 1e6, heapAfter / 1e6);

            assertTrue("the MFE table is bounded by maxMfes: " + mfes, mfes <= maxMfes);
            assertTrue("the flood reached the limit (otherwise this measured nothing): " + mfes, mfes == maxMfes);
            assertTrue("refused packets were counted", core.mfeLimitDrops() > 0);
            for (SourceGroup sg : established) {
                assertEquals("established flow " + sg + " kept its MFE", "[if96]", f.oifs(MgmFixture.formatSource(sg), "239.31.0.1"));
                assertTrue(fwd.packet(sg, InterfaceKey.of(95)));
            }
            assertTrue("established flows forwarded during the flood", underFlood > 0);
            assertTrue("heap growth bounded (" + (heapAfter - heapBefore) / 1e6 + " MB)", heapAfter - heapBefore < 256L << 20);
        } finally {
            osgi.deleteConfiguration(PID);
        }
    }

    /** Sends the established flows round-robin for {@code millis}; returns forwarded packets per second. */
    private static double established(QueueingForwarder fwd, List<SourceGroup> flows, long millis) {
        InterfaceKey in = InterfaceKey.of(95);
        long forwarded = 0;
        long start = System.nanoTime(), end = start + millis * 1_000_000;
        int i = 0;
        while (true) {
            for (int k = 0; k < 256; k++) if (fwd.packet(flows.get(i++ & 3), in)) forwarded++;
            long now = System.nanoTime();
            if (now >= end) return forwarded * 1e9 / (now - start);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Await.sleep(100);
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
