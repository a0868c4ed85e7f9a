package org.openmgm.pim.interop;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Link;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/**
 * OpenMGM's PIM against FRRouting 8.4 pimd in network namespaces:
 * <pre>
 *   hostR --(o-eth1)-- om [OpenMGM] --(o-eth2 / f-eth1)-- frr [FRR] --(f-eth2)-- hostS
 * </pre>
 * Adjacency both ways, a stream with FRR as RP, one with OpenMGM as RP (FRR registers, OpenMGM
 * answers Register-Stop), and an SSM stream. Skipped unless root with FRR installed and the
 * data-plane classes built.
 */
class FrrInteropTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GROUP = "239.1.2.3", SSM_GROUP = "232.1.2.3";
    static Path dataplaneClasses;

    @BeforeAll
    static void requirements() {
        assumeTrue(Netlab.available(), "needs root and ip netns");
        assumeTrue(Frr.available(), "needs FRR (zebra, pimd, vtysh)");
        dataplaneClasses = findDataplane();
        assumeTrue(dataplaneClasses != null, "dataplane-pcap classes not built");
        assumeTrue(System.getProperty("pim.test.classpath.file") != null, "run through Maven");
    }

    private static Path dataplaneSnapshot;

    /**
     * The data plane for the child router: a snapshot (copied into this module's target/) of a complete
     * dataplane-pcap jar — from ~/.m2 or the launcher distribution — because the other module's
     * target/classes may be recompiled while a test runs. Falls back to a copy of target/classes.
     */
    static synchronized Path findDataplane() {
        if (dataplaneSnapshot != null) return dataplaneSnapshot;
        Path target = Path.of(System.getProperty("pim.classes", "target/classes")).toAbsolutePath().getParent();
        Path root = target.getParent().getParent();
        List<Path> jars = new ArrayList<>();
        jars.add(Path.of(System.getProperty("user.home"), ".m2/repository/org/openmgm/dataplane-pcap/0.1.0-SNAPSHOT/dataplane-pcap-0.1.0-SNAPSHOT.jar"));
        jars.add(root.resolve("launcher/target/openmgm/bundle/dataplane-pcap-0.1.0-SNAPSHOT.jar"));
        jars.add(root.resolve("dataplane-pcap/target/dataplane-pcap-0.1.0-SNAPSHOT.jar"));
        for (Path jar : jars) {
            try {
                if (!Files.exists(jar)) continue;
                Path copy = target.resolve("dataplane-snapshot.jar");
                Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(copy.toFile())) {
                    if (z.getEntry("org/openmgm/dataplane/pcap/engine/Dataplane.class") == null) continue;
                    if (z.getEntry("org/openmgm/dataplane/pcap/engine/DataplaneSettings.class") == null) continue;
                }
                return dataplaneSnapshot = copy;
            } catch (IOException e) {
                // being rewritten: try the next one
            }
        }
        Path classes = root.resolve("dataplane-pcap/target/classes");
        if (!Files.exists(classes.resolve("org/openmgm/dataplane/pcap/engine/Dataplane.class"))) return null;
        try {
            Path copy = target.resolve("dataplane-snapshot");
            try (var files = Files.walk(classes)) {
                for (Path p : files.toList()) {
                    Path d = copy.resolve(classes.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(d);
                    else Files.copy(p, d, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dataplaneSnapshot = copy;
        } catch (IOException e) {
            return null;
        }
    }

    /** The four namespaces, addresses and unicast routes; {@code rpOnOpenMgm} puts the RP on om's loopback. */
    static final class Topology implements AutoCloseable {
        final Netlab lab = Netlab.create("pim");
        final Node hostR = lab.host("hostR"), om = lab.router("om"), frr = lab.router("frr"), hostS = lab.host("hostS");
        final Link l1 = lab.link(om, "o-eth1", hostR, "h-eth0");
        final Link l2 = lab.link(om, "o-eth2", frr, "f-eth1");
        final Link l3 = lab.link(frr, "f-eth2", hostS, "h-eth0");
        final String rp;
        Frr frrd;
        BackgroundProcess router;
        Path status;

        Topology(boolean rpOnOpenMgm) {
            String rpNet = lab.addresses().next24().hostCidr(1);
            rp = rpNet.substring(0, rpNet.indexOf('/'));
            (rpOnOpenMgm ? om : frr).exec("ip", "addr", "add", rp + "/32", "dev", "lo").check();
            hostR.route("198.18.0.0/15", l1.aAddress());
            hostS.route("198.18.0.0/15", l3.aAddress());
            om.route(net(l3), l2.bAddress());
            frr.route(net(l1), l2.aAddress());
            if (rpOnOpenMgm) frr.route(rp + "/32", l2.aAddress());
            else om.route(rp + "/32", l2.bAddress());
        }

        static String net(Link l) {
            return l.subnet().toString();
        }

        void startFrr() throws Exception {
            frrd = new Frr(frr, """
                    interface lo
                     ip pim
                    interface f-eth1
                     ip pim
                     ip pim hello 5
                    interface f-eth2
                     ip pim
                     ip pim hello 5
                     ip igmp
                    ip pim rp %s 224.0.0.0/4
                    """.formatted(rp));
        }

        void startOpenMgm() throws Exception {
            status = lab.workDir().resolve("om-status");
            Path props = lab.workDir().resolve("om.properties");
            Files.writeString(props, String.join("\n",
                    "statusDir=" + status,
                    "interfaces=o-eth1,o-eth2",
                    "igmpInterfaces=o-eth1",
                    "rpAddress=" + rp,
                    "helloPeriod=5",
                    "joinPrunePeriod=10",
                    "maxSeconds=150") + "\n");
            String cp = String.join(":", System.getProperty("pim.classes"), System.getProperty("pim.test.classes"),
                    Files.readString(Path.of(System.getProperty("pim.test.classpath.file"))).trim(), dataplaneClasses.toString());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            router = om.start("openmgm", java, "--enable-native-access=ALL-UNNAMED", "-Djava.util.logging.ConsoleHandler.level=INFO",
                    "-cp", cp, RouterMain.class.getName(), props.toString());
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(status.resolve("neighbors.json"))) {
                if (!router.alive()) fail("router exited: " + router.stdout() + router.stderr());
                if (System.nanoTime() > end) fail("router did not start: " + router.stdout() + router.stderr());
                Thread.sleep(100);
            }
        }

        JsonNode omStatus(String name) {
            try {
                return JSON.readTree(Files.readString(status.resolve(name)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        JsonNode frrJson(String command) {
            try {
                String out = frrd.vtysh(command);
                return JSON.readTree(out.isBlank() ? "{}" : out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String diagnostics() {
            StringBuilder sb = new StringBuilder();
            try {
                sb.append("\n--- openmgm stdout/stderr\n").append(router == null ? "" : router.stdout()).append(router == null ? "" : router.stderr());
                for (String f : List.of("neighbors.txt", "joins.txt", "stats.txt", "mfes.json", "memberships.json", "dataplane.json"))
                    if (status != null && Files.exists(status.resolve(f))) sb.append("\n--- om ").append(f).append('\n').append(Files.readString(status.resolve(f)));
                if (frrd != null) {
                    for (String c : List.of("show ip pim neighbor", "show ip pim upstream", "show ip mroute", "show ip pim join", "show ip igmp groups"))
                        sb.append("\n--- frr ").append(c).append('\n').append(frrd.vtysh(c));
                }
            } catch (IOException | RuntimeException e) {
                sb.append(e);
            }
            return sb.toString();
        }

        boolean await(Duration timeout, java.util.function.BooleanSupplier cond) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                try {
                    if (cond.getAsBoolean()) return true;
                } catch (RuntimeException ignored) {
                    // status file being rewritten
                }
                Thread.sleep(200);
            }
            return false;
        }

        /** Keeps the router's command output (text and JSON) in target/interop-samples/NAME for the documentation. */
        void keepSamples(String name) {
            try {
                Path dest = Path.of(System.getProperty("pim.classes", "target/classes")).getParent().resolve("interop-samples").resolve(name);
                Files.createDirectories(dest);
                try (var files = Files.list(status)) {
                    for (Path f : files.toList()) Files.copy(f, dest.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                if (frrd != null) {
                    Files.writeString(dest.resolve("frr-neighbors.txt"), frrd.vtysh("show ip pim neighbor"));
                    Files.writeString(dest.resolve("frr-upstream.txt"), frrd.vtysh("show ip pim upstream"));
                    Files.writeString(dest.resolve("frr-mroute.txt"), frrd.vtysh("show ip mroute"));
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("samples not kept: " + e);
            }
        }

        @Override
        public void close() {
            if (frrd != null) frrd.close();
            if (router != null) router.close();
            lab.close();
        }
    }

    static boolean omHasNeighbor(Topology t, String address) {
        for (JsonNode n : t.omStatus("neighbors.json")) if (n.path("neighbor").asText().equals(address)) return true;
        return false;
    }

    static boolean frrHasNeighbor(Topology t, String address) {
        JsonNode j = t.frrJson("show ip pim neighbor json");
        return j.path("f-eth1").has(address);
    }

    static long omStat(Topology t, String section, String key) {
        return t.omStatus("stats.json").path(section).path(key).asLong(0);
    }

    /** ICMP destination-unreachables the namespace's kernel sent (protocol unreachable for PIM among them). */
    static long icmpUnreachablesSent(Node n) {
        List<String> lines = n.exec("cat", "/proc/net/snmp").check().stdout().lines().filter(l -> l.startsWith("Icmp:")).toList();
        List<String> names = List.of(lines.get(0).split("\\s+")), values = List.of(lines.get(1).split("\\s+"));
        return Long.parseLong(values.get(names.indexOf("OutDestUnreachs")));
    }

    static void send(Topology t, String group, int count) {
        t.hostS.sender("h-eth0", group, 5001).ttl(16).count(count).interval(Duration.ofMillis(50)).maxDuration(Duration.ofSeconds(30)).run();
    }

    @Test
    void adjacencyComesUpInBothDirections() throws Exception {
        try (Topology t = new Topology(false)) {
            t.startOpenMgm();
            t.startFrr();
            String om = t.l2.aAddress(), frr = t.l2.bAddress();
            boolean up = t.await(Duration.ofSeconds(20), () -> omHasNeighbor(t, frr) && frrHasNeighbor(t, om));
            assertTrue(up, "adjacency" + t.diagnostics());
            JsonNode ifs = t.omStatus("interfaces.json");
            assertEquals(2, ifs.size());
            assertTrue(omStat(t, "received", "hello") > 0);
            assertEquals(0, omStat(t, "dropped", "badChecksum"));
        }
    }

    @Test
    void frrAsRpDeliversTheStreamToAReceiverBehindOpenMgm() throws Exception {
        try (Topology t = new Topology(false)) {
            t.startOpenMgm();
            t.startFrr();
            assertTrue(t.await(Duration.ofSeconds(20), () -> omHasNeighbor(t, t.l2.bAddress())), "adjacency" + t.diagnostics());
            try (MulticastReceiver r = t.hostR.receiver("h-eth0", GROUP, 5001).maxDuration(Duration.ofSeconds(60)).start()) {
                assertTrue(t.await(Duration.ofSeconds(20), () -> t.frrJson("show ip pim join json").toString().contains(GROUP)),
                        "FRR has our (*,G) join" + t.diagnostics());
                send(t, GROUP, 10); // warm-up: the first packets build the trees
                r.awaitPackets(5, Duration.ofSeconds(5));
                Thread.sleep(1000);
                long before = r.packets();
                send(t, GROUP, 40);
                long got = r.awaitPackets(before + 38, Duration.ofSeconds(10)) - before;
                assertTrue(got >= 38, "receiver got " + got + " of 40 after the warm-up" + t.diagnostics());
                Thread.sleep(700);
                t.keepSamples("frr-rp");
            }
        }
    }

    @Test
    void openMgmAsRpReceivesRegistersFromFrrAndAnswersRegisterStop() throws Exception {
        try (Topology t = new Topology(true)) {
            t.startOpenMgm();
            t.startFrr();
            assertTrue(t.await(Duration.ofSeconds(20), () -> omHasNeighbor(t, t.l2.bAddress())), "adjacency" + t.diagnostics());
            try (MulticastReceiver r = t.hostR.receiver("h-eth0", GROUP, 5001).maxDuration(Duration.ofSeconds(60)).start()) {
                assertTrue(t.await(Duration.ofSeconds(10), () -> t.omStatus("joins.json").toString().contains("o-eth1")), "local member" + t.diagnostics());
                assertTrue(t.await(Duration.ofSeconds(20), () -> frrHasNeighbor(t, t.l2.aAddress())), "FRR knows us" + t.diagnostics());
                send(t, GROUP, 20); // registers, then the source tree: a few packets may be lost meanwhile
                long first = r.awaitPackets(5, Duration.ofSeconds(5));
                assertTrue(first >= 1, "nothing arrived while registering" + t.diagnostics());
                Thread.sleep(1000);
                long before = r.packets();
                send(t, GROUP, 40);
                long got = r.awaitPackets(before + 38, Duration.ofSeconds(10)) - before;
                assertTrue(got >= 38, "receiver got " + got + " of 40 on the source tree" + t.diagnostics());
                assertTrue(omStat(t, "received", "register") > 0, "FRR registered to us" + t.diagnostics());
                assertTrue(omStat(t, "events", "registerDecapsulated") > 0);
                assertTrue(t.await(Duration.ofSeconds(10), () -> omStat(t, "sent", "registerStop") > 0), "Register-Stop sent" + t.diagnostics());
                long registers = omStat(t, "received", "register");
                send(t, GROUP, 20);
                Thread.sleep(500);
                assertTrue(omStat(t, "received", "register") <= registers + 2, "FRR stopped registering" + t.diagnostics());
                assertEquals(0, icmpUnreachablesSent(t.om), "the kernel answered no Register with ICMP unreachable");
                t.keepSamples("openmgm-rp");
            }
        }
    }

    @Test
    void openMgmAsDrOfASourceRegistersToFrrUntilRegisterStop() throws Exception {
        try (Topology t = new Topology(false)) {
            t.startOpenMgm();
            t.startFrr();
            assertTrue(t.await(Duration.ofSeconds(20), () -> omHasNeighbor(t, t.l2.bAddress()) && frrHasNeighbor(t, t.l2.aAddress())),
                    "adjacency" + t.diagnostics());
            // the receiver is behind FRR (the RP), the sender behind OpenMGM
            try (MulticastReceiver r = t.hostS.receiver("h-eth0", GROUP, 5002).maxDuration(Duration.ofSeconds(60)).start()) {
                assertTrue(t.await(Duration.ofSeconds(15), () -> t.frrJson("show ip igmp groups json").toString().contains(GROUP)),
                        "FRR sees the receiver" + t.diagnostics());
                t.hostR.sender("h-eth0", GROUP, 5002).ttl(16).count(60).interval(Duration.ofMillis(50)).maxDuration(Duration.ofSeconds(30)).run();
                assertTrue(t.await(Duration.ofSeconds(10), () -> omStat(t, "received", "registerStop") > 0), "Register-Stop from FRR" + t.diagnostics());
                assertTrue(omStat(t, "sent", "register") > 0, "we registered" + t.diagnostics());
                assertTrue(t.omStatus("joins.json").toString().contains("\"registerState\":\"prune\""), "registering suspended" + t.diagnostics());
                long first = r.awaitPackets(30, Duration.ofSeconds(10));
                assertTrue(first >= 30, "receiver behind the RP got " + first + t.diagnostics());
                long registers = omStat(t, "sent", "register");
                long before = r.packets();
                t.hostR.sender("h-eth0", GROUP, 5002).ttl(16).count(40).interval(Duration.ofMillis(50)).maxDuration(Duration.ofSeconds(30)).run();
                long got = r.awaitPackets(before + 38, Duration.ofSeconds(10)) - before;
                assertTrue(got >= 38, "native forwarding after Register-Stop: " + got + t.diagnostics());
                assertEquals(registers, omStat(t, "sent", "register"), "no registers while suppressed" + t.diagnostics());
                assertEquals(0, icmpUnreachablesSent(t.om), "the kernel answered no Register-Stop with ICMP unreachable");
                t.keepSamples("openmgm-dr");
            }
        }
    }

    @Test
    void ssmJoinCrossesBothRoutersAndTheStreamFlows() throws Exception {
        try (Topology t = new Topology(false)) {
            t.startOpenMgm();
            t.startFrr();
            assertTrue(t.await(Duration.ofSeconds(20), () -> omHasNeighbor(t, t.l2.bAddress())), "adjacency" + t.diagnostics());
            String source = t.l3.bAddress();
            try (MulticastReceiver r = t.hostR.receiver("h-eth0", SSM_GROUP, 5001).source(source).maxDuration(Duration.ofSeconds(60)).start()) {
                assertTrue(t.await(Duration.ofSeconds(15), () -> t.frrJson("show ip pim join json").toString().contains(SSM_GROUP)),
                        "FRR got our (S,G) join" + t.diagnostics());
                send(t, SSM_GROUP, 10);
                r.awaitPackets(5, Duration.ofSeconds(5));
                Thread.sleep(1000);
                long before = r.packets();
                send(t, SSM_GROUP, 40);
                long got = r.awaitPackets(before + 38, Duration.ofSeconds(10)) - before;
                assertTrue(got >= 38, "receiver got " + got + " of 40" + t.diagnostics());
                Thread.sleep(700);
                t.keepSamples("ssm");
            }
        }
    }
}
