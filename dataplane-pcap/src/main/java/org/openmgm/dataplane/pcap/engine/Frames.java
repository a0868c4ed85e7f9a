package org.openmgm.dataplane.pcap.engine;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Ethernet/IPv4/UDP field access and checksum arithmetic on frames in memory, without allocating. */
public final class Frames {
    public static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final int ETH_HEADER = 14;
    public static final int ETHERTYPE_IPV4 = 0x0800;

    private Frames() {}

    public static int u8(MemorySegment s, long off) {
        return s.get(JAVA_BYTE, off) & 0xFF;
    }

    public static int u16(MemorySegment s, long off) {
        return s.get(BE_SHORT, off) & 0xFFFF;
    }

    public static void put16(MemorySegment s, long off, int v) {
        s.set(BE_SHORT, off, (short) v);
    }

    /** One's-complement sum (not complemented, folded to 16 bits) of {@code len} bytes, plus {@code initial}. */
    public static int sum(MemorySegment s, long off, int len, long initial) {
        long sum = initial;
        int i = 0;
        for (; i + 1 < len; i += 2) sum += s.get(BE_SHORT, off + i) & 0xFFFF;
        if (i < len) sum += (s.get(JAVA_BYTE, off + i) & 0xFF) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) sum;
    }

    /** True if the IPv4 header checksum of the {@code hl}-byte header at {@code ip} verifies. */
    public static boolean ipHeaderChecksumOk(MemorySegment s, long ip, int hl) {
        return sum(s, ip, hl, 0) == 0xFFFF;
    }

    /**
     * Decrements the TTL of the IPv4 header at {@code ip} and updates its checksum incrementally
     * (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), m being the TTL/protocol word).
     */
    public static void decrementTtl(MemorySegment s, long ip) {
        int m = u16(s, ip + 8);
        int m2 = m - 0x100;
        int hc = u16(s, ip + 10);
        int sum = (~hc & 0xFFFF) + (~m & 0xFFFF) + (m2 & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        put16(s, ip + 8, m2);
        put16(s, ip + 10, ~sum & 0xFFFF);
    }

    /** Writes the IPv4 multicast MAC of {@code group} (01:00:5e + low 23 bits) at {@code off}. */
    public static void putMulticastMac(MemorySegment s, long off, int group) {
        s.set(JAVA_BYTE, off, (byte) 0x01);
        s.set(JAVA_BYTE, off + 1, (byte) 0x00);
        s.set(JAVA_BYTE, off + 2, (byte) 0x5E);
        s.set(JAVA_BYTE, off + 3, (byte) ((group >>> 16) & 0x7F));
        s.set(JAVA_BYTE, off + 4, (byte) (group >>> 8));
        s.set(JAVA_BYTE, off + 5, (byte) group);
    }

    /** The 48-bit MAC at {@code off} as a long. */
    public static long mac(MemorySegment s, long off) {
        return ((long) (s.get(BE_SHORT, off) & 0xFFFF) << 32) | (s.get(BE_INT, off + 2) & 0xFFFFFFFFL);
    }

    public static void putMac(MemorySegment s, long off, long mac) {
        s.set(BE_SHORT, off, (short) (mac >>> 32));
        s.set(BE_INT, off + 2, (int) mac);
    }

    public static long macOf(byte[] mac) {
        if (mac == null || mac.length != 6) return 0;
        long v = 0;
        for (byte b : mac) v = (v << 8) | (b & 0xFF);
        return v;
    }

    public static byte[] macBytes(long mac) {
        byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) mac;
            mac >>>= 8;
        }
        return b;
    }

    public static String formatMac(byte[] mac) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < mac.length; i++) sb.append(i == 0 ? "" : ":").append(String.format("%02x", mac[i] & 0xFF));
        return sb.toString();
    }

    public static byte[] parseMac(String text) {
        String[] p = text.trim().split("[:-]");
        if (p.length != 6) throw new IllegalArgumentException("not a MAC address: " + text);
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) Integer.parseInt(p[i], 16);
        return b;
    }

    /**
     * Repairs a UDP checksum left unfinished by transmit checksum offload (a veth peer hands the frame
     * over with only the pseudo-header sum in the checksum field, CHECKSUM_PARTIAL). Such a field holds
     * the folded pseudo-header sum; we then compute the checksum in software. Recomputing is harmless
     * for a correct checksum that happens to equal that value, so no valid packet is changed. Returns
     * true if the checksum was rewritten.
     */
    public static boolean fixPartialUdpChecksum(MemorySegment s, long ip, int hl, int totalLen) {
        if (u8(s, ip + 9) != 17) return false;
        if ((u16(s, ip + 6) & 0x3FFF) != 0) return false;          // a fragment: the UDP header is not all here
        long udp = ip + hl;
        int udpLen = totalLen - hl;
        if (udpLen < 8 || u16(s, udp + 4) != udpLen) return false;
        int field = u16(s, udp + 6);
        if (field == 0) return false;                               // no checksum: fine as it is
        long pseudo = (long) u16(s, ip + 12) + u16(s, ip + 14) + u16(s, ip + 16) + u16(s, ip + 18) + 17 + udpLen;
        while ((pseudo >>> 16) != 0) pseudo = (pseudo & 0xFFFF) + (pseudo >>> 16);
        if (field != (int) pseudo) return false;
        put16(s, udp + 6, 0);
        int c = ~sum(s, udp, udpLen, pseudo) & 0xFFFF;
        put16(s, udp + 6, c == 0 ? 0xFFFF : c);
        return true;
    }

    /** True if the UDP checksum of the datagram in the IPv4 packet at {@code ip} verifies (or is absent). */
    public static boolean udpChecksumOk(MemorySegment s, long ip, int hl, int totalLen) {
        long udp = ip + hl;
        int udpLen = totalLen - hl;
        if (u16(s, udp + 6) == 0) return true;
        long pseudo = (long) u16(s, ip + 12) + u16(s, ip + 14) + u16(s, ip + 16) + u16(s, ip + 18) + 17 + udpLen;
        return sum(s, udp, udpLen, pseudo) == 0xFFFF;
    }
}
