package org.openmgm.pim.packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Just enough of pcap and pcapng to get the IPv4 packets of Ethernet captures. */
public final class PcapReader {
    private PcapReader() {}

    /** The IPv4 packets (header included) of every Ethernet frame with ethertype 0x0800. */
    public static List<byte[]> ipv4Packets(Path file) throws IOException {
        List<byte[]> frames = frames(file);
        List<byte[]> out = new ArrayList<>();
        for (byte[] f : frames) {
            if (f.length < 34) continue;
            int et = ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
            int off = 14;
            if (et == 0x8100 && f.length >= 38) {
                et = ((f[16] & 0xFF) << 8) | (f[17] & 0xFF);
                off = 18;
            }
            if (et != 0x0800) continue;
            byte[] ip = new byte[f.length - off];
            System.arraycopy(f, off, ip, 0, ip.length);
            out.add(ip);
        }
        return out;
    }

    public static List<byte[]> frames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        List<byte[]> out = new ArrayList<>();
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.position(24);
            while (b.remaining() >= 16) {
                b.getInt();
                b.getInt();
                int incl = b.getInt();
                b.getInt();
                if (incl < 0 || incl > b.remaining()) break;
                byte[] f = new byte[incl];
                b.get(f);
                out.add(f);
            }
        } else if (magic == 0x0A0D0D0A) {
            b.position(0);
            while (b.remaining() >= 12) {
                int start = b.position();
                int type = b.getInt();
                int len = b.getInt();
                if (len < 12 || start + len > b.limit()) break;
                if (type == 6) { // Enhanced Packet Block
                    b.getInt(); // interface id
                    b.getInt();
                    b.getInt();
                    int captured = b.getInt();
                    b.getInt();
                    byte[] f = new byte[captured];
                    b.get(f);
                    out.add(f);
                }
                b.position(start + len);
            }
        } else {
            throw new IOException("not a pcap file: " + file);
        }
        return out;
    }
}
