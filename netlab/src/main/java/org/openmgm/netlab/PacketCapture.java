package org.openmgm.netlab;

import java.nio.file.Path;
import java.time.Duration;

/**
 * tcpdump writing a pcap file of one interface of a namespace (for assertions with tshark, or new
 * fixtures). Started by {@link Node#capture}; {@link #close()} stops it and leaves the file complete.
 */
public final class PacketCapture implements AutoCloseable {
    private final BackgroundProcess process;
    private final Path file;

    PacketCapture(BackgroundProcess process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** The pcap file (complete after {@link #close()}; written packet by packet before). */
    public Path file() {
        return file;
    }

    /** Stops tcpdump after 200 ms for frames still in flight (SIGTERM: it flushes and closes the file). Idempotent. */
    @Override
    public void close() {
        if (!process.alive()) return;
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.close();
    }

    static PacketCapture start(Node node, String ifName, String filter) {
        Path file = node.lab().workDir().resolve(node.shortName() + "-" + ifName + "-" + System.nanoTime() + ".pcap");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("tcpdump", "-i", ifName, "--immediate-mode", "-U", "-n", "-s", "0", "-w", file.toString()));
        if (filter != null && !filter.isBlank()) cmd.add(filter);
        BackgroundProcess p = node.start("tcpdump-" + ifName, cmd);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!p.stderr().contains("listening on")) {
            if (!p.alive()) throw new NetlabException("tcpdump exited: " + p.stderr());
            if (System.nanoTime() > deadline) {
                p.close();
                throw new NetlabException("tcpdump did not start: " + p.stderr());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NetlabException("interrupted", e);
            }
        }
        return new PacketCapture(p, file);
    }
}
