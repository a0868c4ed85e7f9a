package org.openmgm.dvmrp.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.dvmrp.wire.DvmrpMessage.*;

class DvmrpCodecTest {
    static final Header H = Header.OPENMGM;

    private static DvmrpMessage roundTrip(DvmrpMessage m) throws DvmrpParseException {
        byte[] b = DvmrpCodec.encode(m);
        return DvmrpCodec.parse(b, 0, b.length);
    }

    @Test
    void reportWithMixedMasksAndDefaultRouteRoundTrips() throws Exception {
        List<RouteEntry> routes = List.of(
                new RouteEntry(0, 0, 5),
                new RouteEntry(Ipv4.parse("10.0.0.0"), Ipv4.maskOf(8), 3),
                new RouteEntry(Ipv4.parse("172.16.0.0"), Ipv4.maskOf(16), 2),
                new RouteEntry(Ipv4.parse("198.18.1.0"), Ipv4.maskOf(24), 1),
                new RouteEntry(Ipv4.parse("198.18.2.0"), Ipv4.maskOf(24), 33),
                new RouteEntry(Ipv4.parse("198.18.3.128"), Ipv4.maskOf(25), 32),
                new RouteEntry(Ipv4.parse("198.18.4.1"), Ipv4.maskOf(32), 7));
        Report r = new Report(H, routes);
        byte[] b = DvmrpCodec.encode(r);
        assertEquals(DvmrpCodec.HEADER_LENGTH + DvmrpCodec.reportBodyLength(routes), b.length);
        assertEquals(r, DvmrpCodec.parse(b, 0, b.length));
        // default route and 10/8 share the wire mask 00 00 00 (one group): origin 0 metric 5, origin 10 metric 3 + end bit
        assertArrayEquals(new byte[] {0, 0, 0, 0, 5, 10, (byte) 0x83}, java.util.Arrays.copyOfRange(b, 8, 15));
    }

    @Test
    void everyMessageKindRoundTrips() throws Exception {
        List<DvmrpMessage> all = List.of(
                new Probe(H, 0x12345678, List.of(Ipv4.parse("198.18.0.1"), Ipv4.parse("198.18.0.2"))),
                new AskNeighbors2(H),
                new Neighbors2(H, List.of(new Neighbors2Entry(Ipv4.parse("198.18.0.1"), 1, 1, 0, List.of(Ipv4.parse("198.18.0.2"))))),
                new Prune(H, Ipv4.parse("198.18.1.5"), Ipv4.parse("239.1.1.1"), 7200, Ipv4.maskOf(24)),
                new Prune(H, Ipv4.parse("198.18.1.5"), Ipv4.parse("239.1.1.1"), 7200, null),
                new Graft(H, Ipv4.parse("198.18.1.5"), Ipv4.parse("239.1.1.1"), null),
                new GraftAck(H, Ipv4.parse("198.18.1.5"), Ipv4.parse("239.1.1.1"), Ipv4.maskOf(32)));
        for (DvmrpMessage m : all) assertEquals(m, roundTrip(m));
    }

    @Test
    void badChecksumIsRejectedWithItsReason() {
        byte[] b = DvmrpCodec.encode(new Probe(H, 1, List.of()));
        b[9] ^= 1;
        DvmrpParseException e = assertThrows(DvmrpParseException.class, () -> DvmrpCodec.parse(b, 0, b.length));
        assertEquals(DropReason.BAD_CHECKSUM, e.reason());
    }

    @Test
    void truncatedReportIsRejected() {
        byte[] full = DvmrpCodec.encode(new Report(H, List.of(new RouteEntry(Ipv4.parse("198.18.1.0"), Ipv4.maskOf(24), 1))));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 1);
        fixChecksum(cut);
        assertEquals(DropReason.TRUNCATED, assertThrows(DvmrpParseException.class, () -> DvmrpCodec.parse(cut, 0, cut.length)).reason());
    }

    @Test
    void unknownCodeAndShortPacketAreRejected() {
        byte[] b = DvmrpCodec.encode(new AskNeighbors2(H));
        b[1] = 3;
        fixChecksum(b);
        assertEquals(DropReason.UNKNOWN_CODE, assertThrows(DvmrpParseException.class, () -> DvmrpCodec.parse(b, 0, b.length)).reason());
        assertEquals(DropReason.TOO_SHORT, assertThrows(DvmrpParseException.class, () -> DvmrpCodec.parse(b, 0, 7)).reason());
    }

    @Test
    void nonDvmrpIgmpIsNotAnError() throws Exception {
        byte[] igmpQuery = {0x11, 0x64, (byte) 0xee, (byte) 0x9b, 0, 0, 0, 0};
        byte[] ip = org.openmgm.api.packet.Ipv4Packets.build(Ipv4.parse("198.18.0.1"), Ipv4.parse("224.0.0.1"), 2, 1, 0xc0, true, igmpQuery);
        assertNull(DvmrpCodec.parseIp(ip, ip.length));
    }

    @Test
    void bigReportsAreSplitToFit() throws Exception {
        List<RouteEntry> routes = new ArrayList<>();
        for (int i = 0; i < 600; i++) routes.add(new RouteEntry(Ipv4.parse("10.0.0.0") + (i << 8), Ipv4.maskOf(24), 1 + i % 30));
        List<Report> parts = DvmrpCodec.splitReports(H, routes, 576);
        assertTrue(parts.size() > 1);
        List<RouteEntry> back = new ArrayList<>();
        for (Report r : parts) {
            byte[] b = DvmrpCodec.encode(r);
            assertTrue(b.length <= 576, "report of " + b.length);
            back.addAll(((Report) DvmrpCodec.parse(b, 0, b.length)).routes());
        }
        assertEquals(routes, back);
    }

    static void fixChecksum(byte[] b) {
        b[2] = 0;
        b[3] = 0;
        int c = org.openmgm.api.packet.Ipv4Packets.checksum(b, 0, b.length);
        b[2] = (byte) (c >>> 8);
        b[3] = (byte) c;
    }
}
