package org.openmgm.igmp.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The shared packet captures (system property openmgm.fixtures, default /work/shared/fixtures/pcaps). */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir() {
        Path d = Path.of(System.getProperty("openmgm.fixtures", "/work/shared/fixtures/pcaps"));
        Assumptions.assumeTrue(Files.isDirectory(d), "fixtures not found at " + d);
        return d;
    }

    public static Path file(String name) {
        Path f = dir().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(f), "fixture missing: " + f);
        return f;
    }

    /** The only IPv4 packet of a one-packet capture in single/. */
    public static byte[] single(String name) throws IOException {
        List<PcapFile.Frame> frames = PcapFile.read(file("single/" + name + ".pcap"));
        return frames.get(0).ip();
    }

    /** Every IP protocol 2 packet of every capture (file name, frame number, packet). */
    public record IgmpPacket(String file, int frame, byte[] ip) {
        @Override
        public String toString() {
            return file + "#" + frame;
        }
    }

    public static List<IgmpPacket> allIgmpPackets() throws IOException {
        List<IgmpPacket> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir())) {
            files = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        for (Path f : files)
            for (PcapFile.Frame fr : PcapFile.read(f))
                if (fr.ip() != null && fr.ip().length > 9 && (fr.ip()[9] & 0xFF) == 2)
                    out.add(new IgmpPacket(dir().relativize(f).toString(), fr.number(), fr.ip()));
        return out;
    }
}
