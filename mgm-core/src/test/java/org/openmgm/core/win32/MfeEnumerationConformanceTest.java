package org.openmgm.core.win32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openmgm.api.win32.Win32Structs.ERROR_INSUFFICIENT_BUFFER;
import static org.openmgm.api.win32.Win32Structs.ERROR_INVALID_PARAMETER;
import static org.openmgm.api.win32.Win32Structs.ERROR_MORE_DATA;
import static org.openmgm.api.win32.Win32Structs.ERROR_NOT_FOUND;
import static org.openmgm.api.win32.Win32Structs.ERROR_NO_MORE_ITEMS;
import static org.openmgm.api.win32.Win32Structs.SIZEOF_MIB_MFE;
import static org.openmgm.api.win32.Win32Structs.SIZEOF_MIB_MFE_STATS;
import static org.openmgm.api.win32.Win32Structs.SIZEOF_MIB_MFE_STATS_EX;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.api.win32.Mgm;
import org.openmgm.api.win32.MibIpmcastMfe;
import org.openmgm.api.win32.MibIpmcastOif;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;

/** MGM-SPEC §8 behaviours 82–92 through the mgm.h façade: MFE lookup and enumeration, the buffer contract of §6.11. */
class MfeEnumerationConformanceTest extends Win32Fixture {

    static int src(int i) {
        return Ipv4.parse("10.0.0." + i);
    }

    @Test
    void b082_getFirstMfeOnAnEmptyMgmWithoutClientsReturnsNoMoreItemsAndZeroEntries() {
        try (MgmEngine fresh = new MgmEngine(MgmConfig.defaults(), new ManualScheduler())) {
            Mgm admin = new Mgm(fresh);
            int[] size = {4096};
            int[] n = {-1};
            assertRc(ERROR_NO_MORE_ITEMS, admin.MgmGetFirstMfe(size, buffer(4096), n));
            assertEquals(0, n[0]);
            assertEquals(4096, size[0], "*pdwBufferSize is not modified");
        }
    }

    @Test
    void b083_getMfeWithATenByteBufferReportsSizeofMibMfeOfTwoOifs() {
        joinStarG(hA, G, 1);
        joinStarG(hB, G, 2);
        createMfe(S, G);
        int[] size = {10};
        ByteBuffer buf = buffer(10);
        assertRc(ERROR_INSUFFICIENT_BUFFER, mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), size, buf));
        assertEquals(92, size[0]);
        assertEquals(SIZEOF_MIB_MFE(2), size[0]);
        assertEquals(ByteBuffer.allocate(10), buf, "nothing written");
    }

    @Test
    void b084_getMfeWithAnAdequateBufferReturnsTheRecordAndLeavesTheSizeAlone() {
        joinStarG(hA, G, 1);
        joinStarG(hB, G, 2);
        createMfe(S, G);
        scheduler.advanceSeconds(5);
        int[] size = {4096};
        ByteBuffer buf = buffer(4096);
        ok(mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), size, buf));
        assertEquals(4096, size[0]);
        MibIpmcastMfe r = MibIpmcastMfe.read(buf.duplicate());
        assertEquals(MibIpmcastMfe.of(engine.mfe(new SourceGroup(S, G))), r);
        assertEquals(S, r.dwSource());
        assertEquals(G, r.dwGroup());
        assertEquals(HOST, r.dwSrcMask());
        assertEquals(3, r.dwInIfIndex());
        assertEquals(300, r.dwInIfProtocol());
        assertEquals(ROUTE_NBR, r.dwUpStrmNgbr());
        assertEquals(RIB_PROTOCOL, r.dwRouteProtocol());
        assertEquals(Ipv4.parse("10.0.0.0"), r.dwRouteNetwork());
        assertEquals(Ipv4.parse("255.255.0.0"), r.dwRouteMask());
        assertEquals(5, r.ulUpTime(), "seconds");
        assertEquals(MgmConstants.DEFAULT_MFE_TIMEOUT_SECONDS, r.ulTimeOut());
        assertEquals(2, r.ulNumOutIf());
        assertEquals(List.of(new MibIpmcastOif(1, 0, 0, 0), new MibIpmcastOif(2, 0, 0, 0)),
                r.rgmioOutInfo().stream().sorted((x, y) -> Integer.compare(x.dwOutIfIndex(), y.dwOutIfIndex())).toList());
    }

    @Test
    void b085_getMfeOfAMissingEntryIsNotFound() {
        createMfe(S, G);
        int[] size = {4096};
        assertRc(ERROR_NOT_FOUND, mgm.MgmGetMfe(MibIpmcastMfe.key(S2, G), size, buffer(4096)));
        assertEquals(4096, size[0]);
    }

    @Test
    void b086_getFirstMfeReportsTheSizeOfTheFirstRecordWhenItDoesNotFit() {
        joinSG(hA, src(1), G, 1); // the first MFE in order gets one oif: 76 bytes
        for (int i = 1; i <= 5; i++) createMfe(src(i), G);
        int[] size = {70};
        int[] n = {-1};
        ByteBuffer buf = buffer(70);
        assertRc(ERROR_INSUFFICIENT_BUFFER, mgm.MgmGetFirstMfe(size, buf, n));
        assertEquals(SIZEOF_MIB_MFE(1), size[0]);
        assertEquals(0, n[0]);
        assertEquals(ByteBuffer.allocate(70), buf, "nothing written");
        // the typical loop: retry with the reported size
        ByteBuffer bigger = buffer(size[0]);
        assertRc(ERROR_MORE_DATA, mgm.MgmGetFirstMfe(size, bigger, n));
        assertEquals(1, n[0]);
        assertEquals(new SourceGroup(src(1), G), keys(mfes(bigger, 1)).get(0));
    }

    @Test
    void b087_twoSixtyByteRecordsFitIn130Bytes() {
        for (int i = 1; i <= 5; i++) createMfe(src(i), G);
        int[] size = {130};
        int[] n = {0};
        ByteBuffer buf = buffer(130);
        assertRc(ERROR_MORE_DATA, mgm.MgmGetFirstMfe(size, buf, n));
        assertEquals(2, n[0]);
        assertEquals(130, size[0]);
        List<MibIpmcastMfe> records = mfes(buf, 2);
        assertEquals(List.of(new SourceGroup(src(1), G), new SourceGroup(src(2), G)), keys(records));
        for (MibIpmcastMfe r : records) assertEquals(60, r.size());
        for (int i = 120; i < 130; i++) assertEquals(0, buf.get(i), "byte " + i + " after the last record is untouched");
    }

    @Test
    void b088_getNextMfeContinuesAfterTheStartKeyUntilNoMoreItems() {
        for (int i = 1; i <= 5; i++) createMfe(src(i), G);
        int[] size = {130};
        int[] n = {0};
        ByteBuffer buf = buffer(130);
        assertRc(ERROR_MORE_DATA, mgm.MgmGetFirstMfe(size, buf, n));
        MibIpmcastMfe second = mfes(buf, 2).get(1);

        buf = buffer(130);
        assertRc(ERROR_MORE_DATA, mgm.MgmGetNextMfe(second, size, buf, n));
        assertEquals(2, n[0]);
        List<MibIpmcastMfe> r34 = mfes(buf, 2);
        assertEquals(List.of(new SourceGroup(src(3), G), new SourceGroup(src(4), G)), keys(r34));

        buf = buffer(130);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGetNextMfe(r34.get(1), size, buf, n));
        assertEquals(1, n[0]);
        assertEquals(List.of(new SourceGroup(src(5), G)), keys(mfes(buf, 1)));
        assertEquals(130, size[0]);
    }

    @Test
    void b089_mfesAreEnumeratedByGroupThenSource() {
        int s1 = src(1), s2 = src(2), g1 = G, g2 = G2;
        createMfe(s1, g2);
        createMfe(s2, g1);
        createMfe(s1, g1);
        List<SourceGroup> expected = List.of(new SourceGroup(s1, g1), new SourceGroup(s2, g1), new SourceGroup(s1, g2));

        int[] size = {4096};
        int[] n = {0};
        ByteBuffer buf = buffer(4096);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGetFirstMfe(size, buf, n));
        assertEquals(3, n[0]);
        assertEquals(expected, keys(mfes(buf, 3)));

        // the same order one record at a time through GetNext
        List<SourceGroup> walked = new ArrayList<>();
        int[] one = {60};
        ByteBuffer b1 = buffer(60);
        int rc = mgm.MgmGetFirstMfe(one, b1, n);
        for (int guard = 0; guard < 10 && n[0] == 1; guard++) {
            MibIpmcastMfe r = mfes(b1, 1).get(0);
            walked.add(new SourceGroup(r.dwSource(), r.dwGroup()));
            if (rc == ERROR_NO_MORE_ITEMS) break;
            assertRc(ERROR_MORE_DATA, rc);
            b1 = buffer(60);
            rc = mgm.MgmGetNextMfe(r, one, b1, n);
        }
        assertEquals(expected, walked);
    }

    @Test
    void b090_getNextMfeResumesAtTheNextGreaterKeyWhenTheStartKeyWasDeleted() {
        int sa = Ipv4.parse("10.0.0.1"), sb = Ipv4.parse("10.0.1.2"), sc = Ipv4.parse("10.0.2.3");
        createMfe(sa, G);
        createMfe(sb, G); // iif if5, owned by A
        createMfe(sc, G);
        int[] size = {60};
        int[] n = {0};
        ByteBuffer buf = buffer(60);
        assertRc(ERROR_MORE_DATA, mgm.MgmGetFirstMfe(size, buf, n));
        MibIpmcastMfe first = mfes(buf, 1).get(0);
        assertRc(ERROR_MORE_DATA, mgm.MgmGetNextMfe(first, size, buf, n));
        MibIpmcastMfe second = mfes(buf, 1).get(0);
        assertEquals(new SourceGroup(sb, G), new SourceGroup(second.dwSource(), second.dwGroup()));

        ok(mgm.MgmReleaseInterfaceOwnership(hA, 5, 0)); // deletes the MFEs whose iif is if5
        assertRc(ERROR_NOT_FOUND, mgm.MgmGetMfe(MibIpmcastMfe.key(sb, G), new int[] {4096}, buffer(4096)));

        buf = buffer(60);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGetNextMfe(second, size, buf, n));
        assertEquals(1, n[0]);
        assertEquals(List.of(new SourceGroup(sc, G)), keys(mfes(buf, 1)));
    }

    @Test
    void b091_getMfeStatsReportsTheSizeOfTheStatsRecordForEachFlag() {
        joinStarG(hA, G, 1);
        joinStarG(hA, G, 4);
        joinStarG(hB, G, 2);
        createMfe(S, G);
        assertEquals(3, engine.mfe(new SourceGroup(S, G)).outgoing().size());

        int[] size = {10};
        assertRc(ERROR_INSUFFICIENT_BUFFER, mgm.MgmGetMfeStats(MibIpmcastMfe.key(S, G), size, buffer(10), MgmConstants.MGM_MFE_STATS_0));
        assertEquals(148, size[0]);
        assertEquals(SIZEOF_MIB_MFE_STATS(3), size[0]);

        size[0] = 10;
        assertRc(ERROR_INSUFFICIENT_BUFFER, mgm.MgmGetMfeStats(MibIpmcastMfe.key(S, G), size, buffer(10), MgmConstants.MGM_MFE_STATS_1));
        assertEquals(168, size[0]);
        assertEquals(SIZEOF_MIB_MFE_STATS_EX(3), size[0]);
    }

    @Test
    void b092_statsFlagThreeIsAnInvalidParameter() {
        createMfe(S, G);
        int[] size = {4096};
        int[] n = {-7};
        ByteBuffer buf = buffer(4096);
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetFirstMfeStats(size, buf, n, 3));
        assertEquals(4096, size[0]);
        assertEquals(-7, n[0], "no out-parameter written");
        assertEquals(ByteBuffer.allocate(4096), buf);
        for (int flags : new int[] {0, 3, 4, -1})
            assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGetFirstMfeStats(size, buffer(4096), n, flags));
        for (int flags : new int[] {MgmConstants.MGM_MFE_STATS_0, MgmConstants.MGM_MFE_STATS_1})
            assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGetFirstMfeStats(size, buffer(4096), n, flags));
    }

    @Test
    void enumerationVisitsEveryMfeExactlyOnceWithVariableRecordSizes() {
        // oif counts 0..3 mixed, a buffer that forces many batches: the walk sees every MFE once, in order.
        joinSG(hA, src(2), G, 1);
        joinSG(hA, src(3), G, 1);
        joinSG(hB, src(3), G, 2);
        joinStarG(hA, G2, 1);
        joinStarG(hA, G2, 4);
        joinStarG(hB, G2, 2);
        Set<SourceGroup> created = new TreeSet<>();
        for (int i = 1; i <= 20; i++) {
            createMfe(src(i), G);
            createMfe(src(i), G2);
            created.add(new SourceGroup(src(i), G));
            created.add(new SourceGroup(src(i), G2));
        }
        List<SourceGroup> seen = new ArrayList<>();
        int[] size = {200};
        int[] n = {0};
        ByteBuffer buf = buffer(200);
        int rc = mgm.MgmGetFirstMfe(size, buf, n);
        for (int guard = 0; guard < 100; guard++) {
            assertTrue(rc == ERROR_MORE_DATA || rc == ERROR_NO_MORE_ITEMS, name(rc));
            assertEquals(200, size[0]);
            ByteBuffer r = buf.duplicate();
            int used = 0;
            MibIpmcastMfe last = null;
            for (int i = 0; i < n[0]; i++) {
                last = MibIpmcastMfe.read(r);
                used += SIZEOF_MIB_MFE(last.ulNumOutIf());
                seen.add(new SourceGroup(last.dwSource(), last.dwGroup()));
            }
            assertEquals(used, r.position(), "records are packed back to back");
            assertTrue(used <= 200);
            if (rc == ERROR_NO_MORE_ITEMS) break;
            assertTrue(n[0] >= 1);
            buf = buffer(200);
            rc = mgm.MgmGetNextMfe(last, size, buf, n);
        }
        assertEquals(List.copyOf(created), seen);
    }
}
