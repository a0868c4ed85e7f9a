package org.openmgm.core.win32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openmgm.api.win32.Win32Structs.ERROR_INSUFFICIENT_BUFFER;
import static org.openmgm.api.win32.Win32Structs.ERROR_INVALID_PARAMETER;
import static org.openmgm.api.win32.Win32Structs.ERROR_MORE_DATA;
import static org.openmgm.api.win32.Win32Structs.ERROR_NO_MORE_ITEMS;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.win32.SourceGroupEntry;

/** MGM-SPEC §8 behaviours 96–101 through the mgm.h façade: MgmGroupEnumerationStart / GetNext / End. */
class GroupEnumerationConformanceTest extends Win32Fixture {

    long start(long h, int type) {
        long[] e = new long[1];
        ok(mgm.MgmGroupEnumerationStart(h, type, e));
        return e[0];
    }

    static List<SourceGroupEntry> entries(ByteBuffer buf, int n) {
        ByteBuffer r = buf.duplicate();
        List<SourceGroupEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(SourceGroupEntry.read(r));
        return out;
    }

    @Test
    void b096_groupEnumerationStartWithABogusHandleIsAnInvalidParameter() {
        long[] e = {-5};
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationStart(hA + hB + hC + 12345, MgmConstants.ALL_SOURCES, e));
        assertEquals(-5, e[0]);
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationStart(0, MgmConstants.ANY_SOURCE, e));
        assertEquals(-5, e[0]);
    }

    @Test
    void b097_allSourcesReturnsEveryKeyOnceThenNoMoreItems() {
        joinStarG(hA, G, 1);
        joinSG(hA, S, G, 1);
        long e = start(hA, MgmConstants.ALL_SOURCES);
        int[] size = {4096};
        int[] n = {0};
        ByteBuffer buf = buffer(4096);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGroupEnumerationGetNext(e, size, buf, n));
        assertEquals(2, n[0]);
        assertEquals(Set.of(new SourceGroupEntry(0, 0, G, HOST), new SourceGroupEntry(S, HOST, G, HOST)), new HashSet<>(entries(buf, 2)));
        assertEquals(4096, size[0]);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGroupEnumerationGetNext(e, size, buffer(4096), n));
        assertEquals(0, n[0]);
        ok(mgm.MgmGroupEnumerationEnd(e));
    }

    @Test
    void b098_anySourceReturnsOneRecordPerGroup() {
        joinStarG(hA, G, 1);
        joinSG(hA, S, G, 1);
        joinStarG(hB, G2, 2);
        long e = start(hA, MgmConstants.ANY_SOURCE);
        int[] size = {4096};
        int[] n = {0};
        ByteBuffer buf = buffer(4096);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGroupEnumerationGetNext(e, size, buf, n));
        assertEquals(2, n[0]);
        List<SourceGroupEntry> got = entries(buf, 2);
        assertEquals(Set.of(G, G2), Set.of(got.get(0).dwGroupAddr(), got.get(1).dwGroupAddr()));
        for (SourceGroupEntry r : got) {
            assertEquals(0, r.dwSourceAddr());
            assertEquals(0, r.dwSourceMask());
            assertEquals(HOST, r.dwGroupMask());
        }
        ok(mgm.MgmGroupEnumerationEnd(e));
    }

    @Test
    void b099_getNextWithAnEightByteBufferAsksForSixteen() {
        joinStarG(hA, G, 1);
        long e = start(hA, MgmConstants.ALL_SOURCES);
        int[] size = {8};
        int[] n = {-1};
        ByteBuffer buf = buffer(8);
        assertRc(ERROR_INSUFFICIENT_BUFFER, mgm.MgmGroupEnumerationGetNext(e, size, buf, n));
        assertEquals(16, size[0]);
        assertEquals(0, n[0]);
        assertEquals(ByteBuffer.allocate(8), buf);
        // nothing was consumed: the retry with the reported size gets the record
        buf = buffer(size[0]);
        assertRc(ERROR_NO_MORE_ITEMS, mgm.MgmGroupEnumerationGetNext(e, size, buf, n));
        assertEquals(1, n[0]);
        assertEquals(new SourceGroupEntry(0, 0, G, HOST), entries(buf, 1).get(0));
    }

    @Test
    void b100_anEndedEnumerationHandleIsInvalid() {
        joinStarG(hA, G, 1);
        long e = start(hA, MgmConstants.ALL_SOURCES);
        ok(mgm.MgmGroupEnumerationEnd(e));
        int[] size = {4096};
        int[] n = {-1};
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationGetNext(e, size, buffer(4096), n));
        assertEquals(-1, n[0]);
        assertRc(ERROR_INVALID_PARAMETER, mgm.MgmGroupEnumerationEnd(e));
    }

    @Test
    void b101_smallBuffersGiveMoreDataBatchesThenAFinalNoMoreItemsWithEveryKeyOnce() {
        Set<SourceGroupEntry> expected = new HashSet<>();
        for (int i = 1; i <= 10; i++) {
            int g = Ipv4.parse("239.10.0." + i);
            joinStarG(hA, g, 1);
            joinStarG(hA, g, 4); // same key on a second interface: still one record
            expected.add(new SourceGroupEntry(0, 0, g, HOST));
        }
        for (int i = 11; i <= 20; i++) {
            int g = Ipv4.parse("239.10.0." + i);
            joinStarG(hB, g, 2);
            expected.add(new SourceGroupEntry(0, 0, g, HOST));
        }
        for (int i = 1; i <= 5; i++) {
            int g = Ipv4.parse("239.20.0." + i);
            joinSG(hB, S, g, 2);
            expected.add(new SourceGroupEntry(S, HOST, g, HOST));
        }
        assertEquals(25, expected.size());

        long e = start(hC, MgmConstants.ALL_SOURCES);
        List<SourceGroupEntry> seen = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        int[] size = {64}; // four records
        int[] n = {0};
        for (int guard = 0; guard < 100; guard++) {
            ByteBuffer buf = buffer(64);
            int rc = mgm.MgmGroupEnumerationGetNext(e, size, buf, n);
            codes.add(rc);
            assertEquals(64, size[0]);
            assertTrue(n[0] <= 4);
            seen.addAll(entries(buf, n[0]));
            if (rc != ERROR_MORE_DATA) break;
            assertEquals(4, n[0], "a MORE_DATA batch fills the buffer");
        }
        assertEquals(ERROR_NO_MORE_ITEMS, codes.getLast());
        for (int rc : codes.subList(0, codes.size() - 1)) assertRc(ERROR_MORE_DATA, rc);
        assertEquals(7, codes.size(), "6 full batches and a last one with the 25th key: " + codes);
        assertEquals(25, seen.size(), "no key twice");
        assertEquals(expected, new HashSet<>(seen));
        ok(mgm.MgmGroupEnumerationEnd(e));
    }
}
