package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MfeStats;
import org.openmgm.api.OifStats;
import org.openmgm.api.OifView;

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

    private MibIpmcastMfeStats(MfeHead h, int ulNumOutIf, int ulInPkts, int ulInOctets, int ulPktsDifferentIf, int ulQueueOverflow,
            List<MibIpmcastOifStats> rgmiosOutStats) {
        this(h.group(), h.source(), h.srcMask(), h.upstream(), h.inIfIndex(), h.inIfProtocol(), h.routeProtocol(), h.routeNetwork(),
                h.routeMask(), h.upTime(), h.expiryTime(), ulNumOutIf, ulInPkts, ulInOctets, ulPktsDifferentIf, ulQueueOverflow, rgmiosOutStats);
    }

    private MfeHead head() {
        return new MfeHead(dwGroup, dwSource, dwSrcMask, dwUpStrmNgbr, dwInIfIndex, dwInIfProtocol, dwRouteProtocol, dwRouteNetwork,
                dwRouteMask, ulUpTime, ulExpiryTime);
    }

    /** The record of {@code stats}: one oif stats entry per oif of the MFE, times in centiseconds. */
    public static MibIpmcastMfeStats of(MfeStats stats) {
        return new MibIpmcastMfeStats(MfeHead.of(stats.mfe(), MibIpmcastMfeStats::centiseconds), stats.mfe().outgoing().size(),
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
        Win32Structs.writeAdvancing(buffer, this::put);
    }

    void put(ByteBuffer le) {
        head().put(le);
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
        MfeHead h = MfeHead.get(le);
        int n = le.getInt(), inPkts = le.getInt(), inOctets = le.getInt(), diffIf = le.getInt(), overflow = le.getInt();
        return new MibIpmcastMfeStats(h, n, inPkts, inOctets, diffIf, overflow, readOifStats(le, n));
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
