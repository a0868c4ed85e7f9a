package org.openmgm.api.packet;

/**
 * The IPv4 header handling shared by every protocol: Internet checksum, building a header (with the
 * Router Alert option where a protocol's RFC asks for it), and bounds-checked field access.
 */
public final class Ipv4Packets {
    public static final int PROTO_IGMP = 2;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_PIM = 103;

    private Ipv4Packets() {}

    /** RFC 1071 one's-complement sum of {@code data[off, off+len)}, folded and complemented. */
    public static int checksum(byte[] data, int off, int len) {
        long sum = 0;
        int i = off, end = off + len;
        for (; i + 1 < end; i += 2) sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        if (i < end) sum += (data[i] & 0xFF) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }

    /**
     * Builds an IPv4 packet around {@code payload}. {@code routerAlert} adds the 4-byte Router Alert
     * option (RFC 2113). Identification is 0, DF clear; the header checksum is filled in.
     */
    public static byte[] build(int source, int destination, int protocol, int ttl, int tos, boolean routerAlert, byte[] payload) {
        int hl = routerAlert ? 24 : 20;
        int total = hl + payload.length;
        if (total > 0xFFFF) throw new IllegalArgumentException("packet too long: " + total);
        byte[] p = new byte[total];
        p[0] = (byte) (0x40 | (hl / 4));
        p[1] = (byte) tos;
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        p[8] = (byte) ttl;
        p[9] = (byte) protocol;
        putInt(p, 12, source);
        putInt(p, 16, destination);
        if (routerAlert) {
            p[20] = (byte) 0x94;
            p[21] = 4;
        }
        int c = checksum(p, 0, hl);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        System.arraycopy(payload, 0, p, hl, payload.length);
        return p;
    }

    /** Header length in bytes, or -1 if {@code p} is not a plausible IPv4 packet of {@code len} bytes. */
    public static int headerLength(byte[] p, int len) {
        if (len < 20 || (p[0] & 0xF0) != 0x40) return -1;
        int hl = (p[0] & 0x0F) * 4;
        if (hl < 20 || hl > len) return -1;
        return hl;
    }

    /** True if the header carries a Router Alert option. */
    public static boolean hasRouterAlert(byte[] p, int hl) {
        int i = 20;
        while (i < hl) {
            int type = p[i] & 0xFF;
            if (type == 0) return false;
            if (type == 1) { i++; continue; }
            if (i + 1 >= hl) return false;
            int olen = p[i + 1] & 0xFF;
            if (olen < 2) return false;
            if (type == 0x94) return true;
            i += olen;
        }
        return false;
    }

    public static int totalLength(byte[] p) { return ((p[2] & 0xFF) << 8) | (p[3] & 0xFF); }

    public static int ttl(byte[] p) { return p[8] & 0xFF; }

    public static int protocol(byte[] p) { return p[9] & 0xFF; }

    public static int source(byte[] p) { return getInt(p, 12); }

    public static int destination(byte[] p) { return getInt(p, 16); }

    public static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
