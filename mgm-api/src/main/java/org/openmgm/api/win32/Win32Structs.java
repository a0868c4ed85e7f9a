package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.openmgm.api.MgmError;

/**
 * The Win32 status codes, structure sizes and byte conventions of the mgm.h façade ({@link Mgm}).
 *
 * <p><b>Byte layout.</b> Structures are packed exactly as a little-endian Windows (x86/x64) build
 * lays them out with the XP/LH variants of the SDK: {@code MIB_IPMCAST_OIF_XP} (16 bytes),
 * {@code MIB_IPMCAST_OIF_STATS_LH} (28 bytes), {@code MIB_IPMCAST_MFE} (60 + 16·n),
 * {@code MIB_IPMCAST_MFE_STATS} (64 + 28·n), {@code MIB_IPMCAST_MFE_STATS_EX_XP} (84 + 28·n),
 * {@code SOURCE_GROUP_ENTRY} and {@code MGM_IF_ENTRY} (16). Every field is a 4-byte DWORD/ULONG/BOOL.
 *
 * <p><b>Addresses.</b> Windows keeps IPv4 addresses and masks in DWORDs in <em>network</em> byte order:
 * the four bytes in memory are the octets in order, so a DWORD holding 10.0.0.1 has the bytes
 * {@code 0A 00 00 01} and, read little-endian, the value {@code 0x0100000A}. The façade does the same:
 * the Java records hold addresses as {@link org.openmgm.api.Ipv4} ints (big-endian value, 10.0.0.1 =
 * {@code 0x0A000001}) and the codecs write them octet by octet, so the bytes in the buffer are the
 * dotted-quad octets in order. {@link #toWindowsDword}/{@link #fromWindowsDword} convert between the
 * Java int and the little-endian DWORD value C code would see. Every other DWORD (indexes, protocol
 * ids, times, counters, counts) is written little-endian.
 *
 * <p><b>ULONG values.</b> Times are written saturated at 0xFFFFFFFF; 64-bit counters are written
 * modulo 2^32, as a 32-bit Windows counter wraps.
 */
public final class Win32Structs {
    private Win32Structs() {}

    public static final int NO_ERROR = MgmError.NO_ERROR.win32();
    public static final int ERROR_NOT_ENOUGH_MEMORY = MgmError.NOT_ENOUGH_MEMORY.win32();
    public static final int ERROR_INVALID_PARAMETER = MgmError.INVALID_PARAMETER.win32();
    public static final int ERROR_INSUFFICIENT_BUFFER = MgmError.INSUFFICIENT_BUFFER.win32();
    public static final int ERROR_ALREADY_EXISTS = MgmError.ALREADY_EXISTS.win32();
    public static final int ERROR_MORE_DATA = MgmError.MORE_DATA.win32();
    public static final int ERROR_NO_MORE_ITEMS = MgmError.NO_MORE_ITEMS.win32();
    public static final int ERROR_CAN_NOT_COMPLETE = MgmError.CAN_NOT_COMPLETE.win32();
    public static final int ERROR_NOT_FOUND = MgmError.NOT_FOUND.win32();

    /** Win32 BOOL values. */
    public static final int TRUE = 1, FALSE = 0;

    /** sizeof(MIB_IPMCAST_OIF_XP). */
    public static final int SIZEOF_MIB_IPMCAST_OIF = 16;
    /** sizeof(MIB_IPMCAST_OIF_STATS_LH). */
    public static final int SIZEOF_MIB_IPMCAST_OIF_STATS = 28;
    /** offsetof(MIB_IPMCAST_MFE, rgmioOutInfo). */
    public static final int SIZEOF_BASIC_MIB_MFE = 60;
    /** offsetof(MIB_IPMCAST_MFE_STATS, rgmiosOutStats). */
    public static final int SIZEOF_BASIC_MIB_MFE_STATS = 64;
    /** offsetof(MIB_IPMCAST_MFE_STATS_EX_XP, rgmiosOutStats). */
    public static final int SIZEOF_BASIC_MIB_MFE_STATS_EX = 84;
    /** sizeof(SOURCE_GROUP_ENTRY). */
    public static final int SIZEOF_SOURCE_GROUP_ENTRY = 16;
    /** sizeof(MGM_IF_ENTRY). */
    public static final int SIZEOF_MGM_IF_ENTRY = 16;

    /** iprtrmib.h's SIZEOF_MIB_MFE(X): the size of an MFE record with {@code numOutIf} oifs (60 + 16·n). */
    public static int SIZEOF_MIB_MFE(int numOutIf) {
        return SIZEOF_BASIC_MIB_MFE + numOutIf * SIZEOF_MIB_IPMCAST_OIF;
    }

    /** SIZEOF_MIB_MFE_STATS(X): 64 + 28·n. */
    public static int SIZEOF_MIB_MFE_STATS(int numOutIf) {
        return SIZEOF_BASIC_MIB_MFE_STATS + numOutIf * SIZEOF_MIB_IPMCAST_OIF_STATS;
    }

    /** SIZEOF_MIB_MFE_STATS_EX(X): 84 + 28·n. */
    public static int SIZEOF_MIB_MFE_STATS_EX(int numOutIf) {
        return SIZEOF_BASIC_MIB_MFE_STATS_EX + numOutIf * SIZEOF_MIB_IPMCAST_OIF_STATS;
    }

    /** The value a C program reads from a DWORD holding {@code address} (an {@link org.openmgm.api.Ipv4} int) on a little-endian machine. */
    public static int toWindowsDword(int address) {
        return Integer.reverseBytes(address);
    }

    /** Inverse of {@link #toWindowsDword}: the {@link org.openmgm.api.Ipv4} int of a network-order DWORD value. */
    public static int fromWindowsDword(int dword) {
        return Integer.reverseBytes(dword);
    }

    /** A view of {@code buffer} from its position, little-endian; the caller's buffer is not changed. */
    static ByteBuffer le(ByteBuffer buffer) {
        return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes an address so that its octets appear in order (network byte order). */
    static void putAddress(ByteBuffer le, int address) {
        le.putInt(Integer.reverseBytes(address));
    }

    static int getAddress(ByteBuffer le) {
        return Integer.reverseBytes(le.getInt());
    }

    /** A non-negative long as a ULONG: saturated at 0xFFFFFFFF (times). */
    static int saturatedUlong(long value) {
        if (value <= 0) return 0;
        return value >= 0xFFFFFFFFL ? -1 : (int) value;
    }

    /** A 64-bit counter as a 32-bit ULONG counter (wraps). */
    static int wrappedUlong(long counter) {
        return (int) counter;
    }

    /** Reads one record from {@code buffer}'s position and advances the position past it. */
    interface Reader<T> {
        T read(ByteBuffer le);
    }

    /** Writes one record at {@code buffer}'s position (little-endian, whatever its order) and advances it. */
    static void writeAdvancing(ByteBuffer buffer, java.util.function.Consumer<ByteBuffer> writer) {
        ByteBuffer le = le(buffer);
        writer.accept(le);
        buffer.position(le.position());
    }

    static <T> T readAdvancing(ByteBuffer buffer, Reader<T> reader) {
        ByteBuffer le = le(buffer);
        T value = reader.read(le);
        buffer.position(le.position());
        return value;
    }
}
