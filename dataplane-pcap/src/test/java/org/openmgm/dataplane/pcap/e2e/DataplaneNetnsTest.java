package org.openmgm.dataplane.pcap.e2e;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmgm.dataplane.pcap.ffm.Libpcap;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Link;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/**
 * End to end in network namespaces (root only): sender host -> router (MgmEngine + this data plane in a
 * child JVM inside the router namespace, static (*,G) membership on r-eth2) -> member host on r-eth2 and
 * non-member host on r-eth3.
 */
class DataplaneNetnsTest {
    static final String GROUP = "239.1.1.1";
    static final int PORT = 5000;

    @BeforeAll
    static void requirements() {
        assumeTrue(Netlab.available(), "needs root and ip netns");
        assumeTrue(Libpcap.available(), "needs libpcap.so.0.8");
    }

    /** The JVM command line that runs {@link DataplaneMain} with this test's classpath. */
    static List<String> javaCommand(List<String> args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss1m", "-XX:+UseSerialGC", "-cp", cp, DataplaneMain.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    static Map<String, Long> awaitStatus(Path status, String key, long atLeast, Duration timeout, BackgroundProcess router) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> m = DataplaneMain.readStatus(status);
        while (m.getOrDefault(key, -1L) < atLeast && System.nanoTime() < deadline) {
            assertTrue(router.alive(), () -> "router process died: " + router.stderr());
            sleep(100);
            m = DataplaneMain.readStatus(status);
        }
        return m;
    }

    static boolean awaitValue(Path status, String key, long value, Duration timeout, BackgroundProcess router) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (DataplaneMain.readStatus(status).getOrDefault(key, -1L) == value) return true;
            assertTrue(router.alive(), () -> "router process died: " + router.stderr());
            sleep(100);
        }
        return false;
    }

    /** The value of {@code key} once it has not changed for {@code quiet}. */
    static long quietValue(Path status, String key, Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = DataplaneMain.readStatus(status).getOrDefault(key, 0L), since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            sleep(100);
            long v = DataplaneMain.readStatus(status).getOrDefault(key, 0L);
            if (v != last) {
                last = v;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) break;
        }
        return last;
    }

    @Test
    void memberGetsExactlyTheSentPacketsNonMemberNoneAndCountersAgree() throws Exception {
        run(true);
    }

    @Test
    void forwardingIsCorrectEvenWithChecksumOffloadLeftOnAtTheSender() throws Exception {
        run(false);
    }

    private void run(boolean senderOffloadOff) throws Exception {
        try (Netlab lab = Netlab.create("dpe2e")) {
            Node s = lab.host("s"), h2 = lab.host("h2"), h3 = lab.host("h3"), r = lab.router("r");
            Link l1 = lab.link(s, "eth0", r, "r-eth1", lab.addresses().next24(), senderOffloadOff);
            Link l2 = lab.link(h2, "eth0", r, "r-eth2");
            Link l3 = lab.link(h3, "eth0", r, "r-eth3");
            s.exec("ip", "route", "add", "default", "via", l1.bAddress()).check();
            h2.exec("ip", "route", "add", "default", "via", l2.bAddress()).check();
            h3.exec("ip", "route", "add", "default", "via", l3.bAddress()).check();
            // h3 can pretend to be the sender, to deliver (S,G) on an interface that is not the MFE's iif.
            h3.addAddress("lo", l1.aAddress() + "/32");

            Path status = lab.workDir().resolve("router.status");
            BackgroundProcess router = r.start("dataplane", javaCommand(List.of("interfaces=r-eth1,r-eth2,r-eth3", "group=" + GROUP, "members=r-eth2",
                    "status=" + status, "maxSeconds=60", "noCacheQueuePackets=64", "linkCheckMillis=300")));
            assertEquals(1L, awaitStatus(status, "ready", 1, Duration.ofSeconds(30), router).get("ready"), () -> router.stderr());

            try (MulticastReceiver member = h2.receiver("eth0", GROUP, PORT).start();
                 MulticastReceiver nonMember = h3.receiver("eth0", GROUP, PORT).start()) {
                int n = 50;
                int sent = s.sender("eth0", GROUP, PORT).ttl(8).count(n).interval(Duration.ofMillis(5)).payloadSize(64).run();
                assertEquals(n, sent);
                assertEquals(n, member.awaitPackets(n, Duration.ofSeconds(15)), () -> "router log: " + router.stderr());
                assertEquals(n, member.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(5)), "exactly the packets sent, no duplicates");
                assertEquals(7, member.ttlMin(), "TTL one lower");
                assertEquals(7, member.ttlMax());
                assertEquals(0, h2.snmp("Udp", "InCsumErrors"), "UDP checksum valid at the receiver");
                assertEquals(0, nonMember.packets(), "no packets to a non-member interface");

                String mfe = "mfe/" + l1.aAddress() + "/" + GROUP + "/";
                Map<String, Long> st = awaitStatus(status, mfe + "inPackets", n, Duration.ofSeconds(5), router);
                assertEquals(n, st.get(mfe + "inPackets"), st.toString());
                assertEquals(n, st.get(mfe + "out/r-eth2/packets"));
                assertEquals(1, st.get(mfe + "oifs"), "only the member interface is an oif");
                assertEquals(0, st.get(mfe + "packetsDifferentIf"));
                if (!senderOffloadOff) assertTrue(st.get("r-eth1.udpChecksumsRepaired") > 0, "offload checksums were repaired: " + st);

                // The same source now shows up on r-eth3: wrong interface, counted, not forwarded.
                int wrong = 10;
                assertEquals(wrong, h3.sender("eth0", GROUP, PORT).sourceAddress(l1.aAddress()).ttl(8).count(wrong).interval(Duration.ofMillis(5)).run());
                st = awaitStatus(status, mfe + "packetsDifferentIf", wrong, Duration.ofSeconds(10), router);
                assertEquals(wrong, st.get(mfe + "packetsDifferentIf"), st.toString());
                // The upcall counters move just after the MFE's counter: wait for them too. Ten packets within
                // ~50 ms: the data plane upcalls the first and counts the rest as suppressed (one upcall per MFE and
                // interface per wrongInterfaceUpcallMillis = 100 ms; two if the sender was slowed past 100 ms).
                long upcalls = quietValue(status, "wrongInterfaceUpcalls", Duration.ofMillis(500), Duration.ofSeconds(5));
                st = DataplaneMain.readStatus(status);
                assertEquals(wrong, upcalls + st.get("wrongInterfaceUpcallsSuppressed"), "every wrong-interface packet upcalled or suppressed: " + st);
                assertTrue(upcalls >= 1 && upcalls <= 3, "wrong-interface upcalls limited: " + st);
                assertEquals(n, st.get(mfe + "inPackets"));
                assertEquals(n, member.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(5)), "wrong-interface packets are not forwarded");
                // Frames we injected on r-eth2 are never captured back as input there (only h2's IGMP reports are).
                assertTrue(st.get("r-eth2.rxFrames") < n, "r-eth2 captured its own output: " + st);

                // Control packets: the member's IGMP reports reached the listener; a general query sent through
                // PacketIo.send is valid enough for the host's kernel to answer it.
                assertTrue(awaitStatus(status, "igmp/r-eth2", 1, Duration.ofSeconds(5), router).getOrDefault("igmp/r-eth2", 0L) >= 1,
                        "IGMP reports from h2 delivered to the listener");
                long reports = quietValue(status, "igmp/r-eth2", Duration.ofMillis(2500), Duration.ofSeconds(10));   // unsolicited reports are over
                Files.writeString(Path.of(status + ".query"), "");
                assertTrue(awaitStatus(status, "igmp/r-eth2", reports + 1, Duration.ofSeconds(10), router).getOrDefault("igmp/r-eth2", 0L) > reports,
                        "h2 answered the query sent by the data plane");

                // Link changes are noticed by the periodic check.
                assertEquals(1L, DataplaneMain.readStatus(status).get("if/r-eth3/up"));
                r.down("r-eth3");
                assertTrue(awaitValue(status, "if/r-eth3/up", 0, Duration.ofSeconds(10), router), "r-eth3 seen down");
                r.up("r-eth3");
                assertTrue(awaitValue(status, "if/r-eth3/up", 1, Duration.ofSeconds(10), router), "r-eth3 seen up again");
            } finally {
                Files.writeString(Path.of(status + ".stop"), "");
                router.waitFor(Duration.ofSeconds(15));
            }
            assertFalse(router.stderr().contains("Exception"), router.stderr());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
