package org.openmgm.pim.interop;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Link;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/**
 * The real bundle in the real router: a copy of the launcher distribution (launcher/target/openmgm)
 * with this module's freshly built classes as deploy/protocol-pim-sample.jar and configuration files
 * in etc/, started in a namespace next to FRR; the pim:* commands are run with openmgm-ctl.
 * Skipped when the distribution (with a real data plane) is not built, or without root/FRR.
 */
class LauncherSmokeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Path distribution() {
        Path module = Path.of(System.getProperty("pim.classes", "target/classes")).toAbsolutePath().getParent().getParent();
        Path dist = module.getParent().resolve("launcher/target/openmgm");
        try (Stream<Path> s = Files.list(dist.resolve("bundle"))) {
            boolean realDataplane = s.anyMatch(p -> p.getFileName().toString().startsWith("dataplane-pcap") && p.toFile().length() > 20_000);
            return realDataplane && Files.isExecutable(dist.resolve("bin/openmgm")) ? dist : null;
        } catch (IOException e) {
            return null;
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path rel = from.relativize(p);
                String top = rel.getNameCount() == 0 ? "" : rel.getName(0).toString();
                if (top.equals("log") || top.equals("data") || top.equals("run")) continue;
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) Files.createDirectories(dest);
                else Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** This module's bundle from target/classes (bnd has written META-INF/MANIFEST.MF and OSGI-INF there). */
    static void bundleJar(Path classes, Path jar) throws IOException {
        Manifest mf;
        try (var in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            mf = new Manifest(in);
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, mf); Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) continue;
                j.putNextEntry(new JarEntry(name));
                Files.copy(p, j);
                j.closeEntry();
            }
        }
    }

    static String ctl(Path home, String... command) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(home.resolve("bin/openmgm-ctl").toString()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("openmgm-ctl hangs");
        }
        if (p.exitValue() != 0) throw new IllegalStateException("openmgm-ctl " + String.join(" ", command) + " -> " + p.exitValue() + ": " + out);
        return out;
    }

    @Test
    void theBundleRunsInTheLauncherTakesItsInterfacesAndPeersWithFrr() throws Exception {
        assumeTrue(Netlab.available(), "needs root and ip netns");
        assumeTrue(Frr.available(), "needs FRR");
        Path dist = distribution();
        assumeTrue(dist != null, "launcher distribution with a real data plane not built");
        Path classes = Path.of(System.getProperty("pim.classes", "target/classes"));
        assumeTrue(Files.exists(classes.resolve("META-INF/MANIFEST.MF")), "bundle manifest not generated");

        try (Netlab lab = Netlab.create("pimosg")) {
            Node om = lab.router("om"), frr = lab.router("frr"), host = lab.host("host");
            Link l1 = lab.link(om, "o-eth1", host, "h-eth0");
            Link l2 = lab.link(om, "o-eth2", frr, "f-eth1");
            String rp = l2.bAddress();
            Path home = lab.workDir().resolve("openmgm");
            copyTree(dist, home);
            bundleJar(classes, home.resolve("deploy/protocol-pim-sample.jar"));
            Files.writeString(home.resolve("etc/org.openmgm.dataplane.cfg"), "interfaces = [ \"o-eth1\", \"o-eth2\" ]\n");
            Files.writeString(home.resolve("etc/org.openmgm.pim.cfg"),
                    "interfaces = [ \"o-eth1\", \"o-eth2\" ]\nrpAddress = " + rp + "\nhelloPeriod = 5\n");
            Files.writeString(home.resolve("etc/org.openmgm.core.cfg"), "wrongInterfaceMode = RFC\n");
            BackgroundProcess router = om.start("launcher", home.resolve("bin/openmgm").toString());
            Frr frrd = null;
            try {
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String ifs = null;
                while (System.nanoTime() < end) {
                    try {
                        ifs = ctl(home, "pim:interfaces", "-j");
                        if (JSON.readTree(ifs).size() == 2) break;
                    } catch (IllegalStateException notYet) {
                        ifs = notYet.getMessage();
                    }
                    if (!router.alive()) fail("router exited: " + router.stdout() + router.stderr());
                    Thread.sleep(500);
                }
                assertEquals(2, JSON.readTree(ifs).size(), "PIM on both interfaces: " + ifs + log(home));
                frrd = new Frr(frr, "interface f-eth1\n ip pim\n ip pim hello 5\nip pim rp " + rp + " 224.0.0.0/4\n");
                boolean up = false;
                String neighbors = "";
                end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!up && System.nanoTime() < end) {
                    neighbors = ctl(home, "pim:neighbors", "-j");
                    up = neighbors.contains(l2.bAddress()) && frrd.vtysh("show ip pim neighbor").contains(l2.aAddress());
                    Thread.sleep(500);
                }
                assertTrue(up, "adjacency through the bundle: " + neighbors + frrd.vtysh("show ip pim neighbor") + log(home));
                JsonNode protocols = JSON.readTree(ctl(home, "mgm:protocols", "-j"));
                assertTrue(protocols.toString().contains("103"), "registered with the MGM as 103: " + protocols);
                Path samples = classes.getParent().resolve("interop-samples/launcher");
                Files.createDirectories(samples);
                for (String c : List.of("interfaces", "neighbors", "rp", "joins", "stats")) {
                    Files.writeString(samples.resolve(c + ".txt"), ctl(home, "pim:" + c));
                    JsonNode j = JSON.readTree(ctl(home, "pim:" + c, "-j"));
                    assertNotNull(j);
                    Files.writeString(samples.resolve(c + ".json"), j.toPrettyString());
                }
                Files.writeString(samples.resolve("mgm-protocols.txt"), ctl(home, "mgm:protocols"));
                Files.writeString(samples.resolve("mgm-interfaces.txt"), ctl(home, "mgm:interfaces"));
            } finally {
                if (frrd != null) frrd.close();
                router.close();
            }
        }
    }

    static String log(Path home) {
        try {
            return "\n--- log\n" + Files.readString(home.resolve("log/openmgm0.log"));
        } catch (IOException e) {
            return "";
        }
    }
}
