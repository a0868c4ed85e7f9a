package org.openmgm.igmp.netns;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openmgm.igmp.netns.RouterProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.igmp.packet.GroupRecord;
import org.openmgm.igmp.packet.IgmpCodec;
import org.openmgm.igmp.packet.IgmpMessage;
import org.openmgm.igmp.packet.ParseResult;
import org.openmgm.igmp.packet.RecordType;
import org.openmgm.igmp.testutil.PcapFile;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Link;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/**
 * RFC 4605 proxy with real hosts: upstream network "up" -- r-eth1 [proxy] r-eth2 -- h2, r-eth3 -- h3. The proxy
 * reports h2's membership upstream (captured with tcpdump in "up"), forwards the upstream source to h2, and
 * forwards h3's stream upstream.
 */
class IgmpProxyNetnsTest {
    static final int PORT = 5002;

    @BeforeAll
    static void requirements() {
        String missing = missingRequirement();
        assumeTrue(missing == null, missing);
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpdump")) || Files.isExecutable(Path.of("/usr/sbin/tcpdump")), "needs tcpdump");
    }

    @Test
    void proxyReportsUpstreamAndForwardsBothWays() throws Exception {
        String g = "239.1.6.1";
        try (Netlab lab = Netlab.create("igpx")) {
            Node up = lab.host("up"), r = lab.router("r"), h2 = lab.host("h2"), h3 = lab.host("h3");
            Link l1 = lab.link(up, "eth0", r, "r-eth1");
            Link l2 = lab.link(h2, "eth0", r, "r-eth2");
            Link l3 = lab.link(h3, "eth0", r, "r-eth3");
            up.exec("ip", "route", "add", "default", "via", l1.bAddress()).check();
            h2.exec("ip", "route", "add", "default", "via", l2.bAddress()).check();
            h3.exec("ip", "route", "add", "default", "via", l3.bAddress()).check();
            Path capture = lab.workDir().resolve("upstream.pcap");
            try (BackgroundProcess dump = up.start("tcpdump", "tcpdump", "-i", "eth0", "-U", "-n", "-w", capture.toString(), "igmp and src host " + l1.bAddress());
                 RouterProcess router = RouterProcess.start(lab, r, List.of("interfaces=r-eth1,r-eth2,r-eth3", "igmp.proxyUpstream=r-eth1",
                         "igmp.interfaces=r-eth2,r-eth3", "maxSeconds=90", "igmp.queryInterval=10", "igmp.queryResponseInterval=20",
                         "igmp.lastMemberQueryInterval=5"))) {
                assertEquals("proxy-upstream", iface(router.status(), "r-eth1").path("role").asText());
                MulticastReceiver member = h2.receiver("eth0", g, PORT).maxDuration(Duration.ofSeconds(60)).start();
                JsonNode st = router.await(s -> {
                    for (JsonNode x : s.path("groups")) if (x.path("role").asText().equals("upstream") && x.path("group").asText().equals(g)) return true;
                    return false;
                }, Duration.ofSeconds(10), "merged membership on the upstream");
                // Outside source -> downstream member.
                try (BackgroundProcess s1 = up.sender("eth0", g, PORT).ttl(8).count(3000).interval(Duration.ofMillis(10)).maxDuration(Duration.ofSeconds(40)).start()) {
                    assertTrue(member.awaitPackets(30, Duration.ofSeconds(15)) >= 30, () -> "downstream member got nothing; log:\n" + router.log());
                    assertEquals("r-eth1", mfe(router.status(), l1.aAddress(), g).path("iif").asText());
                }
                // Downstream source -> upstream (and the downstream member).
                try (MulticastReceiver upstreamListener = up.receiver("eth0", g, PORT).maxDuration(Duration.ofSeconds(60)).start();
                     BackgroundProcess s3 = h3.sender("eth0", g, PORT).ttl(8).count(3000).interval(Duration.ofMillis(10)).maxDuration(Duration.ofSeconds(40)).start()) {
                    assertTrue(upstreamListener.awaitPackets(30, Duration.ofSeconds(15)) >= 30, () -> "nothing forwarded upstream; status " + router.status().path("mfes"));
                    st = router.status();
                    assertTrue(hasOif(st, l3.aAddress(), g, "r-eth1") && hasOif(st, l3.aAddress(), g, "r-eth2"), st.path("mfes").toString());
                }
                member.close(); // leave: the proxy's upstream state goes back to INCLUDE {}
                sleep(3000);
            }
            List<GroupRecord> records = new ArrayList<>();
            for (PcapFile.Frame f : PcapFile.read(capture))
                if (f.ip() != null && new IgmpCodec().parse(f.ip()) instanceof ParseResult.Parsed(IgmpMessage.V3Report rep)) records.addAll(rep.records());
            int gi = Ipv4.parse(g);
            assertTrue(records.contains(new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, gi, List.of())), "join reported upstream: " + records);
            assertTrue(records.contains(new GroupRecord(RecordType.CHANGE_TO_INCLUDE_MODE, gi, List.of())), "leave reported upstream: " + records);
        }
    }
}
