package org.openmgm.itests.netns;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.Json;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Link;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;
import org.openmgm.netlab.Subnet;

/**
 * The three-protocol border router: OpenMGM router r1 runs IGMP on a host LAN, PIM-SM towards an FRR
 * router (the RP, first-hop router of the source) and DVMRP towards a second OpenMGM router r2, which
 * runs IGMP on its own host LAN.
 *
 * <pre>
 *   src --- frr (pimd, RP) ---PIM--- r1 ---IGMP--- h1
 *                                     \---DVMRP--- r2 ---IGMP--- h2
 * </pre>
 *
 * h1 and h2 join G. r1's IGMP membership reaches PIM as a join alert, PIM joins towards the RP, FRR
 * forwards the source's stream to r1, which forwards it to h1 and — DVMRP's wildcard receiver on the
 * link to r2 — floods it to r2, which forwards it to h2 (r2 has a unicast route to the source's subnet
 * through r1 for RPF: DVMRP does not advertise routes learned from another protocol, see
 * docs/protocol-dvmrp-sample.md). Skipped unless root, ip netns, libpcap, FRR and the distribution.
 */
public class BorderRouterIT {
    static final String G = "239.88.0.1", RP = "198.19.255.1";
    static final int PORT = 5088;

    static String net(Link l) {
        Subnet s = l.subnet();
        return Ipv4.format(s.network()) + "/" + s.prefixLength();
    }

    @Test
    public void igmpPimAndDvmrpBorderRouterCarriesTheStreamFromFrrToBothLans() throws Exception {
        assumeTrue("needs root and ip netns", Netlab.available());
        Path dist = DistRouter.distribution();
        assumeTrue("launcher distribution not assembled", dist != null);
        assumeTrue("FRR (zebra, pimd, vtysh) not installed", FrrPimd.available());
        assumeTrue("libpcap not installed", Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libpcap.so.0.8")));
        int packets = Integer.getInteger("openmgm.border.packets", 600);

        try (Netlab lab = Netlab.create("itbr")) {
            Node src = lab.host("src"), frr = lab.router("frr"), r1 = lab.router("r1"), r2 = lab.router("r2");
            Node h1 = lab.host("h1"), h2 = lab.host("h2");
            Link a = lab.link(src, "s-eth0", frr, "f-src");
            Link b = lab.link(frr, "f-r1", r1, "r1-f");
            Link c = lab.link(r1, "r1-h", h1, "h1-eth0");
            Link d = lab.link(r1, "r1-d", r2, "r2-d");
            Link e = lab.link(r2, "r2-h", h2, "h2-eth0");
            src.multicastRoute("s-eth0");
            src.route("198.18.0.0/15", a.bAddress());
            h1.route("198.18.0.0/15", c.aAddress());
            h2.route("198.18.0.0/15", e.aAddress());
            h1.forceIgmpVersion("h1-eth0", 2);
            h2.forceIgmpVersion("h2-eth0", 2);
            frr.exec("ip", "addr", "add", RP + "/32", "dev", "lo").check();
            frr.route(net(c), b.bAddress());
            frr.route(net(d), b.bAddress());
            frr.route(net(e), b.bAddress());
            r1.route(RP + "/32", b.aAddress());
            r1.route(net(a), b.aAddress());
            r1.route(net(e), d.bAddress());
            r2.route(net(a), d.aAddress());
            r2.route(net(b), d.aAddress());
            r2.route(RP + "/32", d.aAddress());

            String dvmrpTimers = "probeInterval = 2\nneighborTimeout = 7\nreportInterval = 10\nrouteExpiration = 25\nrouteHoldDown = 20\n"
                    + "flashUpdateInterval = 1\npruneLifetime = 120\ngraftRetransmit = 2";
            try (FrrPimd pimd = new FrrPimd(frr, """
                    interface lo
                     ip pim
                    interface f-src
                     ip pim
                     ip pim hello 5
                    interface f-r1
                     ip pim
                     ip pim hello 5
                    ip pim rp %s 224.0.0.0/4
                    """.formatted(RP));
                 DistRouter one = DistRouter.copy(r1, dist);
                 DistRouter two = DistRouter.copy(r2, dist)) {
                one.config("org.openmgm.dataplane", "interfaces = r1-f,r1-h,r1-d", "bufferSize = 33554432")
                        .config("org.openmgm.igmp", "interfaces = r1-h", "version = 2")
                        .config("org.openmgm.pim", "interfaces = r1-f", "rpAddress = " + RP, "helloPeriod = 5")
                        .config("org.openmgm.dvmrp", "interfaces = r1-d", dvmrpTimers);
                two.config("org.openmgm.dataplane", "interfaces = r2-d,r2-h", "bufferSize = 33554432")
                        .config("org.openmgm.igmp", "interfaces = r2-h", "version = 2")
                        .config("org.openmgm.dvmrp", "interfaces = r2-d", dvmrpTimers);
                one.start();
                two.start();
                one.awaitReady(Duration.ofSeconds(90));
                two.awaitReady(Duration.ofSeconds(90));
                java.util.function.Supplier<String> diag = () -> {
                    StringBuilder sb = new StringBuilder();
                    for (String cmd : new String[] {"mgm:protocols", "mgm:groups", "mgm:mfes", "pim:neighbors", "pim:joins", "dvmrp:neighbors", "dvmrp:routes"})
                        sb.append("\nr1 ").append(cmd).append(":\n").append(safe(one, cmd));
                    for (String cmd : new String[] {"mgm:groups", "mgm:mfes", "dvmrp:neighbors"})
                        sb.append("\nr2 ").append(cmd).append(":\n").append(safe(two, cmd));
                    sb.append("\nfrr:\n").append(pimd.vtysh("show ip pim neighbor")).append(pimd.vtysh("show ip pim upstream")).append(pimd.vtysh("show ip mroute"));
                    sb.append("\nr1 log:\n").append(DistRouter.tail(one.log())).append("\nr2 log:\n").append(DistRouter.tail(two.log()));
                    return sb.toString();
                };

                Await.until("PIM adjacency r1 <-> FRR", Duration.ofSeconds(40),
                        () -> pimd.vtysh("show ip pim neighbor").contains(b.bAddress()) && safe(one, "pim:neighbors -j").contains(b.aAddress()), diag);
                Await.until("DVMRP adjacency r1 <-> r2", Duration.ofSeconds(40),
                        () -> safe(one, "dvmrp:neighbors -j").contains(d.bAddress()) && safe(two, "dvmrp:neighbors -j").contains(d.aAddress()), diag);

                try (MulticastReceiver m1 = h1.receiver("h1-eth0", G, PORT).maxDuration(Duration.ofSeconds(120)).start();
                     MulticastReceiver m2 = h2.receiver("h2-eth0", G, PORT).maxDuration(Duration.ofSeconds(120)).start()) {
                    Await.until("IGMP memberships on both routers", Duration.ofSeconds(20),
                            () -> Json.hasObject(one.ctlJson("mgm:groups", "-j"), Map.of("group", G, "interface", "r1-h"))
                                    && Json.hasObject(two.ctlJson("mgm:groups", "-j"), Map.of("group", G, "interface", "r2-h")), diag);
                    Await.until("r1's PIM joined G towards the RP (FRR has the join)", Duration.ofSeconds(30),
                            () -> pimd.vtysh("show ip pim join").contains(G), diag);

                    BackgroundProcess sender = src.sender("s-eth0", G, PORT).ttl(16).count(packets).interval(Duration.ofMillis(10))
                            .maxDuration(Duration.ofSeconds(60)).start();
                    if (sender.waitFor(Duration.ofSeconds(90)) != 0) throw new AssertionError("sender failed: " + sender.stderr());
                    int sent = Integer.parseInt(sender.stdout().strip());
                    m1.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
                    m2.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
                    System.out.printf("border router: sent %d, h1 (IGMP on r1, via PIM from FRR) %d, h2 (via DVMRP to r2) %d%n", sent, m1.packets(), m2.packets());
                    System.out.println("r1 mgm:mfes:\n" + safe(one, "mgm:mfes") + "r1 mgm:protocols:\n" + safe(one, "mgm:protocols")
                            + "r2 mgm:mfes:\n" + safe(two, "mgm:mfes") + "frr show ip mroute:\n" + pimd.vtysh("show ip mroute"));
                    assertTrue("h1 receives the stream that PIM pulled from FRR: " + m1.packets() + "/" + sent + diag.get(), m1.packets() >= sent * 8 / 10);
                    assertTrue("h2 receives it through DVMRP: " + m2.packets() + "/" + sent + diag.get(), m2.packets() >= sent * 8 / 10);

                    // Hot deploy at the border: DVMRP leaves r1 and comes back while the stream runs.
                    long m1Before = m1.packets();
                    long a0 = m1.packets(), b0 = m2.packets();
                    BackgroundProcess s2 = src.sender("s-eth0", G, PORT).ttl(16).count(packets).interval(Duration.ofMillis(10))
                            .maxDuration(Duration.ofSeconds(60)).start();
                    Await.sleep(1500);
                    one.undeploy("protocol-dvmrp-sample.jar");
                    Await.until("DVMRP undeployed from r1", Duration.ofSeconds(15), () -> !one.registered(17));
                    long b1 = m2.packets();
                    Await.sleep(1000);
                    long b2 = m2.packets();
                    one.deploy("protocol-dvmrp-sample.jar");
                    Await.until("DVMRP back on r1", Duration.ofSeconds(15), () -> one.registered(17));
                    if (s2.waitFor(Duration.ofSeconds(90)) != 0) throw new AssertionError("sender failed: " + s2.stderr());
                    int sent2 = Integer.parseInt(s2.stdout().strip());
                    m1.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
                    m2.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
                    long got1 = m1.packets() - a0, got2 = m2.packets() - b0;
                    System.out.printf("border router, DVMRP undeployed from r1 and deployed again under traffic: sent %d, h1 %d, h2 %d"
                            + " (h2 got %d packets in the second after DVMRP left)%n", sent2, got1, got2, b2 - b1);
                    // Strict when the first run showed this machine carries the stream (only the first packet lost at MFE creation).
                    if (sent - m1Before <= 1) assertTrue("h1's stream (PIM + IGMP) does not depend on DVMRP: " + got1 + "/" + sent2, got1 == sent2);
                    else System.out.println("h1 loss not asserted: the first run already lost " + (sent - m1Before) + " packets");
                    // The stream runs at 100 packets/s: a few packets already queued in the data plane or the veth may still arrive.
                    assertTrue("h2's stream stopped while DVMRP was gone from r1: " + (b2 - b1) + " packets in 1 s", b2 - b1 <= 10);
                    assertTrue("h2's stream resumed after DVMRP came back: " + got2 + "/" + sent2 + diag.get(), got2 > b2 - b0);
                }
            }
        }
    }

    private static String safe(DistRouter r, String cmd) {
        try {
            return r.ctl(cmd.split(" "));
        } catch (AssertionError | RuntimeException e) {
            return cmd + ": " + e.getMessage();
        }
    }
}
