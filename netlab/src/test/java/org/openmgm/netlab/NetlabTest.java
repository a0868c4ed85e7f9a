package org.openmgm.netlab;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetlabTest {

    @Test
    void addressPoolHandsOutDisjointSubnetsInsideTheTestRange() {
        AddressPool pool = new AddressPool();
        Subnet a = pool.next24(), b = pool.next24(), p = pool.next30();
        assertEquals("198.18.0.0/24", a.toString());
        assertEquals("198.18.1.0/24", b.toString());
        assertEquals("198.19.255.252/30", p.toString());
        assertEquals("198.18.1.2/24", b.hostCidr(2));
        assertEquals("198.19.255.254", p.host(2));
        assertThrows(IllegalArgumentException.class, () -> p.host(3));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.0.0.0/24"));
    }

    @Test
    void receiverOnTheLinkGetsEveryDatagramTheSenderSent() throws Exception {
        assumeTrue(Netlab.available(), "needs root and ip netns");
        try (Netlab lab = Netlab.create("nltest")) {
            Node h1 = lab.host("h1"), h2 = lab.host("h2");
            Link link = lab.link(h1, "eth0", h2, "eth0");
            assertEquals(link.bAddress(), h2.address("eth0"));
            assertTrue(h1.ifIndex("eth0") > 1);
            h2.forceIgmpVersion("eth0", 2);
            assertEquals("2", h2.sysctl("net.ipv4.conf.eth0.force_igmp_version"));
            try (MulticastReceiver rx = h2.receiver("eth0", "239.1.2.3", 5001).start();
                 PacketCapture cap = h2.capture("eth0", "udp port 5001")) {
                int sent = h1.sender("eth0", "239.1.2.3", 5001).ttl(5).count(20).interval(Duration.ofMillis(2)).run();
                assertEquals(20, sent);
                assertEquals(20, rx.awaitPackets(20, Duration.ofSeconds(5)));
                assertEquals(5, rx.ttlMin());
                assertEquals(5, rx.ttlMax());
                cap.close();
                // 24-byte file header + 20 records of (16-byte header + 14 + 20 + 8 + 64 bytes)
                assertEquals(24 + 20 * (16 + 14 + 20 + 8 + 64), java.nio.file.Files.size(cap.file()));
            }
        }
    }

    @Test
    void closeKillsProcessesAndDeletesNamespaces() {
        assumeTrue(Netlab.available(), "needs root and ip netns");
        String ns;
        BackgroundProcess sleeper;
        try (Netlab lab = Netlab.create("nltest")) {
            Node h = lab.host("h");
            ns = h.name();
            assertTrue(ns.startsWith(lab.runId()));
            sleeper = h.start("sleep", "sleep", "300");
            assertTrue(sleeper.alive());
        }
        assertFalse(sleeper.alive());
        assertFalse(Netlab.run(java.util.List.of("ip", "netns", "list"), Duration.ofSeconds(5)).stdout().contains(ns));
    }
}
