package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.OifStats;

/**
 * MIB_IPMCAST_OIF_STATS (the {@code _LH} layout, 28 bytes): the counters of one outgoing interface.
 * {@code dwDialContext} is reserved (0). The ULONG counters are 32-bit and wrap.
 */
public record MibIpmcastOifStats(
        int dwOutIfIndex,
        int dwNextHopAddr,
        int dwDialContext,
        int ulTtlTooLow,
        int ulFragNeeded,
        int ulOutPackets,
        int ulOutDiscards) {

    /** The record for {@code iface} with the given counters ({@code stats} may be null: all 0). */
    public static MibIpmcastOifStats of(InterfaceKey iface, OifStats stats) {
        if (stats == null) return new MibIpmcastOifStats(iface.ifIndex(), iface.nextHop(), 0, 0, 0, 0, 0);
        return new MibIpmcastOifStats(iface.ifIndex(), iface.nextHop(), 0,
                Win32Structs.wrappedUlong(stats.ttlTooLow()), Win32Structs.wrappedUlong(stats.fragNeeded()),
                Win32Structs.wrappedUlong(stats.outPackets()), Win32Structs.wrappedUlong(stats.outDiscards()));
    }

    public InterfaceKey iface() {
        return new InterfaceKey(dwOutIfIndex, dwNextHopAddr);
    }

    /** Writes the 28 bytes at {@code buffer}'s position (little-endian) and advances it. */
    public void write(ByteBuffer buffer) {
        Win32Structs.writeAdvancing(buffer, this::put);
    }

    void put(ByteBuffer le) {
        le.putInt(dwOutIfIndex);
        Win32Structs.putAddress(le, dwNextHopAddr);
        le.putInt(dwDialContext);
        le.putInt(ulTtlTooLow);
        le.putInt(ulFragNeeded);
        le.putInt(ulOutPackets);
        le.putInt(ulOutDiscards);
    }

    /** Reads 28 bytes from {@code buffer}'s position and advances it. */
    public static MibIpmcastOifStats read(ByteBuffer buffer) {
        return Win32Structs.readAdvancing(buffer, MibIpmcastOifStats::get);
    }

    static MibIpmcastOifStats get(ByteBuffer le) {
        return new MibIpmcastOifStats(le.getInt(), Win32Structs.getAddress(le), le.getInt(), le.getInt(), le.getInt(), le.getInt(), le.getInt());
    }
}
