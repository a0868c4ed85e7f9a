package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import org.openmgm.api.InterfaceKey;

/**
 * MIB_IPMCAST_OIF (the {@code _XP} layout, 16 bytes): one outgoing interface of an MFE.
 * {@code dwNextHopAddr} is an {@link org.openmgm.api.Ipv4} int, written in network byte order
 * (see {@link Win32Structs}); the two reserved DWORDs are 0.
 */
public record MibIpmcastOif(int dwOutIfIndex, int dwNextHopAddr, int dwReserved, int dwReserved1) {

    public static MibIpmcastOif of(InterfaceKey iface) {
        return new MibIpmcastOif(iface.ifIndex(), iface.nextHop(), 0, 0);
    }

    public InterfaceKey iface() {
        return new InterfaceKey(dwOutIfIndex, dwNextHopAddr);
    }

    /** Writes the 16 bytes at {@code buffer}'s position (little-endian, whatever its order) and advances it. */
    public void write(ByteBuffer buffer) {
        Win32Structs.writeAdvancing(buffer, this::put);
    }

    void put(ByteBuffer le) {
        le.putInt(dwOutIfIndex);
        Win32Structs.putAddress(le, dwNextHopAddr);
        le.putInt(dwReserved);
        le.putInt(dwReserved1);
    }

    /** Reads 16 bytes from {@code buffer}'s position and advances it. */
    public static MibIpmcastOif read(ByteBuffer buffer) {
        return Win32Structs.readAdvancing(buffer, MibIpmcastOif::get);
    }

    static MibIpmcastOif get(ByteBuffer le) {
        return new MibIpmcastOif(le.getInt(), Win32Structs.getAddress(le), le.getInt(), le.getInt());
    }
}
