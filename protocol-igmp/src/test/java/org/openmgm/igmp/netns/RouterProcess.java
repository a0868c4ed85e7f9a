package org.openmgm.igmp.netns;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/** {@link IgmpRouterMain} in a child JVM inside the router namespace, and its JSON status file. */
final class RouterProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BackgroundProcess process;
    private final Path status;

    private RouterProcess(BackgroundProcess process, Path status) {
        this.process = process;
        this.status = status;
    }

    static Path dataplaneClasses() {
        return Path.of(System.getProperty("openmgm.dataplane.classes", "../dataplane-pcap/target/classes"));
    }

    /** Root, ip netns, libpcap and the data plane's compiled classes. */
    static String missingRequirement() {
        if (!Netlab.available()) return "needs root and ip netns";
        if (!Files.isRegularFile(dataplaneClasses().resolve("org/openmgm/dataplane/pcap/engine/Dataplane.class")))
            return "data plane classes not built at " + dataplaneClasses();
        boolean pcap = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8")) || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libpcap.so.0.8"))
                || Files.exists(Path.of("/usr/lib/libpcap.so.0.8"));
        return pcap ? null : "needs libpcap.so.0.8";
    }

    static RouterProcess start(Netlab lab, Node router, List<String> args) {
        Path status = lab.workDir().resolve("router-" + router.shortName() + ".json");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")) + java.io.File.pathSeparator + dataplaneClasses().toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx256m", "-cp", cp, IgmpRouterMain.class.getName()));
        cmd.addAll(args);
        cmd.add("status=" + status);
        RouterProcess p = new RouterProcess(router.start("igmp-router", cmd), status);
        p.await(s -> s.path("ready").asBoolean(), Duration.ofSeconds(30), "router ready");
        return p;
    }

    JsonNode status() {
        try {
            return JSON.readTree(Files.readString(status));
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** Polls the status until {@code condition} holds; fails with the last status and the router's log otherwise. */
    JsonNode await(Predicate<JsonNode> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s = status();
        while (!condition.test(s)) {
            if (!process.alive()) fail("router died while waiting for " + what + ":\n" + process.stderr());
            if (System.nanoTime() > deadline) fail("timed out waiting for " + what + "; status " + s + "\nrouter log:\n" + tail(process.stderr()));
            sleep(100);
            s = status();
        }
        return s;
    }

    String log() {
        return process.stderr();
    }

    static JsonNode mfe(JsonNode status, String source, String group) {
        for (JsonNode m : status.path("mfes")) if (m.path("source").asText().equals(source) && m.path("group").asText().equals(group)) return m;
        return null;
    }

    static boolean hasOif(JsonNode status, String source, String group, String oif) {
        JsonNode m = mfe(status, source, group);
        if (m == null) return false;
        for (JsonNode o : m.path("oifs")) if (o.asText().equals(oif)) return true;
        return false;
    }

    static JsonNode group(JsonNode status, String iface, String group) {
        for (JsonNode g : status.path("groups")) if (g.path("interface").asText().equals(iface) && g.path("group").asText().equals(group)) return g;
        return null;
    }

    static JsonNode iface(JsonNode status, String name) {
        for (JsonNode i : status.path("interfaces")) if (i.path("interface").asText().equals(name)) return i;
        return null;
    }

    @Override
    public void close() {
        try {
            Files.writeString(Path.of(status + ".stop"), "");
        } catch (Exception ignored) {
            // the lab's cleanup kills it anyway
        }
        process.waitFor(Duration.ofSeconds(10));
        process.close();
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Frames received on a host interface (IGMP queries included), from sysfs inside its namespace. */
    static long rxPackets(Node host, String ifName) {
        return Long.parseLong(host.exec("cat", "/sys/class/net/" + ifName + "/statistics/rx_packets").check().stdout().strip());
    }
}
