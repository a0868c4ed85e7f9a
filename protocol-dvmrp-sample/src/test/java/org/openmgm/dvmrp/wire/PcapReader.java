package org.openmgm.dvmrp.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A tiny reader of classic pcap and pcapng files (Ethernet link type): the frames, in order. */
final class PcapReader {
    private PcapReader() {}

    static List<byte[]> frames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 24) throw new IOException("too short: " + file);
        int magicBe = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magicBe == 0x0A0D0D0A) return pcapng(b);
        return classic(b, file);
    }

    private static List<byte[]> classic(ByteBuffer b, Path file) throws IOException {
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D) b.order(ByteOrder.LITTLE_ENDIAN);
        else b.order(ByteOrder.BIG_ENDIAN);
        int linkType = b.getInt(20);
        if (linkType != 1) throw new IOException("link type " + linkType + " in " + file);
        List<byte[]> out = new ArrayList<>();
        int p = 24;
        while (p + 16 <= b.limit()) {
            int incl = b.getInt(p + 8);
            p += 16;
            if (incl < 0 || p + incl > b.limit()) break;
            out.add(Arrays.copyOfRange(b.array(), p, p + incl));
            p += incl;
        }
        return out;
    }

    private static List<byte[]> pcapng(ByteBuffer b) throws IOException {
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        while (p + 12 <= b.limit()) {
            if (b.order(ByteOrder.BIG_ENDIAN).getInt(p) == 0x0A0D0D0A) {
                int bom = b.getInt(p + 8);
                order = bom == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            }
            b.order(order);
            int type = b.getInt(p);
            int len = b.getInt(p + 4);
            if (len < 12 || p + len > b.limit()) throw new IOException("bad pcapng block length " + len);
            if (type == 1 && (b.getShort(p + 8) & 0xFFFF) != 1) throw new IOException("link type " + b.getShort(p + 8));
            if (type == 6) {
                int cap = b.getInt(p + 20);
                out.add(Arrays.copyOfRange(b.array(), p + 28, p + 28 + cap));
            } else if (type == 3) {
                int orig = b.getInt(p + 8);
                out.add(Arrays.copyOfRange(b.array(), p + 12, p + 12 + Math.min(orig, len - 16)));
            }
            p += len;
        }
        return out;
    }

    /** The IPv4 packet inside an Ethernet frame (trimmed to its total length), or null if not IPv4. */
    static byte[] ipOf(byte[] frame) {
        if (frame.length < 34 || (frame[12] & 0xFF) != 0x08 || frame[13] != 0) return null;
        int total = ((frame[16] & 0xFF) << 8) | (frame[17] & 0xFF);
        return Arrays.copyOfRange(frame, 14, Math.min(frame.length, 14 + total));
    }

    /** The IGMP payload of an IPv4 packet carrying DVMRP (IGMP type 0x13), or null. */
    static byte[] dvmrpOf(byte[] ip) {
        if (ip == null || (ip[9] & 0xFF) != 2) return null;
        int hl = (ip[0] & 0x0F) * 4;
        if (ip.length <= hl || (ip[hl] & 0xFF) != 0x13) return null;
        return Arrays.copyOfRange(ip, hl, ip.length);
    }
}
