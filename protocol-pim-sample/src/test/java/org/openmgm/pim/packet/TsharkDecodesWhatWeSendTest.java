package org.openmgm.pim.packet;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.pim.packet.PimMessage.*;

/** Every message type we build, written to a pcap and decoded by tshark: right types, nothing malformed. */
class TsharkDecodesWhatWeSendTest {
    static final int A = Ipv4.parse("198.18.1.1"), B = Ipv4.parse("198.18.1.2"), RP = Ipv4.parse("198.18.100.1"),
            S = Ipv4.parse("198.18.50.10"), G = Ipv4.parse("239.1.1.1");

    static List<PimMessage> everyType() {
        EncodedGroup g = EncodedGroup.of(G);
        // UDP ports 40000/40001: nothing heuristic (5001 would be decoded as TAPA)
        byte[] udp = Ipv4Packets.build(S, G, 17, 15, 0, false, new byte[] {(byte) 0x9c, 0x40, (byte) 0x9c, 0x41, 0, 12, 0, 0, 'd', 'a', 't', 'a'});
        return List.of(
                Hello.of(105, 1, 0x12345678).withLanPruneDelay(new LanPruneDelay(false, 500, 2500)),
                new JoinPrune(B, 210, List.of(new GroupSet(g, List.of(EncodedSource.rp(RP)), List.of(EncodedSource.sourceRpt(S))),
                        new GroupSet(EncodedGroup.of(Ipv4.parse("232.1.1.1")), List.of(EncodedSource.source(S)), List.of()))),
                new Register(false, false, udp),
                new Register(false, true, Ipv4Packets.build(S, G, 103, 0, 0, false, new byte[0])),
                new RegisterStop(g, S),
                new Assert(g, S, false, 1, 10),
                new Bootstrap(7, 30, 64, A, List.of(new GroupRpSet(new EncodedGroup(Ipv4.parse("224.0.0.0"), 4, false, false), 1, 1,
                        List.of(new RpEntry(RP, 150, 192))))),
                new JoinPrune(PimMessage.GRAFT, B, 0, List.of(new GroupSet(g, List.of(EncodedSource.source(S)), List.of()))),
                new JoinPrune(PimMessage.GRAFT_ACK, B, 0, List.of(new GroupSet(g, List.of(EncodedSource.source(S)), List.of()))),
                new CandidateRpAdvertisement(192, 150, RP, List.of(new EncodedGroup(Ipv4.parse("224.0.0.0"), 4, false, false))));
    }

    static byte[] pcap(List<byte[]> ipPackets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
        int t = 0;
        for (byte[] ip : ipPackets) {
            byte[] frame = new byte[14 + ip.length];
            frame[0] = 0x01; frame[1] = 0x00; frame[2] = 0x5e; frame[5] = 0x0d;
            frame[6] = 0x02; frame[11] = 0x01;
            frame[12] = 0x08;
            System.arraycopy(ip, 0, frame, 14, ip.length);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(++t).putInt(0).putInt(frame.length).putInt(frame.length);
            out.writeBytes(r.array());
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void tsharkDecodesEveryTypeWeBuildWithoutMalformedFields() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark not installed");
        List<byte[]> ips = new ArrayList<>();
        List<PimMessage> msgs = everyType();
        for (PimMessage m : msgs) {
            boolean unicast = m instanceof Register || m instanceof RegisterStop || m instanceof CandidateRpAdvertisement;
            ips.add(Ipv4Packets.build(A, unicast ? RP : 0xE000000D, 103, unicast ? 64 : 1, 0xC0, false, PimCodec.encode(m)));
        }
        Path f = Files.createTempFile("pim-built-", ".pcap");
        try {
            Files.write(f, pcap(ips));
            String types = run("tshark", "-n", "-r", f.toString(), "-T", "fields", "-e", "pim.type");
            List<String> got = types.lines().map(String::strip).toList();
            List<String> want = msgs.stream().map(m -> Integer.toString(m.type())).toList();
            assertEquals(want, got, "tshark's pim.type per frame");
            String bad = run("tshark", "-n", "-r", f.toString(), "-Y", "_ws.malformed || _ws.expert.severity >= warning");
            assertEquals("", bad.strip(), "malformed or warnings");
            String verbose = run("tshark", "-n", "-r", f.toString(), "-V");
            assertTrue(verbose.contains("Holdtime: 105"), "hello holdtime decoded");
            assertTrue(verbose.contains("198.18.100.1"), "RP address decoded");
            assertFalse(verbose.toLowerCase().contains("incorrect"), "no bad checksum: " + verbose);
        } finally {
            if (System.getProperty("pim.keep.pcap") == null) Files.deleteIfExists(f); else System.out.println("kept " + f);
        }
    }
}
