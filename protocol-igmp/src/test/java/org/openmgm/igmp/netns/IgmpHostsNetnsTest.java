package org.openmgm.igmp.netns;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openmgm.igmp.netns.RouterProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Link;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/**
 * Real Linux hosts join and leave with ordinary sockets (the kernel's own IGMP) and the router (MgmEngine +
 * libpcap data plane + this IGMP, in a child JVM in the router namespace) follows. Topology:
 * sender s -- r-eth1 [r] r-eth2 -- h2, r-eth3 -- h3. Root only; skipped otherwise.
 */
class IgmpHostsNetnsTest {
    static final int PORT = 5001;
    /** Fast timers so the test takes seconds: QI 10 s, QRI 2 s, LMQI 0.5 s (LMQT 1 s), GMI 22 s. */
    static final List<String> FAST = List.of("igmp.queryInterval=10", "igmp.queryResponseInterval=20", "igmp.lastMemberQueryInterval=5");

    @BeforeAll
    static void requirements() {
        String missing = missingRequirement();
        assumeTrue(missing == null, missing);
    }

    record Lab(Netlab lab, Node s, Node r, Node h2, Node h3, Link l1, Link l2, Link l3) {}

    static Lab topology(Netlab lab) {
        Node s = lab.host("s"), h2 = lab.host("h2"), h3 = lab.host("h3"), r = lab.router("r");
        Link l1 = lab.link(s, "eth0", r, "r-eth1");
        Link l2 = lab.link(h2, "eth0", r, "r-eth2");
        Link l3 = lab.link(h3, "eth0", r, "r-eth3");
        s.exec("ip", "route", "add", "default", "via", l1.bAddress()).check();
        h2.exec("ip", "route", "add", "default", "via", l2.bAddress()).check();
        h3.exec("ip", "route", "add", "default", "via", l3.bAddress()).check();
        return new Lab(lab, s, r, h2, h3, l1, l2, l3);
    }

    static RouterProcess router(Lab t, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("interfaces=r-eth1,r-eth2,r-eth3", "igmp.interfaces=r-eth1,r-eth2,r-eth3", "maxSeconds=90"));
        args.addAll(FAST);
        args.addAll(List.of(extra));
        return RouterProcess.start(t.lab(), t.r(), args);
    }

    static BackgroundProcess stream(Node sender, String group, int count) {
        return sender.sender("eth0", group, PORT).ttl(8).count(count).interval(Duration.ofMillis(10)).payloadSize(64)
                .maxDuration(Duration.ofSeconds(40)).start();
    }

    /** Milliseconds until {@code oif} is no longer an outgoing interface of (source, group). */
    static long millisUntilPruned(RouterProcess router, String source, String group, String oif) {
        long t0 = System.nanoTime();
        router.await(st -> !hasOif(st, source, group, oif), Duration.ofSeconds(10), oif + " pruned from (" + source + ", " + group + ")");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("measured: " + oif + " pruned from (" + source + ", " + group + ") " + ms + " ms after the host's change");
        return ms;
    }

    @Test
    void igmpV2HostJoinsReceivesAndStopsReceivingWithinTheLastMemberQueryTimeAfterLeaving() throws Exception {
        String g = "239.1.2.1";
        try (Netlab lab = Netlab.create("igv2")) {
            Lab t = topology(lab);
            t.h2().forceIgmpVersion("eth0", 2);
            try (RouterProcess router = router(t)) {
                MulticastReceiver member = t.h2().receiver("eth0", g, PORT).maxDuration(Duration.ofSeconds(60)).start();
                JsonNode st = router.await(s -> group(s, "r-eth2", g) != null, Duration.ofSeconds(10), "v2 report seen");
                assertEquals("EXCLUDE", group(st, "r-eth2", g).path("mode").asText());
                assertEquals(2, group(st, "r-eth2", g).path("version").asInt(), "IGMPv2 host present: v2 compatibility");
                try (BackgroundProcess sender = stream(t.s(), g, 3000);
                     MulticastReceiver nonMember = t.h3().receiver("eth0", "239.1.2.99", PORT).start()) {
                    assertTrue(member.awaitPackets(30, Duration.ofSeconds(15)) >= 30, () -> "member got nothing; router log:\n" + router.log());
                    st = router.status();
                    assertEquals(List.of("r-eth2"), oifNames(st, t.l1().aAddress(), g), "only the member interface forwards");
                    member.close(); // the kernel sends an IGMPv2 Leave
                    long ms = millisUntilPruned(router, t.l1().aAddress(), g, "r-eth2");
                    assertTrue(ms < 3000, "pruned " + ms + " ms after the leave; Last Member Query Time is 1 s (+ status polling)");
                    long before = rxPackets(t.h2(), "eth0");
                    sleep(1500);
                    assertTrue(rxPackets(t.h2(), "eth0") - before < 5, "h2 still receives the stream (150 packets in 1.5 s) after leaving");
                    assertNull(group(router.status(), "r-eth2", g), "group state gone");
                    assertEquals(0, nonMember.packets());
                }
            }
        }
    }

    @Test
    void igmpV1HostIsServedAndItsSilentLeaveEndsWithTheGroupMembershipInterval() throws Exception {
        String g = "239.1.7.1";
        try (Netlab lab = Netlab.create("igv1")) {
            Lab t = topology(lab);
            t.h2().forceIgmpVersion("eth0", 1);
            // QI 4 s, QRI 1 s: Group Membership Interval = 2 * 4 + 1 = 9 s
            try (RouterProcess router = RouterProcess.start(lab, t.r(), List.of("interfaces=r-eth1,r-eth2,r-eth3",
                    "igmp.interfaces=r-eth1,r-eth2,r-eth3", "maxSeconds=90", "igmp.queryInterval=4", "igmp.queryResponseInterval=10",
                    "igmp.lastMemberQueryInterval=5"))) {
                MulticastReceiver member = t.h2().receiver("eth0", g, PORT).maxDuration(Duration.ofSeconds(60)).start();
                JsonNode st = router.await(s -> group(s, "r-eth2", g) != null, Duration.ofSeconds(10), "v1 report seen");
                assertEquals(1, group(st, "r-eth2", g).path("version").asInt(), "IGMPv1 host present: v1 compatibility");
                try (BackgroundProcess sender = stream(t.s(), g, 3000)) {
                    assertTrue(member.awaitPackets(30, Duration.ofSeconds(15)) >= 30, () -> "v1 member got nothing; router log:\n" + router.log());
                    member.close(); // IGMPv1 has no leave: the router waits for the group timer
                    long t0 = System.nanoTime();
                    sleep(3000);
                    assertTrue(hasOif(router.status(), t.l1().aAddress(), g, "r-eth2"), "no leave in v1: still forwarded 3 s later");
                    router.await(s -> !hasOif(s, t.l1().aAddress(), g, "r-eth2"), Duration.ofSeconds(12), "group timer expiry");
                    double took = (System.nanoTime() - t0) / 1e9;
                    assertTrue(took < 10.5, "pruned " + took + " s after the host went silent; GMI is 9 s");
                }
            }
        }
    }

    @Test
    void igmpV3AsmHostReceivesAndAnExcludedSourceIsNotForwarded() throws Exception {
        String g = "239.1.3.1";
        try (Netlab lab = Netlab.create("igv3")) {
            Lab t = topology(lab);
            // h3 sends to the group too, from another subnet: a second source that h2 does not exclude.
            String blockFile = lab.workDir().resolve("block").toString();
            String script = """
                    import socket, struct, sys, time, os
                    g, port, ifname, ifaddr, src, trigger = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind(('', port))
                    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack('4s4si', socket.inet_aton(g), b'\\0' * 4, socket.if_nametoindex(ifname)))
                    print('joined', flush=True)
                    t0 = time.time()
                    while not os.path.exists(trigger) and time.time() - t0 < 60: time.sleep(0.05)
                    # IP_BLOCK_SOURCE (38): struct ip_mreq_source {multiaddr, interface, sourceaddr}
                    s.setsockopt(socket.IPPROTO_IP, 38, struct.pack('4s4s4s', socket.inet_aton(g), socket.inet_aton(ifaddr), socket.inet_aton(src)))
                    print('blocked', flush=True)
                    while time.time() - t0 < 60: time.sleep(0.1)
                    """;
            java.nio.file.Path py = lab.workDir().resolve("asm-block.py");
            java.nio.file.Files.writeString(py, script);
            try (RouterProcess router = router(t);
                 BackgroundProcess host = t.h2().start("asm-receiver", "python3", py.toString(), g, Integer.toString(PORT), "eth0",
                         t.l2().aAddress(), t.l1().aAddress(), blockFile)) {
                JsonNode st = router.await(s -> group(s, "r-eth2", g) != null, Duration.ofSeconds(10), "v3 TO_EX({}) seen");
                assertEquals(3, group(st, "r-eth2", g).path("version").asInt());
                try (BackgroundProcess s1 = stream(t.s(), g, 3000); BackgroundProcess s2 = stream(t.h3(), g, 3000)) {
                    router.await(s -> hasOif(s, t.l1().aAddress(), g, "r-eth2") && hasOif(s, t.l3().aAddress(), g, "r-eth2"),
                            Duration.ofSeconds(10), "both sources forwarded to r-eth2");
                    java.nio.file.Files.writeString(java.nio.file.Path.of(blockFile), ""); // the host excludes s: BLOCK{s}
                    long ms = millisUntilPruned(router, t.l1().aAddress(), g, "r-eth2");
                    assertTrue(ms < 3000, "excluded source pruned after " + ms + " ms (Q(G,S) then LMQT 1 s)");
                    st = router.status();
                    assertTrue(hasOif(st, t.l3().aAddress(), g, "r-eth2"), "the other source is still forwarded: " + st.path("mfes"));
                    assertEquals("EXCLUDE", group(st, "r-eth2", g).path("mode").asText());
                    boolean excluded = false;
                    for (JsonNode src : st.path("sources"))
                        if (src.path("source").asText().equals(t.l1().aAddress()) && src.path("state").asText().equals("excluded")) excluded = true;
                    assertTrue(excluded, "igmp:sources shows the excluded source: " + st.path("sources"));
                    long out = mfeOut(router.status(), t.l1().aAddress(), g, "r-eth2");
                    sleep(1000);
                    assertEquals(out, mfeOut(router.status(), t.l1().aAddress(), g, "r-eth2"), "nothing more of the excluded source sent out of r-eth2");
                }
            }
        }
    }

    @Test
    void igmpV3SsmHostGetsOnlyTheSourceItAskedFor() throws Exception {
        String g = "232.1.4.1";
        try (Netlab lab = Netlab.create("igssm")) {
            Lab t = topology(lab);
            try (RouterProcess router = router(t)) {
                MulticastReceiver wanted = t.h2().receiver("eth0", g, PORT).source(t.l1().aAddress()).maxDuration(Duration.ofSeconds(60)).start();
                MulticastReceiver other = t.h3().receiver("eth0", g, PORT).source("198.18.250.9").maxDuration(Duration.ofSeconds(60)).start();
                JsonNode st = router.await(s -> group(s, "r-eth2", g) != null && group(s, "r-eth3", g) != null, Duration.ofSeconds(10), "ALLOW records seen");
                assertEquals("INCLUDE", group(st, "r-eth2", g).path("mode").asText());
                try (BackgroundProcess sender = stream(t.s(), g, 3000)) {
                    assertTrue(wanted.awaitPackets(30, Duration.ofSeconds(15)) >= 30, () -> "SSM receiver got nothing; router log:\n" + router.log());
                    assertEquals(List.of("r-eth2"), oifNames(router.status(), t.l1().aAddress(), g), "a source not included is not forwarded to r-eth3");
                    assertEquals(0, other.packets());
                    wanted.close(); // BLOCK{s}
                    long ms = millisUntilPruned(router, t.l1().aAddress(), g, "r-eth2");
                    assertTrue(ms < 3000, "SSM leave took " + ms + " ms");
                    other.close();
                }
            }
        }
    }

    @Test
    void routerDefersToALowerAddressedBridgeQuerierAndTakesOverWhenItGoesQuiet() throws Exception {
        try (Netlab lab = Netlab.create("igq")) {
            Node r = lab.router("r"), sw = lab.host("sw"), h = lab.host("h");
            var net = lab.addresses().next24();
            lab.link(r, "r-eth2", sw, "sw-p1", null, true);
            lab.link(h, "eth0", sw, "sw-p2", null, true);
            r.addAddress("r-eth2", net.hostCidr(10));
            h.addAddress("eth0", net.hostCidr(20));
            sw.exec("ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "1", "mcast_query_use_ifaddr", "1",
                    "mcast_igmp_version", "3", "mcast_query_interval", "300", "mcast_query_response_interval", "100",
                    "mcast_startup_query_interval", "100", "mcast_querier_interval", "200").check();
            sw.addAddress("br0", net.hostCidr(1));
            sw.exec("ip", "link", "set", "sw-p1", "master", "br0").check();
            sw.exec("ip", "link", "set", "sw-p2", "master", "br0").check();
            sw.exec("bridge", "link", "set", "dev", "sw-p1", "mcast_router", "2").check(); // reports reach the router port
            sw.exec("ip", "link", "set", "br0", "up").check();
            // A Linux bridge defers to any querier it hears (it does not compare its own address), so it queries first.
            sw.exec("ip", "link", "set", "br0", "type", "bridge", "mcast_querier", "1").check();
            // QI 4 s, QRI 1 s: Other Querier Present Interval = 2 * 4 + 0.5 = 8.5 s
            try (RouterProcess router = RouterProcess.start(lab, r, List.of("interfaces=r-eth2", "igmp.interfaces=r-eth2", "maxSeconds=90",
                    "igmp.queryInterval=4", "igmp.queryResponseInterval=10", "igmp.lastMemberQueryInterval=5"))) {
                JsonNode st = router.await(s -> !iface(s, "r-eth2").path("querier").asBoolean(true), Duration.ofSeconds(10), "the bridge wins the election");
                assertEquals(net.host(1), iface(st, "r-eth2").path("querierAddress").asText());
                // As non-querier the router still learns members from the reports answering the bridge's queries.
                try (MulticastReceiver m = h.receiver("eth0", "239.1.5.1", PORT).maxDuration(Duration.ofSeconds(60)).start()) {
                    router.await(s -> group(s, "r-eth2", "239.1.5.1") != null, Duration.ofSeconds(10), "membership learned as non-querier");
                    sleep(4000);
                    assertFalse(iface(router.status(), "r-eth2").path("querier").asBoolean(), "the bridge's queries keep the router silent");
                    sw.exec("ip", "link", "set", "br0", "type", "bridge", "mcast_querier", "0").check();
                    long t0 = System.nanoTime();
                    router.await(s -> iface(s, "r-eth2").path("querier").asBoolean(), Duration.ofSeconds(20), "the router takes over");
                    double took = (System.nanoTime() - t0) / 1e9;
                    assertTrue(took > 3 && took < 12, "took over after " + took + " s; Other Querier Present Interval is 8.5 s after the last query");
                }
            }
        }
    }

    static List<String> oifNames(JsonNode st, String source, String group) {
        JsonNode m = mfe(st, source, group);
        if (m == null) return List.of();
        List<String> out = new java.util.ArrayList<>();
        m.path("oifs").forEach(o -> out.add(o.asText()));
        return out;
    }

    static long mfeOut(JsonNode st, String source, String group, String oif) {
        JsonNode m = mfe(st, source, group);
        return m == null ? -1 : m.path("out").path(oif).asLong(0);
    }
}
