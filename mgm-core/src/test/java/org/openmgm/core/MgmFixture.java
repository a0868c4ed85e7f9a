package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.GroupEnumeration;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.InterfaceView;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.api.testing.StaticRib;

/**
 * The fixture of MGM-SPEC §8: protocols A (100,1), B (200,1), C (300,1) and IGMP (10,1) registered with
 * recording callbacks; interfaces if1..if5 with next hop 0; G = 239.1.1.1, G2 = 239.2.2.2; S = 10.0.0.1 routed
 * via if3. Nobody owns an interface until a test says so.
 */
abstract class MgmFixture {
    static final int G = Ipv4.parse("239.1.1.1");
    static final int G2 = Ipv4.parse("239.2.2.2");
    static final int S = Ipv4.parse("10.0.0.1");
    static final int S2 = Ipv4.parse("10.0.0.2");
    /** Upstream neighbour of the fixture's route towards S. */
    static final int ROUTE_NBR = Ipv4.parse("10.3.3.3");
    static final int RIB_PROTOCOL = 3;

    static final InterfaceKey IF1 = InterfaceKey.of(1);
    static final InterfaceKey IF2 = InterfaceKey.of(2);
    static final InterfaceKey IF3 = InterfaceKey.of(3);
    static final InterfaceKey IF4 = InterfaceKey.of(4);
    static final InterfaceKey IF5 = InterfaceKey.of(5);
    static final InterfaceKey IF9 = InterfaceKey.of(9);

    static final ProtocolId A_ID = new ProtocolId(100, 1);
    static final ProtocolId B_ID = new ProtocolId(200, 1);
    static final ProtocolId C_ID = new ProtocolId(300, 1);
    static final ProtocolId IGMP_ID = new ProtocolId(MgmConstants.PROTO_IP_IGMP, 1);

    static final int JOIN = MgmConstants.MGM_JOIN_STATE_FLAG;
    static final int FWD = MgmConstants.MGM_FORWARD_STATE_FLAG;

    static final MembershipKey STAR_G = MembershipKey.anySource(G);
    static final MembershipKey STAR_G2 = MembershipKey.anySource(G2);
    static final MembershipKey S_G = MembershipKey.sourceGroup(S, G);
    static final MembershipKey STAR_STAR = MembershipKey.WILDCARD;
    static final SourceGroup SG = new SourceGroup(S, G);
    static final SourceGroup SG2 = new SourceGroup(S, G2);
    static final SourceGroup S2G = new SourceGroup(S2, G);

    ManualScheduler scheduler;
    StaticRib rib;
    InMemoryForwarder fwd;
    MgmEngine engine;
    final List<RecordingProtocol.Entry> journal = new ArrayList<>();
    RecordingProtocol a, b, c, igmp;
    ProtocolHandle hA, hB, hC, hI;

    /** The engine's settings; override for RFC mode etc. */
    MgmConfig config() {
        return MgmConfig.defaults();
    }

    @BeforeEach
    void setUpFixture() {
        scheduler = new ManualScheduler();
        rib = new StaticRib(RIB_PROTOCOL).route(Ipv4.parse("10.0.0.0"), 24, IF3, ROUTE_NBR);
        fwd = new InMemoryForwarder();
        engine = new MgmEngine(config(), scheduler);
        engine.addRib(rib, 0);
        engine.setForwarder(fwd);
        a = new RecordingProtocol("A", journal);
        b = new RecordingProtocol("B", journal);
        c = new RecordingProtocol("C", journal);
        igmp = new RecordingProtocol("IGMP", journal);
        hA = engine.register(100, 1, "A", a);
        a.handle(hA);
        hB = engine.register(200, 1, "B", b);
        b.handle(hB);
        hC = engine.register(300, 1, "C", c);
        c.handle(hC);
        hI = engine.register(MgmConstants.PROTO_IP_IGMP, 1, "IGMP", igmp);
        igmp.handle(hI);
    }

    @AfterEach
    void tearDownFixture() {
        if (engine != null) engine.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    List<RecordingProtocol> all() {
        return List.of(a, b, c, igmp);
    }

    void clearCalls() {
        for (RecordingProtocol p : all()) p.clear();
        synchronized (journal) {
            journal.clear();
        }
    }

    List<RecordingProtocol.Entry> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    static void own(ProtocolHandle h, InterfaceKey... ifaces) {
        for (InterfaceKey i : ifaces) h.takeInterface(i);
    }

    static void join(ProtocolHandle h, MembershipKey k, InterfaceKey i) {
        h.addMembership(k, i, JOIN);
    }

    static void leave(ProtocolHandle h, MembershipKey k, InterfaceKey i) {
        h.deleteMembership(k, i, JOIN);
    }

    /** One 100-byte data packet of (s, g) arriving on {@code arrival}. */
    void data(int s, int g, InterfaceKey arrival) {
        fwd.packet(new SourceGroup(s, g), arrival, 100);
    }

    void data(SourceGroup sg, InterfaceKey arrival) {
        fwd.packet(sg, arrival, 100);
    }

    static MgmError error(Executable call) {
        return assertThrows(MgmException.class, call).error();
    }

    static void assertError(MgmError expected, Executable call) {
        assertEquals(expected, error(call));
    }

    Set<InterfaceKey> oifs(SourceGroup sg) {
        Set<InterfaceKey> s = new TreeSet<>();
        for (OifView o : engine.mfe(sg).outgoing()) s.add(o.iface());
        return s;
    }

    boolean mfeExists(SourceGroup sg) {
        try {
            engine.mfe(sg);
            return true;
        } catch (MgmException e) {
            assertEquals(MgmError.NOT_FOUND, e.error(), "mfe(" + sg + ") failed with an unexpected error");
            return false;
        }
    }

    /** Every record of a complete group enumeration through {@code h}, batches of 3. */
    static List<MembershipKey> enumerate(ProtocolHandle h, EnumerationType type) {
        List<MembershipKey> out = new ArrayList<>();
        try (GroupEnumeration e = h.startGroupEnumeration(type)) {
            for (int guard = 0; guard < 10_000; guard++) {
                List<MembershipKey> batch = e.next(3);
                if (batch.isEmpty()) return out;
                assertTrue(batch.size() <= 3, "a batch larger than asked for: " + batch);
                out.addAll(batch);
            }
        }
        throw new AssertionError("group enumeration never ended");
    }

    /** Everything the MGM shows, for before/after comparisons. */
    record State(List<ProtocolView> protocols, List<InterfaceView> interfaces, List<MembershipView> memberships, List<Mfe> mfes,
            Map<SourceGroup, Object> forwarder) {}

    State state() {
        List<Mfe> mfes = engine.mfes(null, 1000);
        // Up-time/expiry move with the clock only; the clock does not move inside a comparison.
        java.util.Map<SourceGroup, Object> fw = new java.util.TreeMap<>();
        for (Mfe m : mfes) fw.put(m.sourceGroup(), fwd.entry(m.sourceGroup()));
        return new State(engine.protocols(), engine.interfaces(), engine.memberships(), mfes, fw);
    }

    /** Number of callbacks recorded by all protocols. */
    int totalCalls() {
        int n = 0;
        for (RecordingProtocol p : all()) n += p.count();
        return n;
    }

    /** The TRUE join alerts delivered to anyone: protocol name -> list. */
    List<String> allJoins(boolean memberUpdate) {
        List<String> out = new ArrayList<>();
        for (RecordingProtocol p : all()) for (RecordingProtocol.Join j : p.joins(memberUpdate)) out.add(p.name() + ":" + j.key());
        return out;
    }

    List<String> allPrunes(boolean memberDelete) {
        List<String> out = new ArrayList<>();
        for (RecordingProtocol p : all()) for (RecordingProtocol.Prune x : p.prunes(memberDelete)) out.add(p.name() + ":" + x.key() + "@" + x.iface());
        return out;
    }
}
