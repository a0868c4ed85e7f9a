package org.openmgm.dataplane.pcap.ffm;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.dataplane.pcap.testutil.Packets;
import org.openmgm.dataplane.pcap.testutil.PcapFiles;

/** The bindings themselves, without root: version, device list, savefile write and read, BPF filters. */
class LibpcapTest {

    @BeforeAll
    static void libpcap() {
        assumeTrue(Libpcap.available(), "libpcap.so.0.8 not installed");
    }

    @Test
    void libraryReportsItsVersionAndListsTheLoopbackDevice() {
        try (Libpcap lib = Libpcap.load()) {
            assertTrue(lib.version().startsWith("libpcap version"), lib.version());
            List<String> devs = lib.deviceNames();
            assertTrue(devs.contains("lo"), devs.toString());
        }
    }

    @Test
    void framesDumpedThroughADeadHandleReadBackThroughAnOfflineHandleWithAFilter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.pcap");
        byte[] udp = Packets.udpFrame("198.18.1.10", "239.1.1.1", 5, 1, 40, false);
        byte[] igmp = Packets.ethernet(Packets.multicastMac(Ipv4.parse("239.1.1.1")), Packets.SENDER_MAC,
                Ipv4Packets.build(Ipv4.parse("198.18.1.10"), Ipv4.parse("239.1.1.1"), 2, 1, 0, true, new byte[8]));
        try (Libpcap lib = Libpcap.load(); Arena arena = Arena.ofConfined()) {
            try (PcapHandle dead = lib.openDead(65535); PcapDumper d = dead.dumpOpen(file.toString())) {
                for (byte[] f : List.of(udp, igmp, udp)) {
                    MemorySegment s = arena.allocateFrom(ValueLayout.JAVA_BYTE, f);
                    d.dump(s, f.length, 1_500_000);
                }
            }
            assertEquals(3, PcapFiles.read(file).size(), "a plain reader sees what libpcap wrote");
            try (PcapHandle h = lib.openOffline(file.toString())) {
                h.setFilter("ip proto 2");
                assertEquals(1, h.next());
                assertEquals(igmp.length, h.captureLength);
                assertEquals(1_500_000, h.timestampMicros);
                assertEquals(2, PcapHandle.ALL.get(ValueLayout.JAVA_BYTE, h.packetAddress + 14 + 9));
                assertEquals(-2, h.next(), "end of file");
            }
            try (PcapHandle h = lib.openOffline(file.toString())) {
                assertThrows(PcapException.class, () -> h.setFilter("this is not bpf"));
            }
        }
        assertThrows(PcapException.class, () -> {
            try (Libpcap lib = Libpcap.load()) {
                lib.openOffline(dir.resolve("missing.pcap").toString());
            }
        });
    }
}
