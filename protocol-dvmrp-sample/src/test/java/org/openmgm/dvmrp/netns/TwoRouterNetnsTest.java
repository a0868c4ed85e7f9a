package org.openmgm.dvmrp.netns;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;
import org.openmgm.netlab.Subnet;

/**
 * Two OpenMGM routers running DVMRP between them, each a real router (the launcher distribution with
 * mgm-core, dataplane-pcap, protocol-igmp and this bundle) in its own network namespace, a sender behind
 * R1 and Linux receiver hosts (kernel IGMP) behind both:
 * <pre>
 *  src 198.18.1.2 --(r1-src .1)  R1  (r1-link 198.18.20.1) ---- (r2-link .2)  R2  (r2-rcv .1)-- h2 198.18.2.2
 *                                (r1-rcv 198.18.3.1)-- h1 198.18.3.2
 * </pre>
 * Adjacency forms, routes converge, the stream floods to both receivers; h2 leaves, R2 prunes, R1 stops
 * sending on the link; h2 joins again, R2 grafts, traffic resumes. Skips without root, ip netns, the
 * distribution or the other modules' bundles.
 */
class TwoRouterNetnsTest {
    static final String GROUP = "239.1.2.3";
    static final int PORT = 5001;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path MODULE = Path.of(System.getProperty("user.dir"));
    static final Path REPO = MODULE.getParent();
    static final Path DIST = Path.of(System.getProperty("openmgm.dist", REPO.resolve("launcher/target/openmgm").toString()));
    static final StringBuilder TRANSCRIPT = new StringBuilder();

    @Test
    void floodPruneAndGraftBetweenTwoRouters() throws Exception {
        assumeTrue(Netlab.available(), "needs root and ip netns");
        assumeTrue(Files.isRegularFile(DIST.resolve("lib/openmgm-launcher.jar")), "no launcher distribution at " + DIST);
        Path igmp = realJar("protocol-igmp");
        assumeTrue(igmp != null, "protocol-igmp bundle not built");
        assumeTrue(realJar("dataplane-pcap") != null || isReal(DIST.resolve("bundle/dataplane-pcap-0.1.0-SNAPSHOT.jar")), "dataplane-pcap bundle not built");
        assumeTrue(Files.isRegularFile(MODULE.resolve("target/classes/META-INF/MANIFEST.MF")), "this bundle's manifest is not built (run mvn verify)");

        try (Netlab lab = Netlab.create("dvmrp")) {
            Node r1 = lab.router("r1"), r2 = lab.router("r2");
            Node src = lab.host("src"), h1 = lab.host("h1"), h2 = lab.host("h2");
            lab.link(r1, "r1-src", src, "eth0", Subnet.parse("198.18.1.0/24"), true);
            lab.link(r1, "r1-link", r2, "r2-link", Subnet.parse("198.18.20.0/24"), true);
            lab.link(r1, "r1-rcv", h1, "eth0", Subnet.parse("198.18.3.0/24"), true);
            lab.link(r2, "r2-rcv", h2, "eth0", Subnet.parse("198.18.2.0/24"), true);
            src.multicastRoute("eth0");
            h1.multicastRoute("eth0");
            h2.multicastRoute("eth0");

            Path work = lab.workDir();
            Path home1 = home(work, "r1", List.of("r1-src", "r1-link", "r1-rcv"), List.of("r1-rcv"), igmp);
            Path home2 = home(work, "r2", List.of("r2-link", "r2-rcv"), List.of("r2-rcv"), igmp);
            try (BackgroundProcess p1 = r1.start("openmgm-r1", home1.resolve("bin/openmgm").toString());
                 BackgroundProcess p2 = r2.start("openmgm-r2", home2.resolve("bin/openmgm").toString())) {
                awaitCommand(home1, "dvmrp:neighbors -j", j -> true, Duration.ofSeconds(40));
                awaitCommand(home2, "dvmrp:neighbors -j", j -> true, Duration.ofSeconds(40));

                // 1. adjacency: R2 hears R1 two-way (and the other way round)
                awaitCommand(home2, "dvmrp:neighbors -j", j -> has(j, n -> n.path("neighbor").asText().equals("198.18.20.1")
                        && n.path("state").asText().equals("two-way")), Duration.ofSeconds(20));
                awaitCommand(home1, "dvmrp:neighbors -j", j -> has(j, n -> n.path("neighbor").asText().equals("198.18.20.2")
                        && n.path("state").asText().equals("two-way")), Duration.ofSeconds(20));
                // 2. routes converge: R2 reaches the source subnet through R1 at metric 2, R1 sees R2 as dependent
                awaitCommand(home2, "dvmrp:routes -j", j -> has(j, r -> r.path("network").asText().equals("198.18.1.0/24")
                        && r.path("neighbor").asText().equals("198.18.20.1") && r.path("metric").asInt() == 2), Duration.ofSeconds(20));
                awaitCommand(home1, "dvmrp:routes -j", j -> has(j, r -> r.path("network").asText().equals("198.18.1.0/24")
                        && r.path("dependents").path("r1-link").toString().contains("198.18.20.2")), Duration.ofSeconds(20));

                // 3. the stream floods to receivers behind both routers
                MulticastReceiver rx1 = h1.receiver("eth0", GROUP, PORT).maxDuration(Duration.ofSeconds(90)).start();
                MulticastReceiver rx2 = h2.receiver("eth0", GROUP, PORT).maxDuration(Duration.ofSeconds(90)).start();
                awaitCommand(home2, "mgm:groups -j", j -> j.toString().contains(GROUP), Duration.ofSeconds(15));
                awaitCommand(home1, "mgm:groups -j", j -> j.toString().contains(GROUP), Duration.ofSeconds(15));
                BackgroundProcess sender = src.sender("eth0", GROUP, PORT).ttl(16).count(3000).interval(Duration.ofMillis(20))
                        .maxDuration(Duration.ofSeconds(70)).start();
                try {
                    assertTrue(rx1.awaitPackets(50, Duration.ofSeconds(15)) >= 50, "h1 (behind R1) receives the stream");
                    assertTrue(rx2.awaitPackets(50, Duration.ofSeconds(15)) >= 50, "h2 (behind R2) receives the stream through R1 and R2");
                    record("R1 dvmrp:neighbors", ctl(home1, "dvmrp:neighbors"));
                    record("R1 dvmrp:routes", ctl(home1, "dvmrp:routes"));
                    record("R2 dvmrp:routes", ctl(home2, "dvmrp:routes"));
                    record("R1 mgm:mfes (flooding)", ctl(home1, "mgm:mfes"));
                    record("R2 mgm:mfes (flooding)", ctl(home2, "mgm:mfes"));

                    // 4. h2 leaves: R2 prunes towards R1, R1 takes the link out, traffic stops on the link
                    rx2.close();
                    awaitCommand(home2, "dvmrp:prunes -j", j -> has(j, p -> p.path("direction").asText().equals("sent")), Duration.ofSeconds(20));
                    awaitCommand(home1, "dvmrp:prunes -j", j -> has(j, p -> p.path("direction").asText().equals("received")
                            && p.path("neighbor").asText().equals("198.18.20.2")), Duration.ofSeconds(10));
                    Thread.sleep(1000); // packets already queued in R1's data plane when the prune arrived
                    long h1Before = rx1.packets();
                    List<String> onLink = seenOnLink(r2, "r2-link", Duration.ofSeconds(3));
                    assertEquals(List.of(), onLink, "no data for " + GROUP + " on the pruned link");
                    assertTrue(rx1.packets() > h1Before, "h1 still receives while the link is pruned");
                    record("R1 dvmrp:prunes (pruned)", ctl(home1, "dvmrp:prunes"));
                    record("R2 dvmrp:prunes (pruned)", ctl(home2, "dvmrp:prunes"));
                    record("R1 mgm:mfes (link pruned)", ctl(home1, "mgm:mfes"));
                    record("R2 mgm:mfes (pruned upstream)", ctl(home2, "mgm:mfes"));

                    // 5. a receiver joins again behind R2: graft, graft-ack, traffic resumes
                    // netlab names the count file after (node, interface, group, port): remove the first
                    // receiver's file, or the new receiver would report its old count at once
                    Files.deleteIfExists(work.resolve(h2.shortName() + "-receiver-eth0-" + GROUP + "-" + PORT + ".count"));
                    MulticastReceiver rx2again = h2.receiver("eth0", GROUP, PORT).maxDuration(Duration.ofSeconds(60)).start();
                    assertEquals(0, rx2again.packets(), "a fresh count");
                    assertTrue(rx2again.awaitPackets(20, Duration.ofSeconds(15)) >= 20, "h2 receives again after the graft");
                    JsonNode stats2 = JSON.readTree(ctl(home2, "dvmrp:stats -j"));
                    assertTrue(stats2.path("events").path("graftsSent").asLong() >= 1, stats2.toString());
                    assertTrue(stats2.path("events").path("graftAcksReceived").asLong() >= 1, stats2.toString());
                    record("R2 dvmrp:stats", ctl(home2, "dvmrp:stats"));
                    record("R1 dvmrp:stats", ctl(home1, "dvmrp:stats"));
                    rx2again.close();
                } finally {
                    sender.close();
                    rx1.close();
                    Files.writeString(MODULE.resolve("target/netns-two-routers.txt"), TRANSCRIPT.toString());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------

    static void record(String title, String output) {
        TRANSCRIPT.append("### ").append(title).append('\n').append(output.strip()).append("\n\n");
        System.out.println("### " + title + "\n" + output);
    }

    static boolean has(JsonNode array, Predicate<JsonNode> p) {
        if (array == null || !array.isArray()) return false;
        for (JsonNode n : array) if (p.test(n)) return true;
        return false;
    }

    /** UDP packets to the group seen on {@code ifName} of {@code node} during {@code d} (tcpdump), one line each. */
    static List<String> seenOnLink(Node node, String ifName, Duration d) {
        String out = node.sh("timeout " + d.toSeconds() + " tcpdump -l -n -i " + ifName + " 'udp and dst host " + GROUP + "' 2>/dev/null").stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** A bundle jar built by its module (in its target folder), if it is a real bundle rather than a skeleton. */
    static Path realJar(String module) {
        Path p = REPO.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
        return isReal(p) ? p : null;
    }

    static boolean isReal(Path jar) {
        try {
            return Files.isRegularFile(jar) && Files.size(jar) > 10_000;
        } catch (IOException e) {
            return false;
        }
    }

    /** A router home: the launcher distribution with fresh bundles from the reactor and this test's configuration. */
    static Path home(Path work, String name, List<String> ifs, List<String> igmpIfs, Path igmpJar) throws IOException {
        Path home = work.resolve("home-" + name);
        for (String d : List.of("bin", "lib", "bundle", "etc")) copyTree(DIST.resolve(d), home.resolve(d));
        for (String d : List.of("deploy", "data", "log", "run")) Files.createDirectories(home.resolve(d));
        for (String mod : List.of("mgm-api", "mgm-core", "dataplane-pcap")) {
            Path real = realJar(mod);
            if (real != null) Files.copy(real, home.resolve("bundle").resolve(mod + "-0.1.0-SNAPSHOT.jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(igmpJar, home.resolve("deploy/protocol-igmp.jar"), StandardCopyOption.REPLACE_EXISTING);
        jarOf(MODULE.resolve("target/classes"), home.resolve("deploy/protocol-dvmrp-sample.jar"));
        try (Stream<Path> s = Files.list(home.resolve("bin"))) {
            s.forEach(p -> p.toFile().setExecutable(true));
        }
        Files.writeString(home.resolve("etc/org.openmgm.dataplane.cfg"), "interfaces = " + list(ifs) + "\n");
        Files.writeString(home.resolve("etc/org.openmgm.igmp.cfg"), "interfaces = " + String.join(",", igmpIfs) + "\n");
        Files.writeString(home.resolve("etc/org.openmgm.dvmrp.cfg"), "interfaces = " + list(ifs) + "\n"
                + "probeInterval = 2\nneighborTimeout = 7\nreportInterval = 10\nrouteExpiration = 25\nrouteHoldDown = 20\n"
                + "flashUpdateInterval = 1\npruneLifetime = 120\ngraftRetransmit = 2\n");
        return home;
    }

    static String list(List<String> names) {
        List<String> q = new ArrayList<>();
        for (String n : names) q.add("\"" + n + "\"");
        return "[ " + String.join(", ", q) + " ]";
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Jars target/classes (bnd has already written META-INF/MANIFEST.MF and OSGI-INF there). */
    static void jarOf(Path classes, Path jar) throws IOException {
        Manifest mf;
        try (var in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            mf = new Manifest(in);
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf);
             Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.sorted().toList()) {
                String rel = classes.relativize(p).toString().replace('\\', '/');
                if (rel.isEmpty() || rel.equals("META-INF/MANIFEST.MF") || rel.equals("META-INF")) continue;
                if (Files.isDirectory(p)) {
                    out.putNextEntry(new ZipEntry(rel + "/"));
                } else {
                    out.putNextEntry(new ZipEntry(rel));
                    Files.copy(p, out);
                }
                out.closeEntry();
            }
        }
    }

    /** Runs one shell command in the router (openmgm-ctl over its UNIX socket); returns stdout. */
    static String ctl(Path home, String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/openmgm-ctl").toString()));
        cmd.addAll(List.of(command.split(" ")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        env.remove("OPENMGM_HOME");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openmgm-ctl " + command + " hung");
        }
        if (p.exitValue() != 0) throw new IOException("openmgm-ctl " + command + " exit " + p.exitValue() + ": " + err.strip());
        return out;
    }

    /** Polls a JSON command until {@code ok} holds; fails with the last output (and the router log) otherwise. */
    static JsonNode awaitCommand(Path home, String command, Predicate<JsonNode> ok, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        String last = null;
        Exception lastError = null;
        while (System.nanoTime() < end) {
            try {
                last = ctl(home, command);
                JsonNode j = JSON.readTree(last);
                if (ok.test(j)) return j;
                lastError = null;
            } catch (IOException e) {
                lastError = e;
            }
            Thread.sleep(500);
        }
        String log = "";
        Path logFile = home.resolve("log/openmgm0.log");
        if (Files.exists(logFile)) {
            List<String> lines = Files.readAllLines(logFile);
            log = String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        fail("timed out waiting for '" + command + "' on " + home.getFileName() + "; last output: " + last
                + (lastError == null ? "" : "; last error: " + lastError.getMessage()) + "\nlog tail:\n" + log);
        return null;
    }
}
