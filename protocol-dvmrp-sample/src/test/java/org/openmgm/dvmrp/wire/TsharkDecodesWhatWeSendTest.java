package org.openmgm.dvmrp.wire;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmgm.api.Ipv4;
import org.openmgm.dvmrp.core.DvmrpRouter;
import org.openmgm.dvmrp.wire.DvmrpMessage.*;

/** Every message kind OpenMGM builds is decoded by tshark (Wireshark's DVMRP dissector) without malformed fields. */
class TsharkDecodesWhatWeSendTest {
    static final int ME = Ipv4.parse("198.18.20.1"), PEER = Ipv4.parse("198.18.20.2");

    static boolean tshark() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** A classic pcap (Ethernet) of IPv4 packets. */
    static byte[] pcap(List<byte[]> ipPackets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
        int t = 0;
        for (byte[] ip : ipPackets) {
            int dst = org.openmgm.api.packet.Ipv4Packets.destination(ip);
            byte[] eth = new byte[14 + ip.length];
            byte[] dmac = Ipv4.isMulticast(dst)
                    ? new byte[] {1, 0, 0x5e, (byte) ((dst >>> 16) & 0x7f), (byte) (dst >>> 8), (byte) dst}
                    : new byte[] {2, 0, 0, 0, 0, 2};
            System.arraycopy(dmac, 0, eth, 0, 6);
            System.arraycopy(new byte[] {2, 0, 0, 0, 0, 1}, 0, eth, 6, 6);
            eth[12] = 0x08;
            System.arraycopy(ip, 0, eth, 14, ip.length);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(++t).putInt(0).putInt(eth.length).putInt(eth.length);
            out.writeBytes(r.array());
            out.writeBytes(eth);
        }
        return out.toByteArray();
    }

    @Test
    void everyMessageWeBuildDecodesCleanly(@TempDir Path dir) throws Exception {
        assumeTrue(tshark(), "tshark is not installed");
        Header h = Header.OPENMGM;
        int g = Ipv4.parse("239.1.1.1"), s = Ipv4.parse("198.18.1.10");
        List<DvmrpMessage> msgs = List.of(
                new Probe(h, 0x5F5E1000, List.of(PEER)),
                new Report(h, List.of(new RouteEntry(Ipv4.parse("198.18.1.0"), Ipv4.maskOf(24), 1),
                        new RouteEntry(Ipv4.parse("198.18.2.0"), Ipv4.maskOf(24), 34),
                        new RouteEntry(Ipv4.parse("10.0.0.0"), Ipv4.maskOf(8), 5),
                        new RouteEntry(Ipv4.parse("198.18.9.128"), Ipv4.maskOf(25), 32))),
                new AskNeighbors2(h),
                new Neighbors2(h, List.of(new Neighbors2Entry(ME, 1, 1, 0, List.of(PEER)),
                        new Neighbors2Entry(Ipv4.parse("198.18.1.1"), 1, 1, Neighbors2Entry.FLAG_LEAF, List.of(0)))),
                new Prune(h, s, g, 7200, null),
                new Prune(h, s, g, 7200, Ipv4.maskOf(24)),
                new Graft(h, s, g, null),
                new GraftAck(h, s, g, null));
        List<byte[]> ips = new ArrayList<>();
        for (DvmrpMessage m : msgs) {
            int dst = m instanceof Probe || m instanceof Report ? DvmrpRouter.ALL_DVMRP_ROUTERS : PEER;
            ips.add(DvmrpCodec.encodeIp(ME, dst, m));
        }
        Path file = dir.resolve("openmgm-dvmrp.pcap");
        Files.write(file, pcap(ips));
        Process p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-V").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertFalse(out.contains("Malformed"), out);
        assertFalse(out.contains("[Checksum Status: Bad]"), out);
        assertEquals(msgs.size(), out.split("Distance Vector Multicast Routing Protocol", -1).length - 1, out);
        for (String s2 : List.of("Code: Probe (0x01)", "Code: Report (0x02)", "Code: Ask Neighbors 2 (0x05)", "Code: Neighbors 2 (0x06)",
                "Code: Prune (0x07)", "Code: Graft (0x08)", "Code: Graft ACK (0x09)", "Neighbor Addr: 198.18.20.2", "Generation ID: 1600000000",
                "Source Network 198.18.2.0 (netmask 255.255.255.0)", "Metric: 34", "Source Network 10.0.0.0 (netmask 255.0.0.0)",
                "Prune lifetime: 7200", "Multicast Addr: 239.1.1.1", "Netmask: 255.255.255.128"))
            assertTrue(out.contains(s2), "tshark shows '" + s2 + "':\n" + out);
    }
}
