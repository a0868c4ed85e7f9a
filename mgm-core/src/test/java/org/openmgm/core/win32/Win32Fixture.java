package org.openmgm.core.win32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openmgm.api.win32.Win32Structs.NO_ERROR;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.api.win32.Mgm;
import org.openmgm.api.win32.MibIpmcastMfe;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;

/**
 * The fixture of MGM-SPEC §8 seen through the mgm.h façade: a real {@link MgmEngine} with an
 * {@link InMemoryForwarder} and a {@link StaticRib}; protocols A (100,1), B (200,1), C (300,1)
 * registered with {@link Mgm#MgmRegisterMProtocol} and recording callback tables; A owns if1, if4 and
 * if5, B owns if2, C owns if3. Sources in 10.0.0.0/16 route via if3 (C), sources in 10.0.1.0/24 via if5 (A).
 */
abstract class Win32Fixture {
    static final int G = Ipv4.parse("239.1.1.1");
    static final int G2 = Ipv4.parse("239.2.2.2");
    static final int S = Ipv4.parse("10.0.0.1");
    static final int S2 = Ipv4.parse("10.0.0.2");
    static final int HOST = Ipv4.HOST_MASK;
    static final int ROUTE_NBR = Ipv4.parse("10.3.3.3");
    static final int ROUTE_NBR5 = Ipv4.parse("10.5.5.5");
    static final int RIB_PROTOCOL = 3;
    static final int JOIN = MgmConstants.MGM_JOIN_STATE_FLAG;
    static final int FWD = MgmConstants.MGM_FORWARD_STATE_FLAG;

    static final InterfaceKey IF1 = InterfaceKey.of(1), IF2 = InterfaceKey.of(2), IF3 = InterfaceKey.of(3),
            IF4 = InterfaceKey.of(4), IF5 = InterfaceKey.of(5);

    ManualScheduler scheduler;
    StaticRib rib;
    InMemoryForwarder fwd;
    MgmEngine engine;
    Mgm mgm;
    Win32Recorder a, b, c;
    long hA, hB, hC;

    @BeforeEach
    void setUpWin32Fixture() {
        scheduler = new ManualScheduler();
        rib = new StaticRib(RIB_PROTOCOL)
                .route(Ipv4.parse("10.0.0.0"), 16, IF3, ROUTE_NBR)
                .route(Ipv4.parse("10.0.1.0"), 24, IF5, ROUTE_NBR5);
        fwd = new InMemoryForwarder();
        engine = new MgmEngine(MgmConfig.defaults(), scheduler);
        engine.addRib(rib, 0);
        engine.setForwarder(fwd);
        mgm = new Mgm(engine);
        a = new Win32Recorder("A");
        b = new Win32Recorder("B");
        c = new Win32Recorder("C");
        hA = register(a, 100, 1);
        hB = register(b, 200, 1);
        hC = register(c, 300, 1);
        ok(mgm.MgmTakeInterfaceOwnership(hA, 1, 0));
        ok(mgm.MgmTakeInterfaceOwnership(hA, 4, 0));
        ok(mgm.MgmTakeInterfaceOwnership(hA, 5, 0));
        ok(mgm.MgmTakeInterfaceOwnership(hB, 2, 0));
        ok(mgm.MgmTakeInterfaceOwnership(hC, 3, 0));
    }

    @AfterEach
    void tearDownWin32Fixture() {
        if (engine != null) engine.close();
    }

    long register(Win32Recorder r, int protocolId, int componentId) {
        long[] h = new long[1];
        ok(mgm.MgmRegisterMProtocol(r.table(), protocolId, componentId, h));
        return h[0];
    }

    static void ok(int rc) {
        assertEquals(NO_ERROR, rc, () -> "expected NO_ERROR, got " + name(rc));
    }

    static void assertRc(int expected, int rc) {
        assertEquals(expected, rc, () -> "expected " + name(expected) + ", got " + name(rc));
    }

    static String name(int rc) {
        try {
            return MgmError.ofWin32(rc) + " (" + rc + ")";
        } catch (IllegalArgumentException e) {
            return String.valueOf(rc);
        }
    }

    /** (*,G) join by {@code h} on {@code ifIndex}. */
    void joinStarG(long h, int group, int ifIndex) {
        ok(mgm.MgmAddGroupMembershipEntry(h, 0, 0, group, HOST, ifIndex, 0, JOIN));
    }

    void joinSG(long h, int source, int group, int ifIndex) {
        ok(mgm.MgmAddGroupMembershipEntry(h, source, HOST, group, HOST, ifIndex, 0, JOIN));
    }

    /** {@code count} data packets of {@code length} bytes of (source, group) arriving on if{@code ifIndex}. */
    void data(int source, int group, int ifIndex, int count, int length) {
        for (int i = 0; i < count; i++) fwd.packet(new SourceGroup(source, group), InterfaceKey.of(ifIndex), length);
    }

    /** Creates the MFE (source, group) with one packet arriving on its RPF interface. */
    void createMfe(int source, int group) {
        int iif = (source & 0xFFFFFF00) == Ipv4.parse("10.0.1.0") ? 5 : 3;
        data(source, group, iif, 1, 100);
    }

    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size);
    }

    /** Decodes {@code n} MIB_IPMCAST_MFE records from the start of {@code buf}. */
    static List<MibIpmcastMfe> mfes(ByteBuffer buf, int n) {
        ByteBuffer r = buf.duplicate();
        List<MibIpmcastMfe> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(MibIpmcastMfe.read(r));
        return out;
    }

    static List<SourceGroup> keys(List<MibIpmcastMfe> records) {
        List<SourceGroup> out = new ArrayList<>();
        for (MibIpmcastMfe m : records) out.add(new SourceGroup(m.dwSource(), m.dwGroup()));
        return out;
    }
}
