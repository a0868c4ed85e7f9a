package org.openmgm.igmp.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A tiny classic-pcap reader and writer for tests: Ethernet, Linux cooked (SLL/SLL2) and raw IP link types. */
public final class PcapFile {
    private PcapFile() {}

    /** One captured frame: its 1-based number, the IPv4 packet inside (null if not IPv4) and the raw frame. */
    public record Frame(int number, byte[] ip, byte[] raw) {}

    public static List<Frame> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.limit() >= 12 && b.getInt(0) == 0x0A0D0D0A) return readPcapng(b);
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) b.order(ByteOrder.LITTLE_ENDIAN);
        else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) b.order(ByteOrder.BIG_ENDIAN);
        else throw new IOException(file + ": not a classic pcap file");
        int linkType = b.getInt(20) & 0x0FFFFFFF;
        List<Frame> frames = new ArrayList<>();
        int pos = 24;
        int n = 0;
        while (pos + 16 <= b.limit()) {
            int incl = b.getInt(pos + 8);
            pos += 16;
            if (incl < 0 || pos + incl > b.limit()) break;
            byte[] raw = new byte[incl];
            b.get(pos, raw);
            pos += incl;
            frames.add(new Frame(++n, ipOf(raw, linkType), raw));
        }
        return frames;
    }

    /** pcapng: section header, interface description and enhanced/simple packet blocks. */
    private static List<Frame> readPcapng(ByteBuffer b) throws IOException {
        List<Frame> frames = new ArrayList<>();
        List<Integer> linkTypes = new ArrayList<>();
        int pos = 0;
        int n = 0;
        while (pos + 12 <= b.limit()) {
            int type = b.getInt(pos);
            if (type == 0x0A0D0D0A) {
                int bom = b.order(ByteOrder.LITTLE_ENDIAN).getInt(pos + 8);
                b.order(bom == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                linkTypes.clear();
            }
            int len = b.getInt(pos + 4);
            if (len < 12 || pos + len > b.limit()) throw new IOException("bad pcapng block length " + len + " at " + pos);
            if (type == 1) linkTypes.add(b.getShort(pos + 8) & 0xFFFF);
            else if (type == 6) {
                int ifId = b.getInt(pos + 8);
                int cap = b.getInt(pos + 20);
                byte[] raw = new byte[cap];
                b.get(pos + 28, raw);
                frames.add(new Frame(++n, ipOf(raw, ifId < linkTypes.size() ? linkTypes.get(ifId) : 1), raw));
            } else if (type == 3) {
                int cap = len - 16;
                byte[] raw = new byte[Math.min(cap, b.getInt(pos + 8))];
                b.get(pos + 12, raw);
                frames.add(new Frame(++n, ipOf(raw, linkTypes.isEmpty() ? 1 : linkTypes.get(0)), raw));
            }
            pos += len;
        }
        return frames;
    }

    private static byte[] ipOf(byte[] f, int linkType) {
        int off;
        int etherType;
        switch (linkType) {
            case 1 -> { // Ethernet, with optional 802.1Q tags
                off = 14;
                if (f.length < 14) return null;
                etherType = ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
                while ((etherType == 0x8100 || etherType == 0x88a8) && f.length >= off + 4) {
                    etherType = ((f[off + 2] & 0xFF) << 8) | (f[off + 3] & 0xFF);
                    off += 4;
                }
            }
            case 113 -> { off = 16; if (f.length < 16) return null; etherType = ((f[14] & 0xFF) << 8) | (f[15] & 0xFF); }
            case 276 -> { off = 20; if (f.length < 20) return null; etherType = ((f[0] & 0xFF) << 8) | (f[1] & 0xFF); }
            case 101, 12, 228 -> { off = 0; etherType = 0x0800; }
            default -> { return null; }
        }
        if (etherType != 0x0800 || f.length <= off || (f[off] & 0xF0) != 0x40) return null;
        byte[] ip = new byte[f.length - off];
        System.arraycopy(f, off, ip, 0, ip.length);
        return ip;
    }

    /** Writes IPv4 packets as Ethernet frames (multicast destination MAC from the IP destination). */
    public static void writeEthernet(Path file, List<byte[]> ipPackets) throws IOException {
        int size = 24;
        for (byte[] p : ipPackets) size += 16 + 14 + p.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int i = 0;
        for (byte[] p : ipPackets) {
            b.putInt(1_700_000_000 + i).putInt(i++ * 1000).putInt(14 + p.length).putInt(14 + p.length);
            int dst = ((p[16] & 0xFF) << 24) | ((p[17] & 0xFF) << 16) | ((p[18] & 0xFF) << 8) | (p[19] & 0xFF);
            if ((dst & 0xF0000000) == 0xE0000000)
                b.put((byte) 0x01).put((byte) 0x00).put((byte) 0x5e).put((byte) ((dst >>> 16) & 0x7F)).put((byte) (dst >>> 8)).put((byte) dst);
            else b.put(new byte[] {2, 0, 0, 0, 0, 2});
            b.put(new byte[] {2, 0, 0, 0, 0, 1});
            b.put((byte) 0x08).put((byte) 0x00);
            b.put(p);
        }
        Files.write(file, b.array());
    }
}
