package org.openmgm.dataplane.pcap.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Plain-Java pcap reading and writing (classic format, Ethernet), independent of the bindings under test. */
public final class PcapFiles {
    private PcapFiles() {}

    public record Frame(long timestampMicros, byte[] data) {}

    public static void write(Path file, List<Frame> frames) throws IOException {
        int size = 24;
        for (Frame f : frames) size += 16 + f.data().length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (Frame f : frames) {
            b.putInt((int) (f.timestampMicros() / 1_000_000)).putInt((int) (f.timestampMicros() % 1_000_000));
            b.putInt(f.data().length).putInt(f.data().length).put(f.data());
        }
        Files.write(file, b.array());
    }

    public static List<Frame> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt();
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) throw new IOException("not a little-endian pcap: " + Integer.toHexString(magic));
        boolean nanos = magic == 0xa1b23c4d;
        b.position(24);
        List<Frame> out = new ArrayList<>();
        while (b.remaining() >= 16) {
            long sec = Integer.toUnsignedLong(b.getInt()), frac = Integer.toUnsignedLong(b.getInt());
            int caplen = b.getInt();
            b.getInt();
            byte[] d = new byte[caplen];
            b.get(d);
            out.add(new Frame(sec * 1_000_000 + (nanos ? frac / 1000 : frac), d));
        }
        return out;
    }
}
