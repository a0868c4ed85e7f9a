package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MfeStats;
import java.util.List;

/**
 * MIB_IPMCAST_MFE_STATS_EX (the {@code _EX_XP} layout), {@code 84 + 28·ulNumOutIf} bytes: what the
 * *MfeStats functions return for {@code MGM_MFE_STATS_1}. All fields of {@link MibIpmcastMfeStats},
 * then {@code ulUninitMfe, ulNegativeMfe, ulInDiscards, ulInHdrErrors, ulTotalOutPackets} (the sum of
 * the oifs' {@code ulOutPackets}). Times in hundredths of a second.
 */
public record MibIpmcastMfeStatsEx(
        int dwGroup,
        int dwSource,
        int dwSrcMask,
        int dwUpStrmNgbr,
        int dwInIfIndex,
        int dwInIfProtocol,
        int dwRouteProtocol,
        int dwRouteNetwork,
        int dwRouteMask,
        int ulUpTime,
        int ulExpiryTime,
        int ulNumOutIf,
        int ulInPkts,
        int ulInOctets,
        int ulPktsDifferentIf,
        int ulQueueOverflow,
        int ulUninitMfe,
        int ulNegativeMfe,
        int ulInDiscards,
        int ulInHdrErrors,
        int ulTotalOutPackets,
        List<MibIpmcastOifStats> rgmiosOutStats) {

    public MibIpmcastMfeStatsEx {
        rgmiosOutStats = List.copyOf(rgmiosOutStats);
        if (ulNumOutIf != rgmiosOutStats.size())
            throw new IllegalArgumentException("ulNumOutIf " + ulNumOutIf + " but " + rgmiosOutStats.size() + " oifs");
    }

    private MibIpmcastMfeStatsEx(MfeHead h, int ulNumOutIf, int ulInPkts, int ulInOctets, int ulPktsDifferentIf, int ulQueueOverflow,
            int ulUninitMfe, int ulNegativeMfe, int ulInDiscards, int ulInHdrErrors, int ulTotalOutPackets,
            List<MibIpmcastOifStats> rgmiosOutStats) {
        this(h.group(), h.source(), h.srcMask(), h.upstream(), h.inIfIndex(), h.inIfProtocol(), h.routeProtocol(), h.routeNetwork(),
                h.routeMask(), h.upTime(), h.expiryTime(), ulNumOutIf, ulInPkts, ulInOctets, ulPktsDifferentIf, ulQueueOverflow,
                ulUninitMfe, ulNegativeMfe, ulInDiscards, ulInHdrErrors, ulTotalOutPackets, rgmiosOutStats);
    }

    private MfeHead head() {
        return new MfeHead(dwGroup, dwSource, dwSrcMask, dwUpStrmNgbr, dwInIfIndex, dwInIfProtocol, dwRouteProtocol, dwRouteNetwork,
                dwRouteMask, ulUpTime, ulExpiryTime);
    }

    /** The record of {@code stats}: one oif stats entry per oif of the MFE, times in centiseconds. */
    public static MibIpmcastMfeStatsEx of(MfeStats stats) {
        List<MibIpmcastOifStats> oifs = MibIpmcastMfeStats.oifStats(stats);
        long totalOut = 0;
        for (MibIpmcastOifStats o : oifs) totalOut += Integer.toUnsignedLong(o.ulOutPackets());
        return new MibIpmcastMfeStatsEx(MfeHead.of(stats.mfe(), MibIpmcastMfeStats::centiseconds), oifs.size(),
                Win32Structs.wrappedUlong(stats.inPackets()), Win32Structs.wrappedUlong(stats.inOctets()),
                Win32Structs.wrappedUlong(stats.packetsDifferentIf()), Win32Structs.wrappedUlong(stats.queueOverflow()),
                Win32Structs.wrappedUlong(stats.uninitializedMfe()), Win32Structs.wrappedUlong(stats.negativeMfe()),
                Win32Structs.wrappedUlong(stats.inDiscards()), Win32Structs.wrappedUlong(stats.inHeaderErrors()),
                Win32Structs.wrappedUlong(totalOut), oifs);
    }

    /** SIZEOF_MIB_MFE_STATS_EX(ulNumOutIf). */
    public int size() {
        return Win32Structs.SIZEOF_MIB_MFE_STATS_EX(ulNumOutIf);
    }

    /** Writes {@link #size()} bytes at {@code buffer}'s position and advances it. */
    public void write(ByteBuffer buffer) {
        Win32Structs.writeAdvancing(buffer, this::put);
    }

    void put(ByteBuffer le) {
        head().put(le);
        le.putInt(ulNumOutIf);
        le.putInt(ulInPkts);
        le.putInt(ulInOctets);
        le.putInt(ulPktsDifferentIf);
        le.putInt(ulQueueOverflow);
        le.putInt(ulUninitMfe);
        le.putInt(ulNegativeMfe);
        le.putInt(ulInDiscards);
        le.putInt(ulInHdrErrors);
        le.putInt(ulTotalOutPackets);
        for (MibIpmcastOifStats o : rgmiosOutStats) o.put(le);
    }

    /** Reads one record from {@code buffer}'s position and advances past it. */
    public static MibIpmcastMfeStatsEx read(ByteBuffer buffer) {
        return Win32Structs.readAdvancing(buffer, MibIpmcastMfeStatsEx::get);
    }

    static MibIpmcastMfeStatsEx get(ByteBuffer le) {
        MfeHead h = MfeHead.get(le);
        int n = le.getInt(), inPkts = le.getInt(), inOctets = le.getInt(), diffIf = le.getInt(), overflow = le.getInt(),
                uninit = le.getInt(), negative = le.getInt(), inDiscards = le.getInt(), hdrErrors = le.getInt(), totalOut = le.getInt();
        return new MibIpmcastMfeStatsEx(h, n, inPkts, inOctets, diffIf, overflow, uninit, negative, inDiscards, hdrErrors, totalOut,
                MibIpmcastMfeStats.readOifStats(le, n));
    }

    @Override
    public String toString() {
        return "MIB_IPMCAST_MFE_STATS_EX(" + Ipv4.format(dwSource) + ", " + Ipv4.format(dwGroup) + ") in if" + dwInIfIndex
                + " pkts " + Integer.toUnsignedString(ulInPkts) + " neg " + Integer.toUnsignedString(ulNegativeMfe)
                + " out " + Integer.toUnsignedString(ulTotalOutPackets) + " oifs " + rgmiosOutStats;
    }
}
