package org.openmgm.pim.packet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openmgm.api.packet.Ipv4Packets;

/** The PIM captures of /work/shared/fixtures/pcaps (made with FRR and pimd, see PEERS.md). */
public final class PimFixtures {
    public static final Path DIR = Path.of(System.getProperty("openmgm.fixtures", "/work/shared/fixtures/pcaps"));

    private PimFixtures() {}

    public static boolean available() {
        return Files.isDirectory(DIR);
    }

    /** Capture files to decode: frr-rp*, pimd-* and single/pim*. */
    public static List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.filter(p -> p.getFileName().toString().matches("(frr-rp|pimd-).*\\.pcap")).sorted().forEach(out::add);
        }
        try (Stream<Path> s = Files.list(DIR.resolve("single"))) {
            s.filter(p -> p.getFileName().toString().matches("pim.*\\.pcap")).sorted().forEach(out::add);
        }
        return out;
    }

    /** PIM payloads (after the IP header) of the IPv4 packets in {@code file}. */
    public static List<byte[]> pimPayloads(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (byte[] ip : PcapReader.ipv4Packets(file)) {
            int hl = Ipv4Packets.headerLength(ip, ip.length);
            if (hl < 0 || Ipv4Packets.protocol(ip) != Ipv4Packets.PROTO_PIM) continue;
            int total = Math.min(ip.length, Ipv4Packets.totalLength(ip));
            byte[] pim = new byte[total - hl];
            System.arraycopy(ip, hl, pim, 0, pim.length);
            out.add(pim);
        }
        return out;
    }

    public static byte[] single(String name) throws IOException {
        return pimPayloads(DIR.resolve("single").resolve(name + ".pcap")).getFirst();
    }
}
