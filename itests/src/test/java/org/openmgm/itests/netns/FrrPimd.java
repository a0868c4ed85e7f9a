package org.openmgm.itests.netns;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.Node;

/** FRRouting zebra + pimd in one namespace, run as PEERS.md describes (no systemd; a private folder owned by frr). */
final class FrrPimd implements AutoCloseable {
    static final Path ZEBRA = Path.of("/usr/lib/frr/zebra"), PIMD = Path.of("/usr/lib/frr/pimd"), VTYSH = Path.of("/usr/bin/vtysh");
    private final Node node;
    private final Path dir;
    private final BackgroundProcess zebra, pimd;

    static boolean available() {
        return Files.isExecutable(ZEBRA) && Files.isExecutable(PIMD) && Files.isExecutable(VTYSH);
    }

    FrrPimd(Node node, String pimdConfig) throws IOException, InterruptedException {
        this.node = node;
        dir = Files.createTempDirectory("itests-frr-" + node.shortName() + "-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("zebra.conf"), "hostname " + node.shortName() + "\n");
        Files.writeString(dir.resolve("pimd.conf"), "hostname " + node.shortName() + "\n" + pimdConfig);
        new ProcessBuilder("chown", "-R", "frr:frr", dir.toString()).inheritIO().start().waitFor();
        String ns = node.name();
        zebra = node.start("zebra", ZEBRA.toString(), "-N", ns, "-u", "frr", "-g", "frr", "-P", "0", "-z", dir + "/zserv.api",
                "--vty_socket", dir.toString(), "-f", dir + "/zebra.conf", "-i", dir + "/zebra.pid", "--log", "file:" + dir + "/zebra.log");
        waitFor(dir.resolve("zserv.api"));
        pimd = node.start("pimd", PIMD.toString(), "-N", ns, "-u", "frr", "-g", "frr", "-P", "0", "-z", dir + "/zserv.api",
                "--vty_socket", dir.toString(), "-f", dir + "/pimd.conf", "-i", dir + "/pimd.pid", "--log", "file:" + dir + "/pimd.log");
        waitFor(dir.resolve("pimd.vty"));
    }

    private void waitFor(Path p) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(p)) {
            if (System.nanoTime() > end) throw new IllegalStateException(p + " did not appear: " + log());
            Thread.sleep(50);
        }
    }

    String vtysh(String command) {
        return node.exec(Duration.ofSeconds(10), VTYSH.toString(), "--vty_socket", dir.toString(), "-c", command).stdout();
    }

    JsonNode json(String command) {
        try {
            return DistRouter.JSON.readTree(vtysh(command));
        } catch (IOException e) {
            return DistRouter.JSON.createObjectNode();
        }
    }

    String log() {
        try {
            return Files.exists(dir.resolve("pimd.log")) ? Files.readString(dir.resolve("pimd.log")) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        if (pimd != null) pimd.close();
        if (zebra != null) zebra.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
