package org.openmgm.pim.interop;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;
import org.openmgm.netlab.Subnet;

/**
 * Two forwarders on one LAN, OpenMGM and FRR:
 * <pre>
 *   hostS --(f-eth1)-- frr --(f-eth3 / o-eth1)-- om
 *   LAN B (bridge): hostR .10, om .1, frr .2, frr2 .3        frr2 --(g-eth2)-- hostR2
 * </pre>
 * FRR is the RP (its loopback). On LAN B OpenMGM is DR (priority 10) and forwards G for hostR's
 * join, having joined through FRR over the point-to-point link; FRR forwards G onto LAN B for frr2's
 * (*,G) join. (ASM on purpose: FRR 8.4 sets no SPT bit for a connected SSM source, so CouldAssert is
 * false there and it yields to any assert.) Each sees
 * the other's packets on an outgoing interface (OpenMGM through the MGM's wrong-interface callback in
 * RFC mode). FRR is directly connected to S (metric preference 0), OpenMGM reaches S through a kernel
 * route (preference 1): FRR wins. OpenMGM must lose, remove LAN B from the MFE with a FORWARD_STATE
 * delete, and hostR must keep getting the stream, from FRR, without duplicates.
 */
class AssertInteropTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GROUP = "239.7.7.7";

    static Node bridge(Netlab lab, String name) {
        Node sw = lab.host(name);
        sw.exec("ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0").check();
        sw.exec("ip", "link", "set", "br0", "up").check();
        return sw;
    }

    static void plug(Netlab lab, Node node, String ifName, Node sw, String port, String cidr) {
        lab.link(node, ifName, sw, port, null, true);
        sw.exec("ip", "link", "set", port, "master", "br0").check();
        node.addAddress(ifName, cidr);
    }

    static JsonNode read(Path status, String name) throws Exception {
        return JSON.readTree(Files.readString(status.resolve(name)));
    }

    @Test
    void openMgmLosesTheAssertToFrrAndRemovesTheLanFromItsMfe() throws Exception {
        assumeTrue(Netlab.available(), "needs root and ip netns");
        assumeTrue(Frr.available(), "needs FRR");
        Path dataplane = FrrInteropTest.findDataplane();
        assumeTrue(dataplane != null && System.getProperty("pim.test.classpath.file") != null, "dataplane classes / Maven");

        try (Netlab lab = Netlab.create("pimas")) {
            Node swB = bridge(lab, "swB");
            Node hostS = lab.host("hostS"), hostR = lab.host("hostR"), hostR2 = lab.host("hostR2");
            Node om = lab.router("om"), frr = lab.router("frr"), frr2 = lab.router("frr2");
            var sLink = lab.link(frr, "f-eth1", hostS, "h-eth0");
            var p2p = lab.link(om, "o-eth1", frr, "f-eth3");
            Subnet b = lab.addresses().next24(), c = lab.addresses().next24();
            plug(lab, hostR, "h-eth0", swB, "b-p1", b.hostCidr(10));
            plug(lab, om, "o-eth2", swB, "b-p2", b.hostCidr(1));
            plug(lab, frr, "f-eth2", swB, "b-p3", b.hostCidr(2));
            plug(lab, frr2, "g-eth1", swB, "b-p4", b.hostCidr(3));
            lab.link(frr2, "g-eth2", hostR2, "h-eth0", c, true);
            String source = sLink.bAddress();
            String rp = lab.addresses().next24().host(1);
            frr.exec("ip", "addr", "add", rp + "/32", "dev", "lo").check();
            om.route(rp + "/32", p2p.bAddress());
            frr2.route(rp + "/32", b.host(2));
            hostS.route("198.18.0.0/15", sLink.aAddress());
            hostR.route("198.18.0.0/15", b.host(1));
            hostR2.route("198.18.0.0/15", c.host(1));
            om.route(sLink.subnet().toString(), p2p.bAddress()); // OpenMGM reaches S over the p2p link
            om.route(c.toString(), b.host(3));
            frr2.route(sLink.subnet().toString(), b.host(2));  // frr2 reaches S through FRR on LAN B
            frr.route(c.toString(), b.host(3));

            Path status = lab.workDir().resolve("om-status");
            Path props = lab.workDir().resolve("om.properties");
            Files.writeString(props, String.join("\n", "statusDir=" + status, "interfaces=o-eth1,o-eth2", "igmpInterfaces=o-eth2",
                    "drPriority=10", "rpAddress=" + rp, "helloPeriod=5", "joinPrunePeriod=10", "maxSeconds=120") + "\n");
            String cp = String.join(":", System.getProperty("pim.classes"), System.getProperty("pim.test.classes"),
                    Files.readString(Path.of(System.getProperty("pim.test.classpath.file"))).trim(), dataplane.toString());
            BackgroundProcess router = om.start("openmgm", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", cp, RouterMain.class.getName(), props.toString());
            try (Frr f1 = new Frr(frr, "interface f-eth1\n ip pim\n ip pim hello 5\ninterface f-eth2\n ip pim\n ip pim hello 5\n"
                    + "interface f-eth3\n ip pim\n ip pim hello 5\ninterface lo\n ip pim\nip pim rp " + rp + " 224.0.0.0/4\n");
                 Frr f2 = new Frr(frr2, "interface g-eth1\n ip pim\n ip pim hello 5\ninterface g-eth2\n ip pim\n ip igmp\nip pim rp " + rp + " 224.0.0.0/4\n")) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < end && !(Files.exists(status.resolve("neighbors.json"))
                        && read(status, "neighbors.json").toString().contains(b.host(2)) && read(status, "neighbors.json").toString().contains(b.host(3))))
                    Thread.sleep(200);
                assertTrue(read(status, "neighbors.json").toString().contains(b.host(2)), "om sees frr on LAN B: " + router.stderr());
                try (MulticastReceiver r = hostR.receiver("h-eth0", GROUP, 5003).maxDuration(Duration.ofSeconds(60)).start();
                     MulticastReceiver r2 = hostR2.receiver("h-eth0", GROUP, 5003).maxDuration(Duration.ofSeconds(60)).start()) {
                    end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (System.nanoTime() < end && !f1.vtysh("show ip pim join").contains(GROUP)) Thread.sleep(200);
                    assertTrue(f1.vtysh("show ip pim join").contains(GROUP), "frr2's join reached FRR\n" + f2.vtysh("show ip pim upstream"));
                    hostS.sender("h-eth0", GROUP, 5003).ttl(16).count(60).interval(Duration.ofMillis(50)).maxDuration(Duration.ofSeconds(30)).run();
                    end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    String joins = "";
                    while (System.nanoTime() < end && !(joins = Files.readString(status.resolve("joins.json"))).contains("\"loser\"")) Thread.sleep(200);
                    String diag = "\n--- om joins\n" + Files.readString(status.resolve("joins.txt")) + "\n--- om stats\n" + Files.readString(status.resolve("stats.txt"))
                            + "\n--- om mfes\n" + Files.readString(status.resolve("mfes.json")) + "\n--- frr assert\n" + f1.vtysh("show ip pim assert")
                            + "\n--- frr upstream\n" + f1.vtysh("show ip pim upstream") + f1.vtysh("show ip pim assert-internal") + f1.vtysh("show ip pim assert-metric") + f1.vtysh("show ip pim assert-winner-metric") + f1.vtysh("show ip mroute") + "\n--- om err\n" + router.stderr();
                    assertTrue(joins.contains("\"loser\""), "OpenMGM lost the assert" + diag);
                    assertTrue(read(status, "stats.json").path("received").path("assert").asLong() > 0, "FRR's assert received" + diag);
                    JsonNode mfes = read(status, "mfes.json");
                    int lanB = om.ifIndex("o-eth2");
                    for (JsonNode m : mfes) {
                        if (m.path("group").asText().equals(GROUP)) {
                            assertFalse(m.path("outgoing").toString().contains(Integer.toString(lanB)) && m.path("outgoing").size() > 0
                                    && m.path("outgoing").get(0).asInt() == lanB, "LAN B removed from the MFE" + diag);
                        }
                    }
                    long before = r.packets();
                    hostS.sender("h-eth0", GROUP, 5003).ttl(16).count(40).interval(Duration.ofMillis(50)).maxDuration(Duration.ofSeconds(30)).run();
                    long got = r.awaitPackets(before + 38, Duration.ofSeconds(10)) - before;
                    Thread.sleep(500);
                    long total = r.packets() - before;
                    assertTrue(got >= 38, "hostR still gets the stream from the winner: " + got + diag);
                    assertTrue(total <= 42, "no duplicates after the election: " + total + diag);
                    Path samples = Path.of(System.getProperty("pim.classes")).getParent().resolve("interop-samples/assert");
                    Files.createDirectories(samples);
                    for (String f : List.of("joins.txt", "joins.json", "stats.txt", "mfes.json"))
                        Files.copy(status.resolve(f), samples.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.writeString(samples.resolve("frr-assert.txt"), f1.vtysh("show ip pim assert"));
                }
            } finally {
                router.close();
            }
        }
    }
}
