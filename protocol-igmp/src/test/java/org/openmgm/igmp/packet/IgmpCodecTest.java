package org.openmgm.igmp.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;

class IgmpCodecTest {
    private final IgmpCodec codec = new IgmpCodec();
    private static final int SRC = Ipv4.parse("198.18.2.2");
    private static final int G = Ipv4.parse("239.1.1.1");

    private DropReason reason(byte[] p) {
        return assertInstanceOf(ParseResult.Dropped.class, codec.parse(p)).reason();
    }

    private static byte[] withTtl(byte[] p, int ttl) {
        p[8] = (byte) ttl;
        p[10] = 0;
        p[11] = 0;
        int c = Ipv4Packets.checksum(p, 0, Ipv4Packets.headerLength(p, p.length));
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        return p;
    }

    @Test
    void maxRespCodeUsesTheFloatingPointFormAbove127() {
        assertEquals(100, IgmpCodec.decodeExponential(100));
        assertEquals(128, IgmpCodec.decodeExponential(0x80));
        assertEquals(31744, IgmpCodec.decodeExponential(0xFF));
        for (int v : new int[] {0, 1, 127, 128, 129, 200, 1000, 3175, 31744})
            assertTrue(IgmpCodec.decodeExponential(IgmpCodec.encodeExponential(v)) >= v, "value " + v);
        assertEquals(0xFF, IgmpCodec.encodeExponential(1_000_000));
    }

    @Test
    void ttlOtherThanOneIsDropped() {
        assertEquals(DropReason.BAD_TTL, reason(withTtl(IgmpCodec.report(SRC, 2, G), 2)));
    }

    @Test
    void v2AndV3MessagesWithoutRouterAlertAreDroppedButV1IsNot() {
        byte[] v2 = IgmpCodec.report(SRC, 2, G);
        byte[] noRa = Ipv4Packets.build(SRC, G, 2, 1, 0xC0, false, java.util.Arrays.copyOfRange(v2, 24, 32));
        assertEquals(DropReason.NO_ROUTER_ALERT, reason(noRa));
        assertInstanceOf(ParseResult.Parsed.class, new IgmpCodec(false).parse(noRa));
        assertInstanceOf(ParseResult.Parsed.class, codec.parse(IgmpCodec.report(SRC, 1, G)));
    }

    @Test
    void corruptedChecksumIsDropped() {
        byte[] p = IgmpCodec.leave(SRC, G);
        p[p.length - 1] ^= 1;
        assertEquals(DropReason.BAD_CHECKSUM, reason(p));
    }

    @Test
    void multicastSourceAddressIsDropped() {
        byte[] m = java.util.Arrays.copyOfRange(IgmpCodec.report(SRC, 2, G), 24, 32);
        assertEquals(DropReason.BAD_SOURCE, reason(Ipv4Packets.build(G, G, 2, 1, 0, true, m)));
    }

    @Test
    void reportForANonMulticastGroupIsDropped() {
        assertEquals(DropReason.BAD_GROUP, reason(IgmpCodec.report(SRC, 2, Ipv4.parse("10.0.0.1"))));
    }

    @Test
    void truncatedV3ReportIsDropped() {
        byte[] p = IgmpCodec.v3Report(SRC, List.of(new GroupRecord(RecordType.ALLOW_NEW_SOURCES, G, List.of(SRC, SRC + 1))));
        // claim more sources than the message holds, keep the checksum right
        p[24 + 8 + 3] = 9;
        p[24 + 2] = 0;
        p[24 + 3] = 0;
        int c = Ipv4Packets.checksum(p, 24, p.length - 24);
        p[26] = (byte) (c >>> 8);
        p[27] = (byte) c;
        assertEquals(DropReason.TRUNCATED, reason(p));
    }

    @Test
    void packetShorterThanItsIpTotalLengthIsDroppedAsTruncated() {
        byte[] p = IgmpCodec.report(SRC, 2, G);
        assertEquals(DropReason.TRUNCATED, assertInstanceOf(ParseResult.Dropped.class, codec.parse(p, p.length - 1)).reason());
    }

    @Test
    void unknownTypeIsCountedAsUnknownAndDvmrpIsIgnored() {
        byte[] m = new byte[8];
        m[0] = 0x42;
        int c = Ipv4Packets.checksum(m, 0, 8);
        m[2] = (byte) (c >>> 8);
        m[3] = (byte) c;
        assertEquals(DropReason.UNKNOWN_TYPE, reason(Ipv4Packets.build(SRC, G, 2, 1, 0, true, m)));
        m[0] = 0x13;
        assertInstanceOf(ParseResult.Ignored.class, codec.parse(Ipv4Packets.build(SRC, G, 2, 255, 0, false, m)));
    }

    @Test
    void garbageNeverThrows() {
        var rnd = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] p = new byte[rnd.nextInt(80)];
            rnd.nextBytes(p);
            if (p.length > 0 && rnd.nextBoolean()) p[0] = 0x45;
            assertNotNull(codec.parse(p));
        }
        assertNotNull(codec.parse(null));
    }

    @Test
    void unknownRecordTypesAreSkippedAndTheOthersKept() {
        byte[] p = IgmpCodec.v3Report(SRC, List.of(new GroupRecord(RecordType.ALLOW_NEW_SOURCES, G, List.of(SRC)),
                new GroupRecord(RecordType.MODE_IS_EXCLUDE, G + 1, List.of())));
        p[24 + 8] = 9; // first record: unknown type 9
        p[26] = 0;
        p[27] = 0;
        int c = Ipv4Packets.checksum(p, 24, p.length - 24);
        p[26] = (byte) (c >>> 8);
        p[27] = (byte) c;
        var r = (IgmpMessage.V3Report) ((ParseResult.Parsed) codec.parse(p)).message();
        assertEquals(List.of(new GroupRecord(RecordType.MODE_IS_EXCLUDE, G + 1, List.of())), r.records());
    }

    @Test
    void largeRecordListsAreSplitAcrossReportsThatFitTheMtu() {
        List<Integer> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) many.add(SRC + i);
        List<byte[]> reports = IgmpCodec.v3Reports(SRC, List.of(new GroupRecord(RecordType.ALLOW_NEW_SOURCES, G, many)), 1500);
        int total = 0;
        for (byte[] p : reports) {
            assertTrue(p.length <= 1500);
            var r = (IgmpMessage.V3Report) ((ParseResult.Parsed) codec.parse(p)).message();
            total += r.records().stream().mapToInt(x -> x.sources().size()).sum();
        }
        assertEquals(1000, total);
    }
}
