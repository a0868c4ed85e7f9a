package org.openmgm.itests.netns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.ReactorBundles;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Node;

/**
 * The launcher's distribution ({@code launcher/target/openmgm}) copied to a fresh folder and run as
 * a child JVM inside a router namespace ({@code ip netns exec NS bin/openmgm}); configured by writing
 * {@code etc/*.cfg}, driven with {@code bin/openmgm-ctl}, protocols hot-deployed by moving jars in and
 * out of {@code deploy/} (FileInstall).
 */
final class DistRouter implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    private final Node node;
    private BackgroundProcess process;

    private DistRouter(Node node, Path home) {
        this.node = node;
        this.home = home;
    }

    /** The assembled distribution, or null when the launcher module has not been packaged. */
    static Path distribution() {
        Path d = Path.of(System.getProperty("openmgm.dist", "../launcher/target/openmgm"));
        return Files.isExecutable(d.resolve("bin/openmgm")) ? d : null;
    }

    static DistRouter copy(Node node, Path dist) throws IOException {
        Path home = Files.createTempDirectory("openmgm-itest-");
        copyTree(dist, home);
        for (String d : List.of("data/cache", "log", "run")) {
            deleteTree(home.resolve(d));
            Files.createDirectories(home.resolve(d));
        }
        Files.createDirectories(home.resolve("undeployed"));
        useTheSuitesBundles(home);
        return new DistRouter(node, home);
    }

    /**
     * Replaces the reactor bundles in {@code bundle/} and {@code deploy/} with the ones the rest of the
     * suite tests ({@link ReactorBundles#find}): the same jars in the reactor build, the modules' fresh
     * {@code target/} jars with {@code -Dopenmgm.dev.root} (a distribution assembled earlier may hold
     * older ones).
     */
    private static void useTheSuitesBundles(Path home) throws IOException {
        for (String dir : List.of("bundle", "deploy")) {
            try (var files = Files.list(home.resolve(dir))) {
                for (Path f : files.toList()) {
                    String n = f.getFileName().toString();
                    for (String artifact : List.of("mgm-api", "mgm-core", "dataplane-pcap", "protocol-igmp", "protocol-pim-sample", "protocol-dvmrp-sample")) {
                        if (n.equals(artifact + ".jar") || (n.startsWith(artifact + "-") && n.endsWith(".jar") && !n.startsWith(artifact + "-sample")))
                            ReactorBundles.find(artifact).ifPresent(src -> copy(src, f));
                    }
                }
            }
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code etc/<pid>.cfg} (FileInstall syntax, e.g. {@code interfaces = [ "r-eth1" ]}). */
    DistRouter config(String pid, String... lines) throws IOException {
        Files.writeString(home.resolve("etc/" + pid + ".cfg"), String.join("\n", lines) + "\n");
        return this;
    }

    DistRouter start() {
        process = node.start("openmgm", home.resolve("bin/openmgm").toString());
        return this;
    }

    /** The process id of the router's JVM (a descendant of the ip-netns-exec wrapper). */
    java.util.Optional<Long> javaPid() {
        return ProcessHandle.of(process.pid()).flatMap(h -> h.descendants()
                .filter(d -> d.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                .or(() -> h.info().command().map(c -> c.endsWith("/java")).orElse(false) ? java.util.Optional.of(h) : java.util.Optional.empty()))
                .map(ProcessHandle::pid);
    }

    void awaitReady(Duration timeout) {
        Await.until("router ready (log line 'ready in')", timeout, () -> log().contains("ready in ") || !process.alive(),
                () -> "log:\n" + tail(log()));
        if (!process.alive()) throw new AssertionError("router exited:\n" + process.stdout() + process.stderr() + tail(log()));
    }

    String log() {
        return read(home.resolve("log/openmgm0.log"));
    }

    static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /** Runs one shell command in the router (openmgm-ctl) and returns its output; fails on a non-zero exit. */
    String ctl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/openmgm-ctl").toString());
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(home, "ctl", ".out");
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish within 60 s");
            }
            String s = read(out);
            Files.delete(out);
            if (p.exitValue() != 0) throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonNode ctlJson(String... args) {
        String out = ctl(args);
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }

    /** True if {@code mgm:protocols} lists protocol id {@code protocolId}. */
    boolean registered(int protocolId) {
        for (JsonNode p : ctlJson("mgm:protocols", "-j").path("protocols")) if (p.path("protocolId").asInt() == protocolId) return true;
        return false;
    }

    /** Moves {@code deploy/<jar>} out (FileInstall uninstalls the bundle). */
    void undeploy(String jar) throws IOException {
        Files.move(home.resolve("deploy/" + jar), home.resolve("undeployed/" + jar), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Puts the jar back into {@code deploy/} (FileInstall installs and starts it). */
    void deploy(String jar) throws IOException {
        Path tmp = home.resolve("undeployed/" + jar + ".tmp");
        Files.copy(home.resolve("undeployed/" + jar), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, home.resolve("deploy/" + jar), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws Exception {
        try {
            if (process != null) process.close();
        } finally {
            deleteTree(home);
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().endsWith(".sock"))
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
