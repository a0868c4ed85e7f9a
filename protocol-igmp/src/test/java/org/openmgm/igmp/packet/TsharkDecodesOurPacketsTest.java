package org.openmgm.igmp.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmgm.api.Ipv4;
import org.openmgm.igmp.testutil.PcapFile;

/** Every message we build is dissected by Wireshark's tshark without malformed fields or expert errors. */
class TsharkDecodesOurPacketsTest {
    private static final int R = Ipv4.parse("198.18.2.1");
    private static final int H = Ipv4.parse("198.18.2.2");
    private static final int G = Ipv4.parse("239.1.1.1");
    private static final int S1 = Ipv4.parse("198.18.1.2");
    private static final int S2 = Ipv4.parse("198.18.1.3");

    static List<byte[]> everyMessageType() {
        return List.of(
                IgmpCodec.queryV1V2(R, 1, 100, 0),
                IgmpCodec.queryV1V2(R, 2, 100, 0),
                IgmpCodec.queryV1V2(R, 2, 10, G),
                IgmpCodec.queryV3(R, 100, 0, false, 2, 125, List.of()),
                IgmpCodec.queryV3(R, 10, G, false, 2, 125, List.of()),
                IgmpCodec.queryV3(R, 10, G, true, 2, 125, List.of(S1, S2)),
                IgmpCodec.queryV3(R, 3000, 0, false, 2, 300, List.of()),
                IgmpCodec.report(H, 1, G),
                IgmpCodec.report(H, 2, G),
                IgmpCodec.leave(H, G),
                IgmpCodec.v3Report(H, List.of(
                        new GroupRecord(RecordType.MODE_IS_INCLUDE, G, List.of(S1)),
                        new GroupRecord(RecordType.MODE_IS_EXCLUDE, G + 1, List.of()),
                        new GroupRecord(RecordType.CHANGE_TO_INCLUDE_MODE, G + 2, List.of(S1, S2)),
                        new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, G + 3, List.of(S2)),
                        new GroupRecord(RecordType.ALLOW_NEW_SOURCES, G + 4, List.of(S1)),
                        new GroupRecord(RecordType.BLOCK_OLD_SOURCES, G + 5, List.of(S1)))));
    }

    private static String tshark(Path pcap, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
        return out;
    }

    @Test
    void tsharkFindsNoMalformedFieldsOrExpertErrors(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark not installed");
        Path f = dir.resolve("ours.pcap");
        PcapFile.writeEthernet(f, everyMessageType());
        String verbose = tshark(f, "-V");
        assertFalse(verbose.contains("Malformed"), verbose);
        assertFalse(verbose.contains("[Expert Info (Error"), verbose);
        assertFalse(verbose.contains("incorrect"), verbose);
        String expert = tshark(f, "-q", "-z", "expert,error");
        assertFalse(expert.contains("Errors ("), expert);
        String summary = tshark(f);
        for (String expected : List.of("IGMPv1", "Membership Query, general", "Membership Query, specific for group 239.1.1.1",
                "Membership Report group 239.1.1.1", "Leave Group 239.1.1.1", "IGMPv3",
                "sources {198.18.1.2, 198.18.1.3}", "block source {198.18.1.2}", "new source {198.18.1.2}"))
            assertTrue(summary.contains(expected), "missing '" + expected + "' in\n" + summary);
        assertEquals(everyMessageType().size(), summary.lines().filter(l -> !l.isBlank() && !l.startsWith("Running as")).count(), summary);
    }

    @Test
    void tsharkSeesGoodChecksumsOnEveryMessage(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark not installed");
        Path f = dir.resolve("ours.pcap");
        PcapFile.writeEthernet(f, everyMessageType());
        String fields = tshark(f, "-o", "ip.check_checksum:TRUE", "-T", "fields", "-e", "igmp.checksum.status", "-e", "ip.checksum.status", "-e", "ip.ttl");
        List<String> lines = fields.lines().filter(l -> !l.isBlank() && !l.startsWith("Running as")).toList();
        assertEquals(everyMessageType().size(), lines.size(), fields);
        for (String l : lines) assertEquals("1\t1\t1", l.trim(), "checksum status (1 = good) and TTL: " + fields);
    }
}
