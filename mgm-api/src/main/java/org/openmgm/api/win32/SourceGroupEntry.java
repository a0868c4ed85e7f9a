package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import org.openmgm.api.MembershipKey;

/**
 * SOURCE_GROUP_ENTRY (16 bytes): one record of MgmGroupEnumerationGetNext. Addresses and masks are
 * {@link org.openmgm.api.Ipv4} ints written in network byte order; 0/0 is a wildcard.
 */
public record SourceGroupEntry(int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask) {

    public static SourceGroupEntry of(MembershipKey key) {
        return new SourceGroupEntry(key.source(), key.sourceMask(), key.group(), key.groupMask());
    }

    public MembershipKey key() {
        return new MembershipKey(dwSourceAddr, dwSourceMask, dwGroupAddr, dwGroupMask);
    }

    /** Writes the 16 bytes at {@code buffer}'s position and advances it. */
    public void write(ByteBuffer buffer) {
        Win32Structs.writeAdvancing(buffer, this::put);
    }

    void put(ByteBuffer le) {
        Win32Structs.putAddress(le, dwSourceAddr);
        Win32Structs.putAddress(le, dwSourceMask);
        Win32Structs.putAddress(le, dwGroupAddr);
        Win32Structs.putAddress(le, dwGroupMask);
    }

    /** Reads 16 bytes from {@code buffer}'s position and advances it. */
    public static SourceGroupEntry read(ByteBuffer buffer) {
        return Win32Structs.readAdvancing(buffer, SourceGroupEntry::get);
    }

    static SourceGroupEntry get(ByteBuffer le) {
        return new SourceGroupEntry(Win32Structs.getAddress(le), Win32Structs.getAddress(le), Win32Structs.getAddress(le), Win32Structs.getAddress(le));
    }
}
