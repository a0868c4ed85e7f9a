package org.openmgm.dataplane.pcap.testutil;

import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;

/** Builds Ethernet/IPv4/UDP test frames. */
public final class Packets {
    private Packets() {}

    public static final byte[] SENDER_MAC = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};

    /** An Ethernet frame carrying a UDP datagram with a correct checksum (or the offload-partial one if {@code partial}). */
    public static byte[] udpFrame(String src, String group, int ttl, int seq, int payloadLen, boolean partial) {
        byte[] payload = new byte[payloadLen];
        payload[0] = (byte) (seq >>> 24);
        payload[1] = (byte) (seq >>> 16);
        payload[2] = (byte) (seq >>> 8);
        payload[3] = (byte) seq;
        for (int i = 4; i < payloadLen; i++) payload[i] = (byte) (i * 7 + seq);
        byte[] udp = new byte[8 + payloadLen];
        udp[0] = (byte) (40000 >>> 8);
        udp[1] = (byte) 40000;
        udp[2] = (byte) (5000 >>> 8);
        udp[3] = (byte) 5000;
        udp[4] = (byte) (udp.length >>> 8);
        udp[5] = (byte) udp.length;
        System.arraycopy(payload, 0, udp, 8, payloadLen);
        int s = Ipv4.parse(src), g = Ipv4.parse(group);
        int csum = partial ? pseudoFolded(s, g, udp.length) : udpChecksum(s, g, udp);
        udp[6] = (byte) (csum >>> 8);
        udp[7] = (byte) csum;
        byte[] ip = Ipv4Packets.build(s, g, 17, ttl, 0, false, udp);
        return ethernet(multicastMac(g), SENDER_MAC, ip);
    }

    public static byte[] ethernet(byte[] dst, byte[] src, byte[] ip) {
        byte[] f = new byte[14 + ip.length];
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        f[12] = 0x08;
        System.arraycopy(ip, 0, f, 14, ip.length);
        return f;
    }

    public static byte[] multicastMac(int g) {
        return new byte[] {0x01, 0x00, 0x5e, (byte) ((g >>> 16) & 0x7f), (byte) (g >>> 8), (byte) g};
    }

    static int pseudoFolded(int s, int g, int udpLen) {
        long sum = (s >>> 16) + (s & 0xFFFF) + (g >>> 16) + (g & 0xFFFF) + 17 + udpLen;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) sum;
    }

    public static int udpChecksum(int s, int g, byte[] udp) {
        byte[] buf = new byte[12 + udp.length];
        Ipv4Packets.putInt(buf, 0, s);
        Ipv4Packets.putInt(buf, 4, g);
        buf[9] = 17;
        buf[10] = (byte) (udp.length >>> 8);
        buf[11] = (byte) udp.length;
        System.arraycopy(udp, 0, buf, 12, udp.length);
        buf[12 + 6] = 0;
        buf[12 + 7] = 0;
        int c = Ipv4Packets.checksum(buf, 0, buf.length);
        return c == 0 ? 0xFFFF : c;
    }

    /** True if the UDP checksum of the IPv4 packet in {@code frame} (at offset 14) verifies. */
    public static boolean udpChecksumValid(byte[] frame) {
        int hl = (frame[14] & 0x0F) * 4;
        int total = ((frame[16] & 0xFF) << 8) | (frame[17] & 0xFF);
        byte[] ip = java.util.Arrays.copyOfRange(frame, 14, 14 + total);
        byte[] udp = java.util.Arrays.copyOfRange(ip, hl, total);
        int field = ((udp[6] & 0xFF) << 8) | (udp[7] & 0xFF);
        return field == udpChecksum(Ipv4Packets.source(ip), Ipv4Packets.destination(ip), udp);
    }

    public static boolean ipChecksumValid(byte[] frame) {
        int hl = (frame[14] & 0x0F) * 4;
        return Ipv4Packets.checksum(frame, 14, hl) == 0;
    }
}
