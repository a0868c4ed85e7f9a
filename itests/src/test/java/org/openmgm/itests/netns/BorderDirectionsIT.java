package org.openmgm.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openmgm.itests.support.Await;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Link;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/**
 * The border router's directions: the topology of {@link BorderRouterIT} plus a receiver host behind
 * FRR ({@code hf}, IGMP on FRR), with sources in each domain. Unlike {@link BorderRouterIT}, r2 runs DVMRP
 * on its host LAN too (IGMP there reports to DVMRP as local joins), so r2's host LAN is a DVMRP route.
 *
 * <pre>
 *   src --- frr (pimd, RP, IGMP on f-hf) ---PIM--- r1 ---IGMP--- h1
 *            \--- hf                               |\---DVMRP--- r2 ---DVMRP+IGMP--- h2
 *                                                  \---(IGMPv3 from e_ on)--- hs
 * </pre>
 *
 * <ul>
 * <li>{@code a_}: a stream from the PIM domain (src) reaches h1 and h2 (iif owner pim, oif owners igmp
 * and dvmrp on r1). h2 leaves: r2's DVMRP prunes towards r1 (r1 injects a default route into DVMRP,
 * RFC 2715 §1, so r2 routes the PIM domain's sources through r1 and r1 counts r2 as a dependent) and r1
 * drops r1-d. h1 leaves: r1's PIM prunes (*,G) towards FRR and the stream stops on the FRR–r1 link.</li>
 * <li>{@code b_}: a source on h1's LAN (IGMP-only on r1) reaches h2 (iif igmp, oif dvmrp) and hf behind
 * FRR: r1's PIM hears of the new MFE (the distribution's {@code creationAlerts = ALL}, RFC 2715 rule 3),
 * registers the data to the RP as the source's border DR, FRR joins (S,G) and r1 adds r1-f (oif pim).</li>
 * <li>{@code c_}: a source behind r2 (DVMRP domain) reaches h1 (iif dvmrp, oif igmp) and hf (border
 * registering again, oif pim). h1 leaves: the stream still goes to hf. hf leaves too: FRR prunes (S,G)
 * towards r1, r1's MFE empties, r1's DVMRP prunes towards r2 and the stream stops on the r1–r2 link.</li>
 * <li>{@code d_} (it reconfigures r1): with PIM also on h1's LAN, r1 is its DR, registers to FRR,
 * FRR joins (S,G) and hf receives the host LAN's source.</li>
 * <li>{@code e_} (last: IGMPv3 on r1, also on hs's LAN): SSM across the border: hs's IGMPv3 (S,G) join
 * reaches PIM as an (S,G) join alert, r1 joins (S,G) towards FRR, src's 232/8 stream reaches hs with no RP
 * involved.</li>
 * </ul>
 * Each reads r1's {@code mgm:mfes -j} and checks the incoming-interface owner and outgoing-interface
 * owners. Each test uses its own group. Skipped unless root, ip netns, libpcap, tcpdump, FRR and the
 * distribution.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BorderDirectionsIT {
    static final String RP = "198.19.255.1";
    static final String G_PIM = "239.88.1.1", G_IGMP = "239.88.2.1", G_DVMRP = "239.88.3.1", G_IGMP_PIM = "239.88.4.1", G_SSM = "232.88.5.1";
    static final int PORT = 5089;

    static Netlab lab;
    static FrrPimd pimd;
    static DistRouter one, two;
    static Node src, frr, r1, r2, h1, h2, hf, hs;
    static Link a, b, c, d, e, f, g;

    @BeforeClass
    public static void topology() throws Exception {
        assumeTrue("needs root and ip netns", Netlab.available());
        Path dist = DistRouter.distribution();
        assumeTrue("launcher distribution not assembled", dist != null);
        assumeTrue("FRR (zebra, pimd, vtysh) not installed", FrrPimd.available());
        assumeTrue("libpcap not installed", Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libpcap.so.0.8")));
        assumeTrue("tcpdump not installed", Files.isExecutable(Path.of("/usr/bin/tcpdump")) || Files.isExecutable(Path.of("/usr/sbin/tcpdump")));

        lab = Netlab.create("itbd");
        src = lab.host("src");
        frr = lab.router("frr");
        r1 = lab.router("r1");
        r2 = lab.router("r2");
        h1 = lab.host("h1");
        h2 = lab.host("h2");
        hf = lab.host("hf");
        hs = lab.host("hs");
        a = lab.link(src, "s-eth0", frr, "f-src");
        b = lab.link(frr, "f-r1", r1, "r1-f");
        c = lab.link(r1, "r1-h", h1, "h1-eth0");
        d = lab.link(r1, "r1-d", r2, "r2-d");
        e = lab.link(r2, "r2-h", h2, "h2-eth0");
        f = lab.link(frr, "f-hf", hf, "hf-eth0");
        // hs's LAN gets IGMP only in e_, as IGMPv3: a host that heard an IGMPv2 querier keeps answering in
        // v2 for minutes (Linux's mr_v2_seen wins over force_igmp_version=3), and v2 cannot join (S,G).
        g = lab.link(r1, "r1-s", hs, "hs-eth0");
        src.multicastRoute("s-eth0");
        h1.multicastRoute("h1-eth0");
        h2.multicastRoute("h2-eth0");
        hf.multicastRoute("hf-eth0");
        hs.multicastRoute("hs-eth0");
        src.route("198.18.0.0/15", a.bAddress());
        h1.route("198.18.0.0/15", c.aAddress());
        h2.route("198.18.0.0/15", e.aAddress());
        hf.route("198.18.0.0/15", f.aAddress());
        hs.route("198.18.0.0/15", g.aAddress());
        for (Node h : List.of(h1, h2)) h.forceIgmpVersion(h == h1 ? "h1-eth0" : "h2-eth0", 2);
        hf.forceIgmpVersion("hf-eth0", 2);
        frr.exec("ip", "addr", "add", RP + "/32", "dev", "lo").check();
        frr.route(BorderRouterIT.net(c), b.bAddress());
        frr.route(BorderRouterIT.net(d), b.bAddress());
        frr.route(BorderRouterIT.net(e), b.bAddress());
        r1.route(RP + "/32", b.aAddress());
        r1.route(BorderRouterIT.net(a), b.aAddress());
        r1.route(BorderRouterIT.net(f), b.aAddress());
        r1.route(BorderRouterIT.net(e), d.bAddress());
        for (Link l : List.of(a, b, c, f)) r2.route(BorderRouterIT.net(l), d.aAddress());
        r2.route(RP + "/32", d.aAddress());

        String dvmrpTimers = "probeInterval = 2\nneighborTimeout = 7\nreportInterval = 10\nrouteExpiration = 25\nrouteHoldDown = 20\n"
                + "flashUpdateInterval = 1\npruneLifetime = 120\ngraftRetransmit = 2";
        pimd = new FrrPimd(frr, """
                interface lo
                 ip pim
                interface f-src
                 ip pim
                 ip pim hello 5
                interface f-r1
                 ip pim
                 ip pim hello 5
                interface f-hf
                 ip pim
                 ip igmp
                ip pim rp %s 224.0.0.0/4
                """.formatted(RP));
        one = DistRouter.copy(r1, dist);
        two = DistRouter.copy(r2, dist);
        one.config("org.openmgm.dataplane", "interfaces = r1-f,r1-h,r1-d,r1-s", "bufferSize = 33554432")
                .config("org.openmgm.igmp", "interfaces = r1-h", "version = 2")
                .config("org.openmgm.pim", "interfaces = r1-f", "rpAddress = " + RP, "helloPeriod = 5")
                .config("org.openmgm.dvmrp", "interfaces = r1-d", "injectRoutes = 0.0.0.0/0", dvmrpTimers);
        two.config("org.openmgm.dataplane", "interfaces = r2-d,r2-h", "bufferSize = 33554432")
                .config("org.openmgm.igmp", "interfaces = r2-h", "version = 2")
                .config("org.openmgm.dvmrp", "interfaces = r2-d,r2-h", dvmrpTimers);
        one.start();
        two.start();
        one.awaitReady(Duration.ofSeconds(90));
        two.awaitReady(Duration.ofSeconds(90));
        Await.until("PIM adjacency r1 <-> FRR", Duration.ofSeconds(40),
                () -> pimd.vtysh("show ip pim neighbor").contains(b.bAddress()) && safe(one, "pim:neighbors -j").contains(b.aAddress()),
                BorderDirectionsIT::diag);
        Await.until("DVMRP adjacency r1 <-> r2", Duration.ofSeconds(40),
                () -> safe(one, "dvmrp:neighbors -j").contains(d.bAddress()) && safe(two, "dvmrp:neighbors -j").contains(d.aAddress()),
                BorderDirectionsIT::diag);
        ensureWildcardReceiver(one, "r1-d");
        ensureWildcardReceiver(two, "r2-d");
        String hostNet2 = BorderRouterIT.net(e);
        Await.until("r1's DVMRP learned r2's host LAN " + hostNet2, Duration.ofSeconds(30),
                () -> safe(one, "dvmrp:routes").contains(hostNet2), BorderDirectionsIT::diag);
    }

    @AfterClass
    public static void tearDown() throws Exception {
        List<AutoCloseable> all = new ArrayList<>();
        for (AutoCloseable x : new AutoCloseable[] {one, two, pimd, lab}) if (x != null) all.add(x);
        Exception first = null;
        for (AutoCloseable x : all) {
            try {
                x.close();
            } catch (Exception ex) {
                if (first == null) first = ex;
            }
        }
        one = two = null;
        pimd = null;
        lab = null;
        if (first != null) throw first;
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    public void a_receiversLeavingInOneDomainPruneTheSourceInAnother() throws Exception {
        BackgroundProcess sender = null;
        MulticastReceiver m1 = h1.receiver("h1-eth0", G_PIM, PORT).maxDuration(Duration.ofSeconds(90)).start();
        MulticastReceiver m2 = h2.receiver("h2-eth0", G_PIM, PORT).maxDuration(Duration.ofSeconds(90)).start();
        try {
            Await.until("IGMP memberships for " + G_PIM + " on r1 and r2", Duration.ofSeconds(20),
                    () -> groupsHas(one, G_PIM, "r1-h") && groupsHas(two, G_PIM, "r2-h"), BorderDirectionsIT::diag);
            Await.until("r1's PIM joined " + G_PIM + " towards the RP", Duration.ofSeconds(30),
                    () -> frrJoined(G_PIM), BorderDirectionsIT::diag);
            // 2500 packets at 100/s: at most 25 s; stopped as soon as the phases are done.
            sender = src.sender("s-eth0", G_PIM, PORT).ttl(16).count(2500).interval(Duration.ofMillis(10))
                    .maxDuration(Duration.ofSeconds(40)).start();
            m1.awaitPackets(100, Duration.ofSeconds(15));
            m2.awaitPackets(100, Duration.ofSeconds(15));
            assertTrue("h1 receives the PIM domain's stream: " + m1.packets() + diag(), m1.packets() >= 100);
            assertTrue("h2 receives it through DVMRP: " + m2.packets() + diag(), m2.packets() >= 100);
            String srcAddr = a.aAddress();
            JsonNode mfe = mfe(one, srcAddr, G_PIM);
            String text = safe(one, "mgm:mfe " + srcAddr + " " + G_PIM);
            System.out.println("[directions] PIM -> IGMP + DVMRP, r1 mgm:mfe:\n" + text);
            assertEquals("iif owner of the PIM domain's source on r1: " + mfe, "pim", iifOwner(mfe));
            assertEquals("iif of the PIM domain's source on r1: " + mfe, "r1-f", mfe.path("incoming").path("interface").asText());
            assertTrue("oif r1-h owned by igmp: " + mfe, oifOwner(mfe, "r1-h").equals("igmp"));
            assertTrue("oif r1-d owned by dvmrp: " + mfe, oifOwner(mfe, "r1-d").equals("dvmrp"));

            // h2 leaves: r2's MFE empties and r2's DVMRP (iif owner) prunes towards r1: r1 injects 0.0.0.0/0
            // into DVMRP, so r2 routes the PIM domain's source through r1 and r1 has r2 as a dependent.
            m2.close();
            Await.until("r2's MFE for the PIM source empties after h2 left", Duration.ofSeconds(15),
                    () -> mfeOrEmpty(two, srcAddr, G_PIM).path("outgoing").isEmpty(), BorderDirectionsIT::diag);
            long t0h2 = System.nanoTime();
            Await.until("r1 drops r1-d from (" + srcAddr + ", " + G_PIM + ") after r2's DVMRP prune", Duration.ofSeconds(15),
                    () -> oifOwner(mfeOrEmpty(one, srcAddr, G_PIM), "r1-d").isEmpty(), BorderDirectionsIT::diag);
            System.out.printf("[directions] r1 dropped r1-d %.1f s after r2's MFE emptied%n", (System.nanoTime() - t0h2) / 1e9);
            Await.sleep(1000);
            String r2Prunes = safe(two, "dvmrp:prunes"), r1Prunes = safe(one, "dvmrp:prunes");
            long r1dCount = countOn(r1, "r1-d", srcAddr, G_PIM, 2);
            JsonNode afterH2 = mfeOrEmpty(one, srcAddr, G_PIM);
            System.out.printf("[directions] h2 left (PIM-domain source): r2 mgm:mfe:%n%sr2 dvmrp:prunes:%n%sr1 dvmrp:prunes:%n%sr1 mgm:mfe:%n%s"
                    + "stream on r1-d in 2 s, 2 s after r2's MFE emptied: %d packets%n",
                    safe(two, "mgm:mfe " + srcAddr + " " + G_PIM), r2Prunes, r1Prunes, safe(one, "mgm:mfe " + srcAddr + " " + G_PIM), r1dCount);
            assertTrue("r1 shows r2's prune: " + r1Prunes, r1Prunes.contains(d.bAddress()));
            assertEquals("r1 drops r1-d after r2's DVMRP prune: " + afterH2, "", oifOwner(afterH2, "r1-d"));
            assertTrue("no stream on r1-d after r2's prune: " + r1dCount, r1dCount <= 2);
            long h1Before = m1.packets();
            Await.sleep(500);
            assertTrue("h1 still receives after h2 left: " + h1Before + " -> " + m1.packets(), m1.packets() > h1Before);

            // h1 leaves: r1's MFE empties, IGMP's (*,G) goes, PIM prunes (*,G) towards FRR.
            long onLinkBefore = countOn(frr, "f-r1", srcAddr, G_PIM, 2);
            m1.close();
            long t0 = System.nanoTime();
            Await.until("FRR forgets r1's join for " + G_PIM, Duration.ofSeconds(20),
                    () -> !frrJoined(G_PIM), BorderDirectionsIT::diag);
            double pimPruneSeconds = (System.nanoTime() - t0) / 1e9;
            String frrJoin = pimd.vtysh("show ip pim join"), frrMroute = pimd.vtysh("show ip mroute");
            long onLinkAfter = countOn(frr, "f-r1", srcAddr, G_PIM, 2);
            boolean stillSending = sender.alive();
            System.out.printf("[directions] h1 left; FRR dropped r1's join %.1f s later; stream on f-r1: %d packets in 2 s before,"
                    + " %d in 2 s after (sender still running: %s)%nFRR show ip pim join:%n%sFRR show ip mroute:%n%sr1 pim:joins:%n%s%n",
                    pimPruneSeconds, onLinkBefore, onLinkAfter, stillSending, frrJoin, frrMroute, safe(one, "pim:joins"));
            assertTrue("sender still running during the measurement", stillSending);
            assertTrue("the stream crossed f-r1 before h1 left: " + onLinkBefore, onLinkBefore >= 100);
            assertTrue("the stream stops on f-r1 after r1's PIM prune: " + onLinkAfter + diag(), onLinkAfter <= 2);
        } finally {
            if (sender != null) sender.close();
            m1.close();
            m2.close();
        }
    }

    @Test
    public void b_sourceInTheIgmpDomainReachesTheDvmrpDomain() throws Exception {
        MulticastReceiver mf = hf.receiver("hf-eth0", G_IGMP, PORT).maxDuration(Duration.ofSeconds(60)).start();
        MulticastReceiver m2 = h2.receiver("h2-eth0", G_IGMP, PORT).maxDuration(Duration.ofSeconds(60)).start();
        try {
            Await.until("IGMP membership for " + G_IGMP + " on r2 and FRR", Duration.ofSeconds(20),
                    () -> groupsHas(two, G_IGMP, "r2-h") && pimd.vtysh("show ip igmp groups").contains(G_IGMP), BorderDirectionsIT::diag);
            int sent = h1.sender("h1-eth0", G_IGMP, PORT).ttl(16).count(500).interval(Duration.ofMillis(10))
                    .maxDuration(Duration.ofSeconds(20)).run();
            mf.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(5));
            m2.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(5));
            String srcAddr = c.bAddress();
            JsonNode mfe = mfe(one, srcAddr, G_IGMP);
            System.out.printf("[directions] IGMP-domain source %s -> %s: sent %d, h2 (DVMRP domain) %d, hf (PIM domain, behind FRR) %d%n"
                    + "r1 mgm:mfe:%n%sr2 mgm:mfe:%n%sr1 pim:joins:%n%sFRR show ip pim upstream:%n%sFRR show ip mroute:%n%s%n",
                    srcAddr, G_IGMP, sent, m2.packets(), mf.packets(), safe(one, "mgm:mfe " + srcAddr + " " + G_IGMP),
                    safe(two, "mgm:mfe " + srcAddr + " " + G_IGMP), safe(one, "pim:joins"),
                    pimd.vtysh("show ip pim upstream"), pimd.vtysh("show ip mroute"));
            assertEquals("iif owner of the IGMP LAN's source on r1: " + mfe, "igmp", iifOwner(mfe));
            assertEquals("oif r1-d owned by dvmrp: " + mfe, "dvmrp", oifOwner(mfe, "r1-d"));
            assertEquals("oif r1-f owned by pim after FRR joined the registered source: " + mfe, "pim", oifOwner(mfe, "r1-f"));
            assertTrue("h2 (DVMRP domain) receives the IGMP domain's source: " + m2.packets() + "/" + sent + diag(), m2.packets() >= sent * 8 / 10);
            assertTrue("hf (PIM domain) receives the IGMP domain's source: " + mf.packets() + "/" + sent + diag(), mf.packets() >= sent * 8 / 10);
        } finally {
            mf.close();
            m2.close();
        }
    }

    @Test
    public void c_sourceInTheDvmrpDomainReachesTheIgmpDomain() throws Exception {
        MulticastReceiver m1 = h1.receiver("h1-eth0", G_DVMRP, PORT).maxDuration(Duration.ofSeconds(60)).start();
        MulticastReceiver mf = hf.receiver("hf-eth0", G_DVMRP, PORT).maxDuration(Duration.ofSeconds(60)).start();
        try {
            Await.until("IGMP membership for " + G_DVMRP + " on r1 and FRR", Duration.ofSeconds(20),
                    () -> groupsHas(one, G_DVMRP, "r1-h") && pimd.vtysh("show ip igmp groups").contains(G_DVMRP), BorderDirectionsIT::diag);
            int sent = h2.sender("h2-eth0", G_DVMRP, PORT).ttl(16).count(500).interval(Duration.ofMillis(10))
                    .maxDuration(Duration.ofSeconds(20)).run();
            m1.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(5));
            mf.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(5));
            String srcAddr = e.bAddress();
            JsonNode mfe = mfe(one, srcAddr, G_DVMRP);
            System.out.printf("[directions] DVMRP-domain source %s -> %s: sent %d, h1 (IGMP on r1) %d, hf (PIM domain, behind FRR) %d%n"
                    + "r1 mgm:mfe:%n%sr2 mgm:mfe:%n%sr1 pim:joins:%n%sFRR show ip pim upstream:%n%sFRR show ip mroute:%n%s%n",
                    srcAddr, G_DVMRP, sent, m1.packets(), mf.packets(), safe(one, "mgm:mfe " + srcAddr + " " + G_DVMRP),
                    safe(two, "mgm:mfe " + srcAddr + " " + G_DVMRP), safe(one, "pim:joins"),
                    pimd.vtysh("show ip pim upstream"), pimd.vtysh("show ip mroute"));
            assertEquals("iif owner of the DVMRP domain's source on r1: " + mfe, "dvmrp", iifOwner(mfe));
            assertEquals("oif r1-h owned by igmp: " + mfe, "igmp", oifOwner(mfe, "r1-h"));
            assertEquals("oif r1-f owned by pim after FRR joined the registered source: " + mfe, "pim", oifOwner(mfe, "r1-f"));
            assertTrue("h1 (IGMP on r1) receives the DVMRP domain's source: " + m1.packets() + "/" + sent + diag(), m1.packets() >= sent * 8 / 10);
            assertTrue("hf (PIM domain) receives the DVMRP domain's source: " + mf.packets() + "/" + sent + diag(), mf.packets() >= sent * 8 / 10);

            // h1 leaves: hf (PIM domain) still wants the stream. Then hf leaves: FRR prunes (S,G) towards r1,
            // r1's MFE (iif owned by DVMRP) empties, the MGM's prune alert makes r1's DVMRP prune towards r2
            // (the source's network is a DVMRP route on r1) and r2 drops r2-d: leaves in the IGMP and PIM
            // domains prune the DVMRP domain's source.
            BackgroundProcess sender = h2.sender("h2-eth0", G_DVMRP, PORT).ttl(16).count(3000).interval(Duration.ofMillis(10))
                    .maxDuration(Duration.ofSeconds(40)).start();
            try {
                m1.awaitPackets(sent + 50, Duration.ofSeconds(10));
                long before = countOn(r2, "r2-d", srcAddr, G_DVMRP, 2);
                m1.close();
                Await.until("r1 drops r1-h after h1 left", Duration.ofSeconds(10),
                        () -> oifOwner(mfeOrEmpty(one, srcAddr, G_DVMRP), "r1-h").isEmpty(), BorderDirectionsIT::diag);
                long hfBefore = mf.packets();
                Await.sleep(1000);
                assertTrue("hf still receives after h1 left: " + hfBefore + " -> " + mf.packets(), mf.packets() > hfBefore + 50);
                mf.close();
                long t0 = System.nanoTime();
                Await.until("r2 drops r2-d from (" + srcAddr + ", " + G_DVMRP + ") after r1's DVMRP prune", Duration.ofSeconds(30),
                        () -> oifOwner(mfeOrEmpty(two, srcAddr, G_DVMRP), "r2-d").isEmpty(), BorderDirectionsIT::diag);
                double secs = (System.nanoTime() - t0) / 1e9;
                long after = countOn(r2, "r2-d", srcAddr, G_DVMRP, 2);
                boolean running = sender.alive();
                String r1Prunes = safe(one, "dvmrp:prunes"), r2Prunes = safe(two, "dvmrp:prunes");
                System.out.printf("[directions] h1 and then hf left (DVMRP-domain source): r2 dropped r2-d %.1f s after hf left; stream on r2-d: %d in 2 s before,"
                        + " %d in 2 s after (sender running: %s)%nr1 dvmrp:prunes:%n%sr2 dvmrp:prunes:%n%sr1 mgm:mfe:%n%sr2 mgm:mfe:%n%s%n",
                        secs, before, after, running, r1Prunes, r2Prunes, safe(one, "mgm:mfe " + srcAddr + " " + G_DVMRP),
                        safe(two, "mgm:mfe " + srcAddr + " " + G_DVMRP));
                assertTrue("sender still running during the measurement", running);
                assertTrue("the stream crossed r2-d before h1 left: " + before, before >= 100);
                assertTrue("r2 shows r1's prune: " + r2Prunes, r2Prunes.contains(d.aAddress()));
                assertTrue("the stream stops on r2-d after r1's prune: " + after + diag(), after <= 2);
            } finally {
                sender.close();
            }
        } finally {
            m1.close();
            mf.close();
        }
    }

    /**
     * Last (it reconfigures r1): PIM also runs on h1's LAN (IGMP stays there as the membership protocol,
     * PIM owns the interface), so r1 is the DR of the source LAN, registers to the RP and FRR joins the
     * source: the IGMP LAN's source reaches hf behind FRR.
     */
    @Test
    public void d_sourceOnTheHostLanReachesThePimDomainWhenPimAlsoRunsThere() throws Exception {
        one.config("org.openmgm.pim", "interfaces = r1-f,r1-h", "rpAddress = " + RP, "helloPeriod = 5");
        Await.until("PIM takes r1-h (mgm:interfaces)", Duration.ofSeconds(20),
                () -> safe(one, "pim:interfaces").contains("r1-h") && safe(one, "mgm:protocols").matches("(?s).*pim\\s+103.*r1-h.*"),
                BorderDirectionsIT::diag);
        // The new configuration restarts PIM: it forgets its neighbours and drops FRR's Join/Prune until it has
        // heard FRR's hello again (dropped as notNeighbor), and FRR would not repeat the (S,G) join for 60 s.
        Await.until("PIM adjacency r1 <-> FRR after the reconfiguration", Duration.ofSeconds(20),
                () -> safe(one, "pim:neighbors -j").contains(b.aAddress()), BorderDirectionsIT::diag);
        MulticastReceiver mf = hf.receiver("hf-eth0", G_IGMP_PIM, PORT).maxDuration(Duration.ofSeconds(60)).start();
        try {
            Await.until("FRR has hf's membership for " + G_IGMP_PIM, Duration.ofSeconds(20),
                    () -> pimd.vtysh("show ip igmp groups").contains(G_IGMP_PIM), BorderDirectionsIT::diag);
            int sent = h1.sender("h1-eth0", G_IGMP_PIM, PORT).ttl(16).count(500).interval(Duration.ofMillis(10))
                    .maxDuration(Duration.ofSeconds(20)).run();
            mf.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(5));
            String srcAddr = c.bAddress();
            JsonNode mfe = mfe(one, srcAddr, G_IGMP_PIM);
            System.out.printf("[directions] host-LAN source %s -> %s with PIM also on r1-h: sent %d, hf (PIM domain, behind FRR) %d%n"
                    + "r1 mgm:mfe:%n%sr1 pim:joins:%n%sr1 pim:stats:%n%sFRR show ip pim upstream:%n%sFRR show ip mroute:%n%s%n",
                    srcAddr, G_IGMP_PIM, sent, mf.packets(), safe(one, "mgm:mfe " + srcAddr + " " + G_IGMP_PIM), safe(one, "pim:joins"),
                    safe(one, "pim:stats"), pimd.vtysh("show ip pim upstream"), pimd.vtysh("show ip mroute"));
            assertEquals("iif owner of the host LAN's source once PIM runs there: " + mfe, "pim", iifOwner(mfe));
            assertTrue("hf (PIM domain) receives the host LAN's source: " + mf.packets() + "/" + sent + diag(), mf.packets() >= sent * 8 / 10);
        } finally {
            mf.close();
        }
    }

    /**
     * Last (it reconfigures r1's IGMP): SSM across the border. IGMPv3 now also on hs's LAN (IGMP-only):
     * hs's (S,G) join becomes IGMP's (S,G) membership, the MGM's (S,G) join alert goes to PIM (the owner of
     * the interface towards S), PIM joins (S,G) towards FRR (232/8 is SSM on both), no RP involved.
     */
    @Test
    public void e_ssmReceiverInTheIgmpDomainPullsASourceFromThePimDomain() throws Exception {
        one.config("org.openmgm.igmp", "interfaces = r1-h,r1-s", "version = 3");
        Await.until("IGMP on r1-s (mgm:protocols)", Duration.ofSeconds(20),
                () -> safe(one, "mgm:protocols").matches("(?s).*igmp\\s+10.*r1-s.*"), BorderDirectionsIT::diag);
        String srcAddr = a.aAddress();
        MulticastReceiver m1 = hs.receiver("hs-eth0", G_SSM, PORT).source(srcAddr).maxDuration(Duration.ofSeconds(60)).start();
        try {
            Await.until("IGMP's (S,G) membership for " + G_SSM + " on r1-s", Duration.ofSeconds(20),
                    () -> safe(one, "mgm:groups").lines().anyMatch(l -> l.contains(srcAddr) && l.contains(G_SSM) && l.contains("r1-s")),
                    BorderDirectionsIT::diag);
            Await.until("r1's PIM joined (" + srcAddr + ", " + G_SSM + ") towards FRR", Duration.ofSeconds(20),
                    () -> pimd.vtysh("show ip pim join").lines().anyMatch(l -> l.trim().startsWith("f-r1") && l.contains(G_SSM) && l.contains(srcAddr)),
                    BorderDirectionsIT::diag);
            int sent = src.sender("s-eth0", G_SSM, PORT).ttl(16).count(500).interval(Duration.ofMillis(10))
                    .maxDuration(Duration.ofSeconds(20)).run();
            m1.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(5));
            JsonNode mfe = mfe(one, srcAddr, G_SSM);
            System.out.printf("[directions] SSM (%s, %s) from the PIM domain to hs (IGMPv3, IGMP-only LAN): sent %d, hs %d%n"
                    + "r1 mgm:mfe:%n%sr1 pim:joins:%n%sFRR show ip pim join:%n%s%n", srcAddr, G_SSM, sent, m1.packets(),
                    safe(one, "mgm:mfe " + srcAddr + " " + G_SSM), safe(one, "pim:joins"), pimd.vtysh("show ip pim join"));
            assertEquals("iif owner of the SSM source on r1: " + mfe, "pim", iifOwner(mfe));
            assertEquals("oif r1-s owned by igmp: " + mfe, "igmp", oifOwner(mfe, "r1-s"));
            assertTrue("hs receives the SSM stream: " + m1.packets() + "/" + sent + diag(), m1.packets() >= sent * 8 / 10);
        } finally {
            m1.close();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Packets of (S,G) seen on an interface of a namespace in {@code seconds} (tcpdump, bounded by timeout). */
    static long countOn(Node node, String ifName, String source, String group, int seconds) {
        var r = node.exec(Duration.ofSeconds(seconds + 10), "timeout", String.valueOf(seconds), "tcpdump", "-i", ifName, "-n", "-l", "-q",
                "-p", "udp and src host " + source + " and dst host " + group);
        return r.stdout().lines().filter(l -> l.contains(group)).count();
    }

    /**
     * DVMRP's (*,*) membership on its interface towards the other router (its wildcard receiver). When the
     * neighbour's probe makes the adjacency two-way before DVMRP has taken the interface from the MGM (both
     * routers start at the same moment), the membership is never added (seen in 1 of 9 runs; reported to
     * protocol-dvmrp-sample). The test then deploys DVMRP again on that router, says so, and goes on.
     */
    static void ensureWildcardReceiver(DistRouter r, String ifName) throws Exception {
        java.util.function.BooleanSupplier has = () -> safe(r, "mgm:groups").lines().anyMatch(l -> l.matches("\\*\\s+\\*\\s+" + ifName + "\\s+dvmrp.*"));
        try {
            Await.until("DVMRP's (*,*) wildcard membership on " + ifName, Duration.ofSeconds(8), has);
            return;
        } catch (AssertionError missing) {
            System.out.println("[directions] DVMRP's (*,*) membership on " + ifName + " missing after start (adjacency two-way before the"
                    + " interface was taken); DVMRP deployed again. mgm:groups:\n" + safe(r, "mgm:groups") + "dvmrp:neighbors:\n"
                    + safe(r, "dvmrp:neighbors"));
        }
        r.undeploy("protocol-dvmrp-sample.jar");
        Await.until("DVMRP undeployed", Duration.ofSeconds(15), () -> !r.registered(17));
        r.deploy("protocol-dvmrp-sample.jar");
        Await.until("DVMRP's (*,*) wildcard membership on " + ifName + " after redeploying", Duration.ofSeconds(30), has, BorderDirectionsIT::diag);
    }

    /** FRR's {@code show ip pim join} has a line for {@code group} on f-r1 in state JOIN (a prune leaves it NOINFO). */
    static boolean frrJoined(String group) {
        return pimd.vtysh("show ip pim join").lines().map(String::trim)
                .anyMatch(l -> l.startsWith("f-r1") && l.contains(" " + group + " ") && l.matches(".*\\sJOIN\\s.*"));
    }

    static boolean groupsHas(DistRouter r, String group, String ifName) {
        try {
            for (JsonNode g : r.ctlJson("mgm:groups", "-j").findValues("group")) if (g.asText().equals(group)) return safe(r, "mgm:groups").contains(ifName);
            return false;
        } catch (AssertionError | RuntimeException ex) {
            return false;
        }
    }

    static JsonNode mfe(DistRouter r, String source, String group) {
        return Await.value("MFE (" + source + ", " + group + ") on " + r.home, Duration.ofSeconds(10), () -> {
            JsonNode n = mfeOrEmpty(r, source, group);
            return n.isMissingNode() ? null : n;
        });
    }

    static JsonNode mfeOrEmpty(DistRouter r, String source, String group) {
        try {
            for (JsonNode m : mfesArray(r.ctlJson("mgm:mfes", "-j")))
                if (m.path("source").asText().equals(source) && m.path("group").asText().equals(group)) return m;
        } catch (AssertionError | RuntimeException ex) {
            // router busy: treat as absent
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static Iterable<JsonNode> mfesArray(JsonNode root) {
        if (root.isArray()) return root;
        if (root.has("mfes")) return root.get("mfes");
        return List.of();
    }

    static String iifOwner(JsonNode mfe) {
        return mfe.path("incoming").path("owner").path("protocol").asText("");
    }

    static String oifOwner(JsonNode mfe, String ifName) {
        for (JsonNode o : mfe.path("outgoing")) if (o.path("interface").asText().equals(ifName)) return o.path("owner").path("protocol").asText("");
        return "";
    }

    static String safe(DistRouter r, String cmd) {
        try {
            return r.ctl(cmd.split(" "));
        } catch (AssertionError | RuntimeException ex) {
            return cmd + ": " + ex.getMessage();
        }
    }

    static String diag() {
        StringBuilder sb = new StringBuilder();
        if (one != null) for (String cmd : new String[] {"mgm:protocols", "mgm:groups", "mgm:mfes", "pim:neighbors", "pim:joins", "dvmrp:neighbors", "dvmrp:routes", "dvmrp:prunes"})
            sb.append("\nr1 ").append(cmd).append(":\n").append(safe(one, cmd));
        if (two != null) for (String cmd : new String[] {"mgm:groups", "mgm:mfes", "dvmrp:neighbors", "dvmrp:prunes"})
            sb.append("\nr2 ").append(cmd).append(":\n").append(safe(two, cmd));
        if (pimd != null) sb.append("\nfrr:\n").append(pimd.vtysh("show ip pim neighbor")).append(pimd.vtysh("show ip pim join"))
                .append(pimd.vtysh("show ip pim upstream")).append(pimd.vtysh("show ip mroute"));
        if (one != null) sb.append("\nr1 log:\n").append(DistRouter.tail(one.log()));
        if (two != null) sb.append("\nr2 log:\n").append(DistRouter.tail(two.log()));
        return sb.toString();
    }
}
