package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import org.openmgm.api.Ipv4;
import org.openmgm.api.Mfe;
import org.openmgm.api.MfeStats;
import org.openmgm.api.RouteInfo;
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

    /** The record of {@code stats}: one oif stats entry per oif of the MFE, times in centiseconds. */
    public static MibIpmcastMfeStatsEx of(MfeStats stats) {
        Mfe m = stats.mfe();
        RouteInfo route = m.route() == null ? RouteInfo.NONE : m.route();
        List<MibIpmcastOifStats> oifs = MibIpmcastMfeStats.oifStats(stats);
        long totalOut = 0;
        for (MibIpmcastOifStats o : oifs) totalOut += Integer.toUnsignedLong(o.ulOutPackets());
        return new MibIpmcastMfeStatsEx(m.group(), m.source(), m.sourceMask(), m.upstreamNeighbor(),
                m.incomingInterface() == null ? 0 : m.incomingInterface().ifIndex(), m.incomingProtocolId(),
                route.protocol(), route.network(), route.mask(),
                MibIpmcastMfeStats.centiseconds(m.upTimeSeconds()), MibIpmcastMfeStats.centiseconds(m.expirySeconds()), oifs.size(),
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
        ByteBuffer le = Win32Structs.le(buffer);
        put(le);
        buffer.position(le.position());
    }

    void put(ByteBuffer le) {
        Win32Structs.putAddress(le, dwGroup);
        Win32Structs.putAddress(le, dwSource);
        Win32Structs.putAddress(le, dwSrcMask);
        Win32Structs.putAddress(le, dwUpStrmNgbr);
        le.putInt(dwInIfIndex);
        le.putInt(dwInIfProtocol);
        le.putInt(dwRouteProtocol);
        Win32Structs.putAddress(le, dwRouteNetwork);
        Win32Structs.putAddress(le, dwRouteMask);
        le.putInt(ulUpTime);
        le.putInt(ulExpiryTime);
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
        int group = Win32Structs.getAddress(le), source = Win32Structs.getAddress(le), srcMask = Win32Structs.getAddress(le),
                upstream = Win32Structs.getAddress(le), inIf = le.getInt(), inProto = le.getInt(), routeProto = le.getInt(),
                routeNet = Win32Structs.getAddress(le), routeMask = Win32Structs.getAddress(le), up = le.getInt(),
                expiry = le.getInt(), n = le.getInt(), inPkts = le.getInt(), inOctets = le.getInt(), diffIf = le.getInt(),
                overflow = le.getInt(), uninit = le.getInt(), negative = le.getInt(), inDiscards = le.getInt(),
                hdrErrors = le.getInt(), totalOut = le.getInt();
        return new MibIpmcastMfeStatsEx(group, source, srcMask, upstream, inIf, inProto, routeProto, routeNet, routeMask,
                up, expiry, n, inPkts, inOctets, diffIf, overflow, uninit, negative, inDiscards, hdrErrors, totalOut,
                MibIpmcastMfeStats.readOifStats(le, n));
    }

    @Override
    public String toString() {
        return "MIB_IPMCAST_MFE_STATS_EX(" + Ipv4.format(dwSource) + ", " + Ipv4.format(dwGroup) + ") in if" + dwInIfIndex
                + " pkts " + Integer.toUnsignedString(ulInPkts) + " neg " + Integer.toUnsignedString(ulNegativeMfe)
                + " out " + Integer.toUnsignedString(ulTotalOutPackets) + " oifs " + rgmiosOutStats;
    }
}
