package org.openmgm.igmp.netns;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.CommandResult;
import org.openmgm.netlab.Link;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/**
 * The real router: a private copy of the launcher distribution (launcher/target/openmgm) with this module's bundle
 * in deploy/ and the data plane's jar in bundle/, configured by etc/*.cfg files, run with {@code ip netns exec}, and
 * queried with {@code openmgm-ctl igmp:... -j}. Runs in the integration-test phase (after this bundle is packaged);
 * skipped without root, or while the distribution or the data plane's jar are not built.
 */
class IgmpLauncherNetnsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path module() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    }

    @Test
    void theIgmpBundleInTheRealRouterTurnsAHostJoinIntoForwarding() throws Exception {
        assumeTrue(Netlab.available(), "needs root and ip netns");
        Path dist = module().resolve("../launcher/target/openmgm").normalize();
        assumeTrue(Files.isExecutable(dist.resolve("bin/openmgm")), "launcher distribution not built at " + dist);
        Path dataplaneJar = module().resolve("../dataplane-pcap/target/dataplane-pcap-0.1.0-SNAPSHOT.jar").normalize();
        assumeTrue(Files.isRegularFile(dataplaneJar) && Files.size(dataplaneJar) > 20_000, "data plane bundle not built at " + dataplaneJar);
        Path ourJar;
        try (Stream<Path> s = Files.list(module().resolve("target"))) {
            ourJar = s.filter(p -> p.getFileName().toString().matches("protocol-igmp-.*\\.jar")).findFirst().orElse(null);
        }
        assumeTrue(ourJar != null, "this bundle is not packaged yet");

        String g = "239.1.8.1";
        try (Netlab lab = Netlab.create("iglx")) {
            Node s = lab.host("s"), r = lab.router("r"), h = lab.host("h");
            Link l1 = lab.link(s, "eth0", r, "r-eth1");
            Link l2 = lab.link(h, "eth0", r, "r-eth2");
            s.exec("ip", "route", "add", "default", "via", l1.bAddress()).check();
            h.exec("ip", "route", "add", "default", "via", l2.bAddress()).check();
            h.forceIgmpVersion("eth0", 2);

            Path home = lab.workDir().resolve("openmgm");
            copyTree(dist, home);
            try (Stream<Path> old = Files.list(home.resolve("deploy"))) {
                for (Path p : old.toList()) Files.delete(p);
            }
            deleteTree(home.resolve("data"));
            Files.createDirectories(home.resolve("data"));
            try (Stream<Path> b = Files.list(home.resolve("bundle"))) {
                for (Path p : b.filter(p -> p.getFileName().toString().startsWith("dataplane-pcap")).toList()) Files.delete(p);
            }
            Files.copy(dataplaneJar, home.resolve("bundle/dataplane-pcap-0.1.0-SNAPSHOT.jar"));
            Files.copy(ourJar, home.resolve("deploy/protocol-igmp.jar"));
            Files.writeString(home.resolve("etc/org.openmgm.dataplane.cfg"), "interfaces = [ \"r-eth1\", \"r-eth2\" ]\n");
            Files.writeString(home.resolve("etc/org.openmgm.igmp.cfg"), """
                    interfaces = [ "r-eth1", "r-eth2" ]
                    queryInterval = 10
                    queryResponseInterval = 20
                    lastMemberQueryInterval = 5
                    """);
            try (BackgroundProcess router = r.start("openmgm", home.resolve("bin/openmgm").toString())) {
                JsonNode ifs = await(r, home, "igmp:interfaces", j -> j.size() == 2, Duration.ofSeconds(40), router);
                assertTrue(ifs.get(0).path("querier").asBoolean());
                try (MulticastReceiver member = h.receiver("eth0", g, 5003).maxDuration(Duration.ofSeconds(40)).start()) {
                    JsonNode groups = await(r, home, "igmp:groups", j -> j.size() == 1, Duration.ofSeconds(10), router);
                    assertEquals(g, groups.get(0).path("group").asText());
                    assertEquals("r-eth2", groups.get(0).path("interface").asText());
                    int n = 50;
                    assertEquals(n, s.sender("eth0", g, 5003).ttl(8).count(n).interval(Duration.ofMillis(10)).run());
                    assertEquals(n, member.awaitPackets(n, Duration.ofSeconds(10)), () -> "router log:\n" + log(home));
                }
                JsonNode stats = ctl(r, home, "igmp:stats");
                assertTrue(stats.path("total").path("in").path("v2Report").asLong() >= 1, stats.toString());
                assertTrue(stats.path("mgm").path("add").asLong() >= 1, stats.toString());
            }
        }
    }

    interface Check {
        boolean ok(JsonNode j);
    }

    private static JsonNode await(Node r, Path home, String command, Check check, Duration timeout, BackgroundProcess router) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            assertTrue(router.alive(), () -> "router exited:\n" + router.stderr() + log(home));
            try {
                last = ctl(r, home, command);
                if (check.ok(last)) return last;
            } catch (RuntimeException e) {
                // not up yet
            }
            RouterProcess.sleep(300);
        }
        fail(command + " never satisfied; last " + last + "\n" + log(home));
        return null;
    }

    private static JsonNode ctl(Node r, Path home, String command) {
        CommandResult c = r.exec(Duration.ofSeconds(20), home.resolve("bin/openmgm-ctl").toString(), command, "-j");
        if (!c.ok()) throw new IllegalStateException(command + ": " + c.stderr());
        try {
            return JSON.readTree(c.stdout());
        } catch (IOException e) {
            throw new IllegalStateException(command + " gave no JSON: " + c.stdout());
        }
    }

    private static String log(Path home) {
        try {
            return Files.readString(home.resolve("log/openmgm0.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
