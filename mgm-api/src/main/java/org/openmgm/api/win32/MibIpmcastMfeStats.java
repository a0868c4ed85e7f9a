package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.Mfe;
import org.openmgm.api.MfeStats;
import org.openmgm.api.OifStats;
import org.openmgm.api.OifView;
import org.openmgm.api.RouteInfo;

/**
 * MIB_IPMCAST_MFE_STATS (ipmib.h), {@code 64 + 28·ulNumOutIf} bytes with the LH OIF-stats layout: what
 * the *MfeStats functions return for {@code MGM_MFE_STATS_0}. Fields 1–9 as in {@link MibIpmcastMfe};
 * there is no {@code ulTimeOut}. Times are in <b>hundredths of a second</b> (spec §9 D4);
 * {@code ulExpiryTime == 0} means the entry does not age. Counters are 32-bit and wrap.
 */
public record MibIpmcastMfeStats(
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
        List<MibIpmcastOifStats> rgmiosOutStats) {

    public MibIpmcastMfeStats {
        rgmiosOutStats = List.copyOf(rgmiosOutStats);
        if (ulNumOutIf != rgmiosOutStats.size())
            throw new IllegalArgumentException("ulNumOutIf " + ulNumOutIf + " but " + rgmiosOutStats.size() + " oifs");
    }

    /** The record of {@code stats}: one oif stats entry per oif of the MFE, times in centiseconds. */
    public static MibIpmcastMfeStats of(MfeStats stats) {
        Mfe m = stats.mfe();
        RouteInfo route = m.route() == null ? RouteInfo.NONE : m.route();
        return new MibIpmcastMfeStats(m.group(), m.source(), m.sourceMask(), m.upstreamNeighbor(),
                m.incomingInterface() == null ? 0 : m.incomingInterface().ifIndex(), m.incomingProtocolId(),
                route.protocol(), route.network(), route.mask(),
                centiseconds(m.upTimeSeconds()), centiseconds(m.expirySeconds()), m.outgoing().size(),
                Win32Structs.wrappedUlong(stats.inPackets()), Win32Structs.wrappedUlong(stats.inOctets()),
                Win32Structs.wrappedUlong(stats.packetsDifferentIf()), Win32Structs.wrappedUlong(stats.queueOverflow()),
                oifStats(stats));
    }

    static int centiseconds(long seconds) {
        return Win32Structs.saturatedUlong(seconds > Long.MAX_VALUE / 100 ? Long.MAX_VALUE : seconds * 100);
    }

    /** One entry per oif of the MFE (the MFE's oif list is authoritative), with the forwarder's counters where it has them. */
    static List<MibIpmcastOifStats> oifStats(MfeStats stats) {
        List<OifView> oifs = stats.mfe().outgoing();
        Map<InterfaceKey, OifStats> counters = new HashMap<>();
        for (OifStats o : stats.outgoing()) counters.put(o.iface(), o);
        List<MibIpmcastOifStats> out = new ArrayList<>(oifs.size());
        for (OifView o : oifs) out.add(MibIpmcastOifStats.of(o.iface(), counters.get(o.iface())));
        return out;
    }

    /** SIZEOF_MIB_MFE_STATS(ulNumOutIf). */
    public int size() {
        return Win32Structs.SIZEOF_MIB_MFE_STATS(ulNumOutIf);
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
        for (MibIpmcastOifStats o : rgmiosOutStats) o.put(le);
    }

    /** Reads one record from {@code buffer}'s position and advances past it. */
    public static MibIpmcastMfeStats read(ByteBuffer buffer) {
        return Win32Structs.readAdvancing(buffer, MibIpmcastMfeStats::get);
    }

    static MibIpmcastMfeStats get(ByteBuffer le) {
        int group = Win32Structs.getAddress(le), source = Win32Structs.getAddress(le), srcMask = Win32Structs.getAddress(le),
                upstream = Win32Structs.getAddress(le), inIf = le.getInt(), inProto = le.getInt(), routeProto = le.getInt(),
                routeNet = Win32Structs.getAddress(le), routeMask = Win32Structs.getAddress(le), up = le.getInt(),
                expiry = le.getInt(), n = le.getInt(), inPkts = le.getInt(), inOctets = le.getInt(), diffIf = le.getInt(),
                overflow = le.getInt();
        return new MibIpmcastMfeStats(group, source, srcMask, upstream, inIf, inProto, routeProto, routeNet, routeMask,
                up, expiry, n, inPkts, inOctets, diffIf, overflow, readOifStats(le, n));
    }

    static List<MibIpmcastOifStats> readOifStats(ByteBuffer le, int n) {
        if (n < 0 || (long) n * Win32Structs.SIZEOF_MIB_IPMCAST_OIF_STATS > le.remaining())
            throw new IllegalArgumentException("ulNumOutIf " + Integer.toUnsignedString(n) + " does not fit the buffer");
        List<MibIpmcastOifStats> oifs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) oifs.add(MibIpmcastOifStats.get(le));
        return oifs;
    }

    @Override
    public String toString() {
        return "MIB_IPMCAST_MFE_STATS(" + Ipv4.format(dwSource) + ", " + Ipv4.format(dwGroup) + ") in if" + dwInIfIndex
                + " pkts " + Integer.toUnsignedString(ulInPkts) + " oifs " + rgmiosOutStats;
    }
}
