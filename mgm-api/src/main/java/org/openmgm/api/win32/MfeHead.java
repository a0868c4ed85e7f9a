package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import java.util.function.LongToIntFunction;
import org.openmgm.api.Mfe;
import org.openmgm.api.RouteInfo;

/**
 * The first eleven fields that MIB_IPMCAST_MFE, MIB_IPMCAST_MFE_STATS and MIB_IPMCAST_MFE_STATS_EX share,
 * in their order: the key, the upstream neighbour, the incoming interface, the route, the up time and the
 * expiry. One encoding for the three records (addresses in network byte order, the rest little-endian).
 */
record MfeHead(int group, int source, int srcMask, int upstream, int inIfIndex, int inIfProtocol, int routeProtocol,
        int routeNetwork, int routeMask, int upTime, int expiryTime) {

    /** The head of {@code m}, with its two times converted by {@code time} (seconds or centiseconds). */
    static MfeHead of(Mfe m, LongToIntFunction time) {
        RouteInfo route = m.route() == null ? RouteInfo.NONE : m.route();
        return new MfeHead(m.group(), m.source(), m.sourceMask(), m.upstreamNeighbor(),
                m.incomingInterface() == null ? 0 : m.incomingInterface().ifIndex(), m.incomingProtocolId(),
                route.protocol(), route.network(), route.mask(), time.applyAsInt(m.upTimeSeconds()), time.applyAsInt(m.expirySeconds()));
    }

    void put(ByteBuffer le) {
        Win32Structs.putAddress(le, group);
        Win32Structs.putAddress(le, source);
        Win32Structs.putAddress(le, srcMask);
        Win32Structs.putAddress(le, upstream);
        le.putInt(inIfIndex);
        le.putInt(inIfProtocol);
        le.putInt(routeProtocol);
        Win32Structs.putAddress(le, routeNetwork);
        Win32Structs.putAddress(le, routeMask);
        le.putInt(upTime);
        le.putInt(expiryTime);
    }

    static MfeHead get(ByteBuffer le) {
        return new MfeHead(Win32Structs.getAddress(le), Win32Structs.getAddress(le), Win32Structs.getAddress(le),
                Win32Structs.getAddress(le), le.getInt(), le.getInt(), le.getInt(), Win32Structs.getAddress(le),
                Win32Structs.getAddress(le), le.getInt(), le.getInt());
    }
}
