package org.openmgm.bench;

import java.util.Optional;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.spi.MfeCounters;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.spi.RpfRoute;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;

/**
 * A real {@link MgmEngine} set up the same way for every benchmark: protocols A (100/1, owns if1), B
 * (200/1, owns if2), C (300/1, owns if3, the RPF interface of every source) and D (400/1, owns if4,
 * the actor of the membership benchmark). A and B hold (*,*) on if1 and if2, so every MFE is created
 * with 2 oifs after RPF and two creation alerts. MFE number {@code i} is (10.0.0.1 + i mod 4,
 * 225.0.0.0 + i / 4): four sources per group. The forwarder keeps nothing, so that what is measured
 * (time and heap) is the MGM itself.
 */
final class BenchWorld {
    static final InterfaceKey IF1 = InterfaceKey.of(1), IF2 = InterfaceKey.of(2), IF3 = InterfaceKey.of(3), IF4 = InterfaceKey.of(4);
    static final byte[] HEADER = new byte[0];
    static final int MFE_GROUP_BASE = Ipv4.parse("225.0.0.0");
    static final int SOURCE_BASE = Ipv4.parse("10.0.0.1");
    /** Groups without MFEs, for membership churn. */
    static final int FREE_GROUP_BASE = Ipv4.parse("239.0.0.0");

    /**
     * The engine logs one INFO line per registration and interface; set-up does that thousands of times
     * across forks. Raised to WARNING (held here so the JUL logger is not collected). Hot paths only log at
     * DEBUG behind isLoggable, which this does not change.
     */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.openmgm.core");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    final MgmEngine engine;
    final ForwarderUpcalls upcalls;
    final CountingProtocol a = new CountingProtocol(), b = new CountingProtocol(), c = new CountingProtocol(), d = new CountingProtocol();
    final ProtocolHandle hA, hB, hC, hD;

    static int source(int i) {
        return SOURCE_BASE + (i & 3);
    }

    static int group(int i) {
        return MFE_GROUP_BASE + (i >>> 2);
    }

    static SourceGroup sg(int i) {
        return new SourceGroup(source(i), group(i));
    }

    BenchWorld() {
        engine = new MgmEngine(MgmConfig.defaults(), new ManualScheduler());
        engine.addRib(new OneRouteRib(), 0);
        engine.setForwarder(new NullForwarder());
        upcalls = engine.upcalls();
        hA = engine.register(100, 1, "A", a);
        hB = engine.register(200, 1, "B", b);
        hC = engine.register(300, 1, "C", c);
        hD = engine.register(400, 1, "D", d);
        hA.takeInterface(IF1);
        hB.takeInterface(IF2);
        hC.takeInterface(IF3);
        hD.takeInterface(IF4);
        hA.addMembership(MembershipKey.WILDCARD, IF1, MgmConstants.MGM_JOIN_STATE_FLAG);
        hB.addMembership(MembershipKey.WILDCARD, IF2, MgmConstants.MGM_JOIN_STATE_FLAG);
    }

    /** Forgets the alerts counted so far (set-up causes some). */
    BenchWorld resetCounters() {
        for (CountingProtocol p : new CountingProtocol[] {a, b, c, d}) p.joins = p.prunes = p.creations = p.rpfs = 0;
        return this;
    }

    /** Creates MFEs number {@code from} (inclusive) to {@code to} (exclusive) through the no-cache upcall. */
    BenchWorld createMfes(int from, int to) {
        for (int i = from; i < to; i++) upcalls.noCache(source(i), group(i), IF3, HEADER);
        return this;
    }

    /** Throws if the engine does not hold exactly {@code n} MFEs with 2 oifs each (checked on a sample). */
    void check(int n) {
        if (engine.mfeCount() != n) throw new IllegalStateException("expected " + n + " MFEs, engine has " + engine.mfeCount());
        for (int i = 0; i < n; i += Math.max(1, n / 16)) {
            int oifs = engine.mfe(sg(i)).outgoing().size();
            if (oifs != 2) throw new IllegalStateException("MFE " + sg(i) + " has " + oifs + " oifs, expected 2");
        }
    }

    void close() {
        engine.close();
    }

    /** Counts the alerts it receives (so that their delivery is observable and not optimised away). */
    static final class CountingProtocol implements MgmProtocol {
        long joins, prunes, creations, rpfs;

        @Override
        public void joinAlert(MembershipKey key, boolean memberUpdate) {
            joins++;
        }

        @Override
        public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
            prunes++;
        }

        @Override
        public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, java.util.List<org.openmgm.api.IfEntry> candidates) {
            creations++;
        }

        @Override
        public void rpf(org.openmgm.api.RpfRequest request) {
            rpfs++;
        }
    }

    /** 10.0.0.0/8 via if3. */
    static final class OneRouteRib implements MulticastRib {
        private final Optional<RpfRoute> route = Optional.of(new RpfRoute(IF3, Ipv4.parse("10.3.3.3"),
                new RouteInfo(3, Ipv4.parse("10.0.0.0"), Ipv4.maskOf(8))));

        @Override
        public Optional<RpfRoute> lookup(int source) {
            return (source & 0xFF000000) == 0x0A000000 ? route : Optional.empty();
        }
    }

    /** A forwarder that keeps and counts nothing. */
    static final class NullForwarder implements Forwarder {
        @Override public void attach(ForwarderUpcalls upcalls) {}
        @Override public void install(ForwardingEntry entry) {}
        @Override public void update(ForwardingEntry entry) {}
        @Override public void remove(SourceGroup sourceGroup) {}
        @Override public MfeCounters counters(SourceGroup sourceGroup) { return MfeCounters.ZERO; }
    }
}
