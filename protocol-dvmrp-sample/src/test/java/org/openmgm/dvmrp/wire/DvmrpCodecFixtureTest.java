package org.openmgm.dvmrp.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openmgm.api.Ipv4;
import org.openmgm.dvmrp.wire.DvmrpMessage.*;

/** Every DVMRP message in the mrouted (and scapy) captures decodes and re-encodes to the same bytes. */
class DvmrpCodecFixtureTest {
    static final Path PCAPS = Path.of(System.getProperty("openmgm.fixtures", "/work/shared/fixtures/pcaps"));

    record Captured(String where, byte[] ip, byte[] dvmrp) {
        @Override
        public String toString() {
            return where;
        }
    }

    static Stream<Captured> captured() throws IOException {
        List<Captured> all = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(PCAPS)) {
            s.filter(p -> p.getFileName().toString().matches("dvmrp-.*\\.pcap|scapy-crafted\\.pcap")).sorted().forEach(files::add);
        }
        try (Stream<Path> s = Files.list(PCAPS.resolve("single"))) {
            s.filter(p -> p.getFileName().toString().startsWith("dvmrp-")).sorted().forEach(files::add);
        }
        for (Path f : files) {
            List<byte[]> frames = PcapReader.frames(f);
            for (int i = 0; i < frames.size(); i++) {
                byte[] ip = PcapReader.ipOf(frames.get(i));
                byte[] d = PcapReader.dvmrpOf(ip);
                if (d != null) all.add(new Captured(f.getFileName() + "#" + (i + 1), ip, d));
            }
        }
        return all.stream();
    }

    @Test
    void capturesHoldEveryMessageKind() throws IOException {
        assertTrue(PCAPS.toFile().isDirectory(), "fixtures at " + PCAPS);
        List<Integer> codes = captured().map(c -> c.dvmrp()[1] & 0xFF).distinct().sorted().toList();
        assertEquals(List.of(1, 2, 5, 6, 7, 8, 9), codes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void capturedMessageReEncodesToTheSameBytes(Captured c) throws Exception {
        DvmrpMessage m = DvmrpCodec.parse(c.dvmrp(), 0, c.dvmrp().length);
        assertEquals(HexFormat.of().formatHex(c.dvmrp()), HexFormat.of().formatHex(DvmrpCodec.encode(m)), m.toString());
        DvmrpCodec.IpDvmrp viaIp = DvmrpCodec.parseIp(c.ip(), c.ip().length);
        assertEquals(m, viaIp.message());
    }

    private static DvmrpMessage single(String name) throws Exception {
        byte[] ip = PcapReader.ipOf(PcapReader.frames(PCAPS.resolve("single").resolve(name + ".pcap")).getFirst());
        byte[] d = PcapReader.dvmrpOf(ip);
        return DvmrpCodec.parse(d, 0, d.length);
    }

    @Test
    void mroutedProbeCarriesGenerationIdCapabilitiesAndNeighbour() throws Exception {
        Probe p = (Probe) single("dvmrp-probe-mrouted");
        assertEquals(0xFF030000, p.generationId());
        assertEquals(List.of(Ipv4.parse("198.18.20.1")), p.neighbors());
        assertEquals(0x0E, p.header().capabilities());
        assertTrue(p.header().has(Header.CAP_PRUNE) && p.header().has(Header.CAP_GENID) && p.header().has(Header.CAP_MTRACE));
        assertEquals(3, p.header().major());
        assertEquals(0xFF, p.header().minor());
        assertEquals(List.of(), ((Probe) single("dvmrp-probe-mrouted-noneighbor")).neighbors());
    }

    @Test
    void mroutedReportDecompressesMaskAndOrigins() throws Exception {
        Report r = (Report) single("dvmrp-report-mrouted");
        assertEquals(List.of(new RouteEntry(Ipv4.parse("198.18.2.0"), Ipv4.maskOf(24), 1),
                new RouteEntry(Ipv4.parse("198.18.3.0"), Ipv4.maskOf(24), 1)), r.routes());
    }

    @Test
    void mroutedPruneGraftAndAckCarrySourceGroupLifetime() throws Exception {
        Prune p = (Prune) single("dvmrp-prune-mrouted");
        assertEquals(Ipv4.parse("198.18.1.0"), p.source());
        assertEquals(Ipv4.parse("239.2.2.2"), p.group());
        assertEquals(9139, p.lifetimeSeconds());
        assertNull(p.sourceMask());
        Graft g = (Graft) single("dvmrp-graft-mrouted");
        assertEquals(Ipv4.parse("239.2.2.2"), g.group());
        GraftAck a = (GraftAck) single("dvmrp-graft-ack-mrouted");
        assertEquals(g.source(), a.source());
    }

    @Test
    void mroutedNeighbors2ListsInterfacesWithFlags() throws Exception {
        Neighbors2 n = (Neighbors2) single("dvmrp-neighbors2-mrouted");
        assertEquals(2, n.interfaces().size());
        Neighbors2Entry leaf = n.interfaces().get(0);
        assertEquals(Ipv4.parse("198.18.1.1"), leaf.localAddress());
        assertEquals(Neighbors2Entry.FLAG_LEAF | Neighbors2Entry.FLAG_QUERIER, leaf.flags());
        assertEquals(List.of(Ipv4.parse("198.18.20.2")), n.interfaces().get(1).neighbors());
        assertInstanceOf(AskNeighbors2.class, single("dvmrp-ask-neighbors2-mrinfo"));
    }
}
