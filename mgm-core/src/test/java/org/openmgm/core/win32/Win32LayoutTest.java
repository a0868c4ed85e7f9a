package org.openmgm.core.win32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.win32.MibIpmcastMfe;
import org.openmgm.api.win32.MibIpmcastMfeStats;
import org.openmgm.api.win32.MibIpmcastMfeStatsEx;
import org.openmgm.api.win32.MibIpmcastOif;
import org.openmgm.api.win32.SourceGroupEntry;
import org.openmgm.api.win32.Win32Structs;

/**
 * The bytes the façade writes, checked field by field against the Windows layouts (spec §3.4–3.8):
 * little-endian DWORDs, addresses in network byte order, XP OIF and LH OIF-stats layouts.
 */
class Win32LayoutTest extends Win32Fixture {

    static ByteBuffer le(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] bytes(ByteBuffer b, int offset, int length) {
        byte[] out = new byte[length];
        b.get(offset, out);
        return out;
    }

    static byte[] octets(String dotted) {
        int a = Ipv4.parse(dotted);
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    /** MFE (S,G) with iif if3 (C, 300), oifs if1 and if2, upstream 10.3.3.3, route 10.0.0.0/16 from protocol 3. */
    void twoOifMfe() {
        joinStarG(hA, G, 1);
        joinStarG(hB, G, 2);
        createMfe(S, G);
    }

    @Test
    void structureSizesAreTheWindowsOnes() {
        assertEquals(60, Win32Structs.SIZEOF_MIB_MFE(0));
        assertEquals(92, Win32Structs.SIZEOF_MIB_MFE(2));
        assertEquals(64 + 3 * 28, Win32Structs.SIZEOF_MIB_MFE_STATS(3));
        assertEquals(84 + 3 * 28, Win32Structs.SIZEOF_MIB_MFE_STATS_EX(3));
        assertEquals(16, Win32Structs.SIZEOF_SOURCE_GROUP_ENTRY);
        assertEquals(16, Win32Structs.SIZEOF_MGM_IF_ENTRY);
    }

    @Test
    void mibIpmcastMfeIsPackedLittleEndianWithAddressesInNetworkOrder() {
        twoOifMfe();
        scheduler.advanceSeconds(7);
        ByteBuffer buf = buffer(128);
        ok(mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), new int[] {128}, buf));
        ByteBuffer le = le(buf);
        assertArrayEquals(octets("239.1.1.1"), bytes(buf, 0, 4), "dwGroup");
        assertArrayEquals(octets("10.0.0.1"), bytes(buf, 4, 4), "dwSource");
        assertArrayEquals(octets("255.255.255.255"), bytes(buf, 8, 4), "dwSrcMask");
        assertArrayEquals(octets("10.3.3.3"), bytes(buf, 12, 4), "dwUpStrmNgbr");
        assertArrayEquals(new byte[] {3, 0, 0, 0}, bytes(buf, 16, 4), "dwInIfIndex little-endian");
        assertEquals(300, le.getInt(20), "dwInIfProtocol");
        assertArrayEquals(new byte[] {0x2C, 0x01, 0, 0}, bytes(buf, 20, 4));
        assertEquals(RIB_PROTOCOL, le.getInt(24), "dwRouteProtocol");
        assertArrayEquals(octets("10.0.0.0"), bytes(buf, 28, 4), "dwRouteNetwork");
        assertArrayEquals(octets("255.255.0.0"), bytes(buf, 32, 4), "dwRouteMask");
        assertEquals(7, le.getInt(36), "ulUpTime in seconds");
        var mfe = engine.mfe(new SourceGroup(S, G));
        assertEquals(mfe.expirySeconds(), le.getInt(40), "ulExpiryTime in seconds");
        assertEquals(MgmConstants.DEFAULT_MFE_TIMEOUT_SECONDS, le.getInt(44), "ulTimeOut");
        assertEquals(2, le.getInt(48), "ulNumOutIf");
        assertEquals(0, le.getInt(52), "fFlags");
        assertEquals(0, le.getInt(56), "dwReserved");
        int[] oifIfs = {le.getInt(60), le.getInt(76)};
        Arrays.sort(oifIfs);
        assertArrayEquals(new int[] {1, 2}, oifIfs, "rgmioOutInfo[].dwOutIfIndex");
        for (int off : new int[] {60, 76}) {
            assertEquals(0, le.getInt(off + 4), "dwNextHopAddr");
            assertEquals(0, le.getInt(off + 8), "dwReserved");
            assertEquals(0, le.getInt(off + 12), "dwReserved1");
        }
        for (int i = 92; i < 128; i++) assertEquals(0, buf.get(i), "nothing written past SIZEOF_MIB_MFE(2)");
        // As C reads it: a little-endian DWORD holding the network-order address.
        assertEquals(Win32Structs.toWindowsDword(S), le.getInt(4));
        assertEquals(0x0100000A, le.getInt(4));
        assertEquals(S, Win32Structs.fromWindowsDword(le.getInt(4)));
    }

    @Test
    void mibIpmcastMfeStatsFieldOffsetsAndCentiseconds() {
        twoOifMfe();
        data(S, G, 3, 9, 50); // 10 packets in all on the iif
        data(S, G, 1, 2, 50); // 2 on the wrong interface
        scheduler.advanceSeconds(3);
        ByteBuffer buf = buffer(256);
        ok(mgm.MgmGetMfeStats(MibIpmcastMfe.key(S, G), new int[] {256}, buf, MgmConstants.MGM_MFE_STATS_0));
        ByteBuffer le = le(buf);
        assertArrayEquals(octets("239.1.1.1"), bytes(buf, 0, 4));
        assertArrayEquals(octets("10.0.0.1"), bytes(buf, 4, 4));
        assertEquals(3, le.getInt(16));
        assertEquals(300, le.getInt(20));
        assertEquals(300, le.getInt(36), "ulUpTime in hundredths of a second");
        assertEquals(engine.mfe(new SourceGroup(S, G)).expirySeconds() * 100, le.getInt(40), "ulExpiryTime in hundredths");
        assertEquals(2, le.getInt(44), "ulNumOutIf");
        assertEquals(10, le.getInt(48), "ulInPkts");
        assertEquals(100 + 9 * 50, le.getInt(52), "ulInOctets");
        assertEquals(2, le.getInt(56), "ulPktsDifferentIf");
        assertEquals(0, le.getInt(60), "ulQueueOverflow");
        for (int off : new int[] {64, 92}) {
            int ifIndex = le.getInt(off);
            assertEquals(true, ifIndex == 1 || ifIndex == 2, "dwOutIfIndex " + ifIndex);
            assertEquals(0, le.getInt(off + 4), "dwNextHopAddr");
            assertEquals(0, le.getInt(off + 8), "dwDialContext");
            assertEquals(0, le.getInt(off + 12), "ulTtlTooLow");
            assertEquals(0, le.getInt(off + 16), "ulFragNeeded");
            assertEquals(10, le.getInt(off + 20), "ulOutPackets");
            assertEquals(0, le.getInt(off + 24), "ulOutDiscards");
        }
        for (int i = 120; i < 256; i++) assertEquals(0, buf.get(i), "nothing past SIZEOF_MIB_MFE_STATS(2)");
        MibIpmcastMfeStats decoded = MibIpmcastMfeStats.read(buf.duplicate());
        assertEquals(120, decoded.size());
        assertEquals(10, decoded.ulInPkts());
    }

    @Test
    void mibIpmcastMfeStatsExAddsFiveCountersBeforeTheOifStats() {
        twoOifMfe();
        data(S, G, 3, 9, 50);
        ByteBuffer buf = buffer(256);
        ok(mgm.MgmGetMfeStats(MibIpmcastMfe.key(S, G), new int[] {256}, buf, MgmConstants.MGM_MFE_STATS_1));
        ByteBuffer le = le(buf);
        assertEquals(2, le.getInt(44), "ulNumOutIf");
        assertEquals(10, le.getInt(48), "ulInPkts");
        assertEquals(0, le.getInt(64), "ulUninitMfe");
        assertEquals(0, le.getInt(68), "ulNegativeMfe");
        assertEquals(0, le.getInt(72), "ulInDiscards");
        assertEquals(0, le.getInt(76), "ulInHdrErrors");
        assertEquals(20, le.getInt(80), "ulTotalOutPackets");
        assertEquals(10, le.getInt(84 + 20), "first oif's ulOutPackets");
        assertEquals(10, le.getInt(84 + 28 + 20), "second oif's ulOutPackets");
        for (int i = 84 + 56; i < 256; i++) assertEquals(0, buf.get(i));
        MibIpmcastMfeStatsEx decoded = MibIpmcastMfeStatsEx.read(buf.duplicate());
        assertEquals(84 + 2 * 28, decoded.size());
        assertEquals(20, decoded.ulTotalOutPackets());
    }

    @Test
    void sourceGroupEntryIsFourNetworkOrderDwords() {
        joinSG(hA, S, G, 1);
        long[] e = new long[1];
        ok(mgm.MgmGroupEnumerationStart(hA, MgmConstants.ALL_SOURCES, e));
        ByteBuffer buf = buffer(32);
        int[] n = {0};
        mgm.MgmGroupEnumerationGetNext(e[0], new int[] {32}, buf, n);
        assertEquals(1, n[0]);
        byte[] expected = new byte[16];
        System.arraycopy(octets("10.0.0.1"), 0, expected, 0, 4);
        System.arraycopy(octets("255.255.255.255"), 0, expected, 4, 4);
        System.arraycopy(octets("239.1.1.1"), 0, expected, 8, 4);
        System.arraycopy(octets("255.255.255.255"), 0, expected, 12, 4);
        assertArrayEquals(expected, bytes(buf, 0, 16));
        assertArrayEquals(new byte[16], bytes(buf, 16, 16));
    }

    @Test
    void recordsAreWrittenFromTheBufferPositionAndTheBufferIsLeftAsItWas() {
        twoOifMfe();
        ByteBuffer buf = ByteBuffer.allocate(200).order(ByteOrder.BIG_ENDIAN);
        buf.position(8).limit(150);
        int[] size = {142};
        ok(mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), size, buf));
        assertEquals(8, buf.position());
        assertEquals(150, buf.limit());
        assertEquals(ByteOrder.BIG_ENDIAN, buf.order());
        assertArrayEquals(new byte[8], bytes(buf, 0, 8), "bytes before the position untouched");
        assertArrayEquals(octets("239.1.1.1"), bytes(buf, 8, 4));
        MibIpmcastMfe r = MibIpmcastMfe.read(buf);
        assertEquals(8 + 92, buf.position(), "read() advances past the record");
        assertEquals(S, r.dwSource());
        // a size larger than what remains would let C overrun its buffer: refused
        assertRc(Win32Structs.ERROR_INVALID_PARAMETER, mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), new int[] {200}, ByteBuffer.allocate(100)));
    }

    @Test
    void codecsRoundTripAndRejectTruncatedRecords() {
        MibIpmcastMfe m = new MibIpmcastMfe(G, S, HOST, ROUTE_NBR, 3, 300, 3, Ipv4.parse("10.0.0.0"), Ipv4.parse("255.255.0.0"),
                1, 2, 900, 2, 0, 0, List.of(new MibIpmcastOif(1, 0, 0, 0), new MibIpmcastOif(7, Ipv4.parse("192.168.1.2"), 0, 0)));
        ByteBuffer b = ByteBuffer.allocate(m.size());
        m.write(b);
        assertEquals(92, b.position());
        assertArrayEquals(octets("192.168.1.2"), bytes(b, 76 + 4, 4), "oif next hop in network order");
        b.flip();
        assertEquals(m, MibIpmcastMfe.read(b));
        ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(b.array(), 80));
        assertThrows(IllegalArgumentException.class, () -> MibIpmcastMfe.read(truncated));

        SourceGroupEntry e = new SourceGroupEntry(0, 0, G, HOST);
        ByteBuffer eb = ByteBuffer.allocate(16);
        e.write(eb);
        eb.flip();
        assertEquals(e, SourceGroupEntry.read(eb));
        assertThrows(IllegalArgumentException.class, () -> new MibIpmcastMfe(G, S, HOST, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, List.of()));
    }
}
