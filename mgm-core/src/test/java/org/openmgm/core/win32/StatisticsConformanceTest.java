package org.openmgm.core.win32;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.win32.MibIpmcastMfe;
import org.openmgm.api.win32.MibIpmcastMfeStats;
import org.openmgm.api.win32.MibIpmcastMfeStatsEx;
import org.openmgm.api.win32.MibIpmcastOifStats;

/** MGM-SPEC §8 behaviours 93–95 through the mgm.h façade: MIB_IPMCAST_MFE_STATS(_EX) counters. */
class StatisticsConformanceTest extends Win32Fixture {

    MibIpmcastMfeStats stats0(int source, int group) {
        ByteBuffer buf = buffer(4096);
        ok(mgm.MgmGetMfeStats(MibIpmcastMfe.key(source, group), new int[] {4096}, buf, MgmConstants.MGM_MFE_STATS_0));
        return MibIpmcastMfeStats.read(buf);
    }

    MibIpmcastMfeStatsEx stats1(int source, int group) {
        ByteBuffer buf = buffer(4096);
        ok(mgm.MgmGetMfeStats(MibIpmcastMfe.key(source, group), new int[] {4096}, buf, MgmConstants.MGM_MFE_STATS_1));
        return MibIpmcastMfeStatsEx.read(buf);
    }

    static Map<Integer, Integer> outPacketsByIf(Iterable<MibIpmcastOifStats> oifs) {
        Map<Integer, Integer> m = new HashMap<>();
        for (MibIpmcastOifStats o : oifs) m.put(o.dwOutIfIndex(), o.ulOutPackets());
        return m;
    }

    @Test
    void b093_tenPacketsOnTheIifAreCountedInAndOnEveryOif() {
        joinStarG(hA, G, 1);
        joinStarG(hB, G, 2);
        data(S, G, 3, 10, 100); // the first one creates the MFE and is forwarded by it
        MibIpmcastMfeStatsEx ex = stats1(S, G);
        assertEquals(10, ex.ulInPkts());
        assertEquals(1000, ex.ulInOctets());
        assertEquals(Map.of(1, 10, 2, 10), outPacketsByIf(ex.rgmiosOutStats()));
        assertEquals(20, ex.ulTotalOutPackets());
        assertEquals(0, ex.ulPktsDifferentIf());

        MibIpmcastMfeStats s0 = stats0(S, G);
        assertEquals(10, s0.ulInPkts());
        assertEquals(1000, s0.ulInOctets());
        assertEquals(Map.of(1, 10, 2, 10), outPacketsByIf(s0.rgmiosOutStats()));
    }

    @Test
    void b094_packetsOnAnotherInterfaceCountAsDifferentIfOnly() {
        joinStarG(hA, G, 1);
        createMfe(S, G); // one packet on the iif if3
        MibIpmcastMfeStatsEx before = stats1(S, G);
        data(S, G, 1, 4, 100);
        MibIpmcastMfeStatsEx after = stats1(S, G);
        assertEquals(3, after.dwInIfIndex());
        assertEquals(before.ulPktsDifferentIf() + 4, after.ulPktsDifferentIf());
        assertEquals(4, after.ulPktsDifferentIf());
        assertEquals(before.ulInPkts(), after.ulInPkts());
        assertEquals(outPacketsByIf(before.rgmiosOutStats()), outPacketsByIf(after.rgmiosOutStats()));
        assertEquals(before.ulTotalOutPackets(), after.ulTotalOutPackets());
        assertEquals(4, stats0(S, G).ulPktsDifferentIf());
    }

    @Test
    void b095_packetsHittingANegativeMfeCountAsNegativeNotIn() {
        createMfe(S, G); // no memberships: negative
        MibIpmcastMfeStatsEx before = stats1(S, G);
        assertEquals(0, before.ulNumOutIf());
        data(S, G, 3, 3, 100);
        MibIpmcastMfeStatsEx after = stats1(S, G);
        assertEquals(3, after.ulNegativeMfe() - before.ulNegativeMfe());
        assertEquals(before.ulInPkts(), after.ulInPkts());
        assertEquals(0, after.ulTotalOutPackets());
    }
}
