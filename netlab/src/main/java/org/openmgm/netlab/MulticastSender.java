package org.openmgm.netlab;

import java.time.Duration;
import java.util.List;

/**
 * Sends UDP datagrams to a group out of one interface of a namespace (python3, kernel sockets), bounded
 * both in count and in time. Each payload starts with a 4-byte big-endian sequence number. Defaults:
 * TTL 8, 10 packets, 10 ms apart, 64-byte payload, at most 10 s, multicast loopback off.
 */
public final class MulticastSender {
    private final Node node;
    private final String ifName;
    private final String group;
    private final int port;
    private int ttl = 8;
    private int count = 10;
    private Duration interval = Duration.ofMillis(10);
    private int payloadSize = 64;
    private Duration maxDuration = Duration.ofSeconds(10);
    private boolean loop;
    private String sourceAddress;

    MulticastSender(Node node, String ifName, String group, int port) {
        this.node = node;
        this.ifName = ifName;
        this.group = group;
        this.port = port;
    }

    /** IP TTL of the datagrams (must be &gt; 1 to be routed). */
    public MulticastSender ttl(int ttl) {
        this.ttl = ttl;
        return this;
    }

    public MulticastSender count(int count) {
        this.count = count;
        return this;
    }

    /** Gap between datagrams; {@link Duration#ZERO} sends as fast as python can. */
    public MulticastSender interval(Duration interval) {
        this.interval = interval;
        return this;
    }

    /** UDP payload size in bytes (at least 4). */
    public MulticastSender payloadSize(int size) {
        this.payloadSize = Math.max(4, size);
        return this;
    }

    /** The sender stops after this time even if not all datagrams went out. */
    public MulticastSender maxDuration(Duration d) {
        this.maxDuration = d;
        return this;
    }

    /** Also deliver to local sockets of the sender's own namespace (IP_MULTICAST_LOOP). */
    public MulticastSender loopback(boolean loop) {
        this.loop = loop;
        return this;
    }

    /**
     * Sends from this local address instead of the interface's primary one (the address must be
     * configured in the namespace, e.g. on lo). Lets a test make one source appear on another link.
     */
    public MulticastSender sourceAddress(String address) {
        this.sourceAddress = address;
        return this;
    }

    List<String> command() {
        String script = Node.script(node.lab(), "mcast-sender.py", Python.SENDER);
        return List.of(Python.executable(), script, group, Integer.toString(port), ifName, Integer.toString(ttl), Integer.toString(count),
                Double.toString(interval.toNanos() / 1e9), Integer.toString(payloadSize), Double.toString(maxDuration.toNanos() / 1e9), loop ? "1" : "0",
                sourceAddress == null ? "-" : sourceAddress);
    }

    /** Sends and waits; returns the number of datagrams sent. */
    public int run() {
        CommandResult r = node.exec(maxDuration.plusSeconds(10), command().toArray(String[]::new)).check();
        return Integer.parseInt(r.stdout().strip());
    }

    /** Starts sending in the background; {@link BackgroundProcess#stdout()} holds the sent count when it has finished. */
    public BackgroundProcess start() {
        return node.start("sender-" + group + "-" + port, command());
    }
}
