package org.openmgm.dataplane.pcap.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.dataplane.pcap.testutil.Packets;

class FramesTest {

    private static MemorySegment segment(Arena a, byte[] b) {
        MemorySegment s = a.allocate(b.length);
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
        return s;
    }

    private static byte[] bytes(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    @Property(tries = 2000)
    void incrementalTtlDecrementEqualsFullRecomputation(@ForAll int src, @ForAll int dst, @ForAll @IntRange(min = 1, max = 255) int ttl,
            @ForAll @IntRange(min = 0, max = 255) int proto, @ForAll @IntRange(min = 0, max = 255) int tos, @ForAll boolean routerAlert) {
        byte[] ip = Ipv4Packets.build(src, dst, proto, ttl, tos, routerAlert, new byte[8]);
        int hl = Ipv4Packets.headerLength(ip, ip.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = segment(a, ip);
            Frames.decrementTtl(s, 0);
            byte[] got = bytes(s);
            assertEquals(ttl - 1, got[8] & 0xFF);
            assertEquals(0, Ipv4Packets.checksum(got, 0, hl), "header checksum must verify after the incremental update");
            byte[] expected = Ipv4Packets.build(src, dst, proto, ttl - 1, tos, routerAlert, new byte[8]);
            assertArrayEquals(java.util.Arrays.copyOf(expected, hl), java.util.Arrays.copyOf(got, hl));
        }
    }

    @Test
    void partialUdpChecksumFromOffloadIsCompletedAndValidOnesAreLeftAlone() {
        byte[] partial = Packets.udpFrame("198.18.1.10", "239.1.1.1", 8, 7, 64, true);
        byte[] good = Packets.udpFrame("198.18.1.10", "239.1.1.1", 8, 7, 64, false);
        assertFalse(Packets.udpChecksumValid(partial));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = segment(a, partial);
            int hl = 20, total = partial.length - 14;
            assertFalse(Frames.udpChecksumOk(s, 14, hl, total));
            assertTrue(Frames.fixPartialUdpChecksum(s, 14, hl, total));
            assertArrayEquals(good, bytes(s));
            assertTrue(Frames.udpChecksumOk(s, 14, hl, total));

            MemorySegment g = segment(a, good);
            Frames.fixPartialUdpChecksum(g, 14, hl, total);
            assertArrayEquals(good, bytes(g), "a valid checksum is never changed");
        }
    }

    @Test
    void corruptUdpChecksumIsNotRepaired() {
        byte[] bad = Packets.udpFrame("198.18.1.10", "239.1.1.1", 8, 7, 64, false);
        bad[14 + 20 + 6] ^= 0x5A;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = segment(a, bad);
            assertFalse(Frames.fixPartialUdpChecksum(s, 14, 20, bad.length - 14));
            assertArrayEquals(bad, bytes(s));
        }
    }

    @Test
    void multicastMacCarriesTheLow23BitsOfTheGroup() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(6);
            Frames.putMulticastMac(s, 0, org.openmgm.api.Ipv4.parse("239.129.2.3"));
            assertEquals("01:00:5e:01:02:03", Frames.formatMac(bytes(s)));
        }
    }
}
