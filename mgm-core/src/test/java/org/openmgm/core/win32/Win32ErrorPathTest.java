package org.openmgm.core.win32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.openmgm.api.win32.Win32Structs.ERROR_ALREADY_EXISTS;
import static org.openmgm.api.win32.Win32Structs.ERROR_CAN_NOT_COMPLETE;
import static org.openmgm.api.win32.Win32Structs.ERROR_INSUFFICIENT_BUFFER;
import static org.openmgm.api.win32.Win32Structs.ERROR_INVALID_PARAMETER;
import static org.openmgm.api.win32.Win32Structs.ERROR_NOT_FOUND;
import static org.openmgm.api.win32.Win32Structs.ERROR_NO_MORE_ITEMS;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.win32.MibIpmcastMfe;
import org.openmgm.api.win32.RoutingProtocolConfig;

/** Every façade function's error paths, each followed by a successful call that shows nothing was damaged. */
class Win32ErrorPathTest extends Win32Fixture {
    static final long BOGUS = 0x7777_0000_0000L;

    @Test
    void registerRejectsNullArgumentsAndDuplicatesAndNeverReusesHandles() {
        long[] h = {-1};
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmRegisterMProtocol(null, 400, 1, h));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmRegisterMProtocol(new RoutingProtocolConfig(), 400, 1, null));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmRegisterMProtocol(new RoutingProtocolConfig(), 400, 1, new long[0]));
        assertRc(ERROR_ALREADY_EXISTS, mgm.MgmRegisterMProtocol(new RoutingProtocolConfig(), 100, 1, h));
        assertEquals(-1, h[0], "no handle on failure");
        ok(mgm.MgmRegisterMProtocol(new RoutingProtocolConfig(), 100, 2, h)); // component id distinguishes
        long first = h[0];
        assertNotEquals(0, first);
        ok(mgm.MgmDeRegisterMProtocol(first));
        ok(mgm.MgmRegisterMProtocol(new RoutingProtocolConfig(), 100, 2, h));
        assertNotEquals(first, h[0], "handles are never reused");
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmTakeInterfaceOwnership(first, 9, 0));
    }

    @Test
    void deregisterRejectsBogusHandlesAndClientsStillOwningInterfaces() {
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmDeRegisterMProtocol(BOGUS));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmDeRegisterMProtocol(0));
        assertRc(ERROR_CAN_NOT_COMPLETE, mgm.MgmDeRegisterMProtocol(hB));
        int[] p = {0}, comp = {0};
        ok(mgm.MgmGetProtocolOnInterface(2, 0, p, comp));
        assertEquals(200, p[0], "B still owns if2");
        ok(mgm.MgmReleaseInterfaceOwnership(hB, 2, 0));
        ok(mgm.MgmDeRegisterMProtocol(hB));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmDeRegisterMProtocol(hB));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmAddGroupMembershipEntry(hB, 0, 0, G, HOST, 2, 0, JOIN));
    }

    @Test
    void takeInterfaceOwnershipErrors() {
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmTakeInterfaceOwnership(BOGUS, 7, 0));
        assertRc(ERROR_ALREADY_EXISTS, mgm.MgmTakeInterfaceOwnership(hB, 1, 0));
        assertRc(ERROR_ALREADY_EXISTS, mgm.MgmTakeInterfaceOwnership(hA, 1, 0));
        ok(mgm.MgmTakeInterfaceOwnership(hB, 7, Ipv4.parse("192.168.1.3")));
        ok(mgm.MgmTakeInterfaceOwnership(hC, 7, Ipv4.parse("192.168.1.4")));
        int[] p = {0}, comp = {0};
        ok(mgm.MgmGetProtocolOnInterface(7, Ipv4.parse("192.168.1.4"), p, comp));
        assertEquals(300, p[0]);
    }

    @Test
    void releaseInterfaceOwnershipErrors() {
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmReleaseInterfaceOwnership(BOGUS, 1, 0));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmReleaseInterfaceOwnership(hA, 9, 0));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmReleaseInterfaceOwnership(hA, 2, 0));
        ok(mgm.MgmReleaseInterfaceOwnership(hA, 1, 0));
        int[] p = {-1}, comp = {-1};
        assertRc(ERROR_NOT_FOUND, mgm.MgmGetProtocolOnInterface(1, 0, p, comp));
        assertEquals(-1, p[0]);
        assertEquals(-1, comp[0]);
    }

    @Test
    void getProtocolOnInterfaceErrors() {
        int[] p = {-1}, comp = {-1};
        assertRc(ERROR_NOT_FOUND, mgm.MgmGetProtocolOnInterface(9, 0, p, comp));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetProtocolOnInterface(1, 0, null, comp));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetProtocolOnInterface(1, 0, p, new int[0]));
        assertEquals(-1, p[0]);
        ok(mgm.MgmGetProtocolOnInterface(1, 0, p, comp));
        assertEquals(100, p[0]);
        assertEquals(1, comp[0]);
    }

    @Test
    void addGroupMembershipEntryErrors() {
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmAddGroupMembershipEntry(BOGUS, 0, 0, G, HOST, 1, 0, JOIN));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmAddGroupMembershipEntry(hA, 0, 0, G, HOST, 1, 0, 0));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmAddGroupMembershipEntry(hA, 0, 0, G, HOST, 1, 0, 4));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmAddGroupMembershipEntry(hA, Ipv4.parse("10.0.0.0"), 0xFFFFFF00, G, HOST, 1, 0, JOIN));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmAddGroupMembershipEntry(hA, 0, HOST, G, HOST, 1, 0, JOIN));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmAddGroupMembershipEntry(hA, 0, 0, G, HOST, 2, 0, JOIN)); // B's interface
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmAddGroupMembershipEntry(hA, 0, 0, G, HOST, 9, 0, JOIN)); // unknown
        assertEquals(0, b.calls(Win32Recorder.Join.class).size(), "no alerts from failed calls");
        ok(mgm.MgmAddGroupMembershipEntry(hA, 0, 0, G, HOST, 1, 0, JOIN));
        assertEquals(1, b.calls(Win32Recorder.Join.class).size());
    }

    @Test
    void deleteGroupMembershipEntryErrors() {
        joinStarG(hA, G, 1);
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmDeleteGroupMembershipEntry(BOGUS, 0, 0, G, HOST, 1, 0, JOIN));
        assertRc(ERROR_NOT_FOUND, mgm.MgmDeleteGroupMembershipEntry(hA, 0, 0, G, HOST, 9, 0, JOIN));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmDeleteGroupMembershipEntry(hA, 0, 0, G, HOST, 2, 0, JOIN));
        ok(mgm.MgmDeleteGroupMembershipEntry(hA, 0, 0, G2, HOST, 1, 0, JOIN)); // not held: no effect
        ok(mgm.MgmDeleteGroupMembershipEntry(hA, 0, 0, G, HOST, 1, 0, JOIN));
        assertEquals(1, b.calls(Win32Recorder.Prune.class).size());
    }

    @Test
    void getMfeErrors() {
        createMfe(S, G);
        int[] size = {4096};
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetMfe(null, size, buffer(4096)));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), null, buffer(4096)));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), size, null));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), size, buffer(100)));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), size, ByteBuffer.allocate(4096).asReadOnlyBuffer()));
        assertRc(ERROR_NOT_FOUND, mgm.MgmGetMfe(MibIpmcastMfe.key(S2, G), size, buffer(4096)));
        assertEquals(4096, size[0]);
        int[] query = {0};
        assertRc(ERROR_INSUFFICIENT_BUFFER, mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), query, null)); // size query with no buffer
        assertEquals(60, query[0]);
        ok(mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), query, buffer(query[0])));
    }

    @Test
    void getFirstAndNextMfeErrors() {
        createMfe(S, G);
        int[] size = {4096};
        int[] n = {-1};
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetFirstMfe(null, buffer(4096), n));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetFirstMfe(size, buffer(4096), null));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetFirstMfe(size, null, n));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetNextMfe(null, size, buffer(4096), n));
        assertEquals(-1, n[0]);
        int[] zero = {0};
        assertRc(ERROR_INSUFFICIENT_BUFFER, mgm.MgmGetFirstMfe(zero, null, n));
        assertEquals(60, zero[0]);
        assertEquals(0, n[0]);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGetNextMfe(MibIpmcastMfe.key(S, G), size, buffer(4096), n));
        assertEquals(0, n[0]);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGetNextMfe(MibIpmcastMfe.key(S, G), new int[] {0}, null, n)); // nothing left to size
    }

    @Test
    void mfeStatsErrors() {
        createMfe(S, G);
        int[] size = {4096};
        int[] n = {-1};
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetMfeStats(MibIpmcastMfe.key(S, G), size, buffer(4096), 0));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetMfeStats(null, size, buffer(4096), MgmConstants.MGM_MFE_STATS_0));
        assertRc(ERROR_NOT_FOUND, mgm.MgmGetMfeStats(MibIpmcastMfe.key(S2, G), size, buffer(4096), MgmConstants.MGM_MFE_STATS_1));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetFirstMfeStats(size, buffer(4096), n, 3));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetNextMfeStats(MibIpmcastMfe.key(0, 0), size, buffer(4096), n, 7));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetNextMfeStats(null, size, buffer(4096), n, MgmConstants.MGM_MFE_STATS_0));
        assertEquals(-1, n[0]);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGetNextMfeStats(MibIpmcastMfe.key(0, 0), size, buffer(4096), n, MgmConstants.MGM_MFE_STATS_1));
        assertEquals(1, n[0]);
        ok(mgm.MgmGetMfeStats(MibIpmcastMfe.key(S, G), size, buffer(4096), MgmConstants.MGM_MFE_STATS_0));
    }

    @Test
    void setMfeErrorsAndEffect() {
        createMfe(S, G);
        int nbr = Ipv4.parse("10.9.9.9");
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmSetMfe(BOGUS, MibIpmcastMfe.key(S, G, nbr)));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmSetMfe(hC, null));
        assertRc(ERROR_NOT_FOUND, mgm.MgmSetMfe(hC, MibIpmcastMfe.key(S2, G, nbr)));
        ok(mgm.MgmSetMfe(hC, MibIpmcastMfe.key(S, G, nbr)));
        ByteBuffer buf = buffer(4096);
        ok(mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), new int[] {4096}, buf));
        MibIpmcastMfe r = MibIpmcastMfe.read(buf);
        assertEquals(nbr, r.dwUpStrmNgbr());
        assertEquals(3, r.dwInIfIndex(), "iif unchanged");
    }

    @Test
    void groupEnumerationErrors() {
        joinStarG(hA, G, 1);
        long[] e = {-1};
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationStart(BOGUS, MgmConstants.ALL_SOURCES, e));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationStart(hA, 2, e));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationStart(hA, MgmConstants.ALL_SOURCES, null));
        assertEquals(-1, e[0]);
        int[] size = {64};
        int[] n = {-1};
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationGetNext(BOGUS, size, buffer(64), n));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationEnd(BOGUS));
        ok(mgm.MgmGroupEnumerationStart(hA, MgmConstants.ALL_SOURCES, e));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationGetNext(e[0], null, buffer(64), n));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationGetNext(e[0], size, buffer(64), null));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationGetNext(e[0], size, buffer(32), n));
        assertEquals(-1, n[0]);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGroupEnumerationGetNext(e[0], size, buffer(64), n));
        assertEquals(1, n[0]);
        ok(mgm.MgmGroupEnumerationEnd(e[0]));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationEnd(e[0]));
    }

    @Test
    void deregistrationInvalidatesTheClientsEnumerationHandles() {
        long[] e = new long[1];
        ok(mgm.MgmGroupEnumerationStart(hB, MgmConstants.ANY_SOURCE, e));
        ok(mgm.MgmReleaseInterfaceOwnership(hB, 2, 0));
        ok(mgm.MgmDeRegisterMProtocol(hB));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationGetNext(e[0], new int[] {64}, buffer(64), new int[1]));
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationEnd(e[0]));
    }
}
