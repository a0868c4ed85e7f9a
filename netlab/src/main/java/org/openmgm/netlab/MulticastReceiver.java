package org.openmgm.netlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A host application that joins a group on one interface with the kernel's IGMP ({@code
 * IP_ADD_MEMBERSHIP}, or {@code IP_ADD_SOURCE_MEMBERSHIP} after {@link #source}), counts the datagrams
 * it receives (the kernel has already dropped any with a bad UDP checksum) and records the smallest
 * and largest IP TTL seen. The counts are rewritten to a file every 100 ms and on exit. Stops by
 * itself after {@link #maxDuration} (default 60 s), on {@link #close()}, or when the lab closes.
 */
public final class MulticastReceiver implements AutoCloseable {
    private final Node node;
    private final String ifName;
    private final String group;
    private final int port;
    private String source;
    private Duration maxDuration = Duration.ofSeconds(60);
    private BackgroundProcess process;
    private Path countFile;

    MulticastReceiver(Node node, String ifName, String group, int port) {
        this.node = node;
        this.ifName = ifName;
        this.group = group;
        this.port = port;
    }

    /** Join (source, group) instead of (*, group): IGMPv3 ALLOW{source}. */
    public MulticastReceiver source(String source) {
        this.source = source;
        return this;
    }

    public MulticastReceiver maxDuration(Duration d) {
        this.maxDuration = d;
        return this;
    }

    /** Starts the receiver and waits until it has joined (its count file exists). */
    public MulticastReceiver start() {
        if (process != null) throw new IllegalStateException("already started");
        String script = Node.script(node.lab(), "mcast-receiver.py", Python.RECEIVER);
        String label = "receiver-" + ifName + "-" + group + "-" + port;
        countFile = node.lab().workDir().resolve(node.shortName() + "-" + label + ".count");
        String ifaddr = source == null ? "0.0.0.0" : node.address(ifName);
        process = node.start(label, Python.executable(), script, group, Integer.toString(port), ifName, ifaddr == null ? "0.0.0.0" : ifaddr,
                source == null ? "-" : source, countFile.toString(), Double.toString(maxDuration.toNanos() / 1e9));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(countFile)) {
            if (!process.alive()) throw new NetlabException("receiver exited: " + process.stderr());
            if (System.nanoTime() > deadline) throw new NetlabException("receiver did not start: " + process.stderr());
            sleep(20);
        }
        return this;
    }

    /** Datagrams received so far. */
    public long packets() {
        return stats().getOrDefault("packets", 0L);
    }

    /** UDP payload bytes received so far. */
    public long bytes() {
        return stats().getOrDefault("bytes", 0L);
    }

    /** Smallest IP TTL seen, -1 before the first datagram. */
    public int ttlMin() {
        return stats().getOrDefault("ttlMin", -1L).intValue();
    }

    /** Largest IP TTL seen, -1 before the first datagram. */
    public int ttlMax() {
        return stats().getOrDefault("ttlMax", -1L).intValue();
    }

    /** Waits until at least {@code n} datagrams have arrived or {@code timeout} passed; returns the count. */
    public long awaitPackets(long n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long p;
        while ((p = packets()) < n && System.nanoTime() < deadline) sleep(50);
        return p;
    }

    /** Waits until the count has not changed for {@code quiet} (at most {@code timeout}); returns it. */
    public long awaitQuiet(Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = packets(), since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            sleep(50);
            long p = packets();
            if (p != last) {
                last = p;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) break;
        }
        return last;
    }

    public Map<String, Long> stats() {
        Map<String, Long> m = new HashMap<>();
        if (countFile == null) return m;
        try {
            for (String line : Files.readAllLines(countFile)) {
                String[] kv = line.trim().split(" ");
                if (kv.length == 2) m.put(kv[0], Long.parseLong(kv[1]));
            }
        } catch (IOException | NumberFormatException e) {
            // being replaced right now; the caller polls again
        }
        return m;
    }

    /** Stops the receiver (it leaves the group); the final counts stay readable. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetlabException("interrupted", e);
        }
    }
}
