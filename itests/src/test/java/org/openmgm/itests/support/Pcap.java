package org.openmgm.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;

/** Minimal classic pcap (Ethernet) writer and reader for the offline data-plane tests. */
public final class Pcap {
    private Pcap() {}

    /** One frame with its capture time in microseconds. */
    public record Frame(long micros, byte[] data) {
        /** The IPv4 packet inside the Ethernet frame. */
        public byte[] ip() {
            byte[] ip = new byte[data.length - 14];
            System.arraycopy(data, 14, ip, 0, ip.length);
            return ip;
        }

        public boolean isIpv4() {
            return data.length > 34 && (data[12] & 0xFF) == 0x08 && data[13] == 0;
        }
    }

    public static void write(Path file, List<Frame> frames) {
        ByteBuffer b = ByteBuffer.allocate(24 + frames.stream().mapToInt(f -> 16 + f.data.length).sum()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (Frame f : frames) {
            b.putInt((int) (f.micros / 1_000_000)).putInt((int) (f.micros % 1_000_000)).putInt(f.data.length).putInt(f.data.length).put(f.data);
        }
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Frame> read(Path file) {
        List<Frame> out = new ArrayList<>();
        try {
            if (!Files.exists(file)) return out;
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 24) return out;
            int magic = b.getInt();
            boolean nanos = magic == 0xa1b23c4d;
            b.position(24);
            while (b.remaining() >= 16) {
                long sec = b.getInt() & 0xFFFFFFFFL, frac = b.getInt() & 0xFFFFFFFFL;
                int incl = b.getInt();
                b.getInt();
                if (incl < 0 || incl > b.remaining()) break;
                byte[] d = new byte[incl];
                b.get(d);
                out.add(new Frame(sec * 1_000_000 + (nanos ? frac / 1000 : frac), d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** An Ethernet frame carrying {@code ip} to its multicast group's MAC (01:00:5e + low 23 bits). */
    public static byte[] ethernetMulticast(byte[] srcMac, byte[] ip) {
        int dst = Ipv4Packets.destination(ip);
        byte[] f = new byte[14 + ip.length];
        f[0] = 0x01;
        f[1] = 0x00;
        f[2] = 0x5e;
        f[3] = (byte) ((dst >> 16) & 0x7F);
        f[4] = (byte) (dst >> 8);
        f[5] = (byte) dst;
        System.arraycopy(srcMac, 0, f, 6, 6);
        f[12] = 0x08;
        System.arraycopy(ip, 0, f, 14, ip.length);
        return f;
    }

    /** A UDP datagram (checksum 0 = none) from {@code src} to {@code group}:{@code port} with a 4-byte sequence number. */
    public static byte[] udp(String src, String group, int port, int ttl, int seq) {
        byte[] udp = new byte[8 + 32];
        udp[0] = (byte) (port >> 8);
        udp[1] = (byte) port;
        udp[2] = (byte) (port >> 8);
        udp[3] = (byte) port;
        udp[4] = 0;
        udp[5] = (byte) udp.length;
        Ipv4Packets.putInt(udp, 8, seq);
        return Ipv4Packets.build(Ipv4.parse(src), Ipv4.parse(group), Ipv4Packets.PROTO_UDP, ttl, 0, false, udp);
    }
}
