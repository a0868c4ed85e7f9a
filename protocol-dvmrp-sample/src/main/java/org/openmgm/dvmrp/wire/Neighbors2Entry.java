package org.openmgm.dvmrp.wire;

import java.util.List;

/** One local interface of a Neighbors2 reply: address, metric, threshold, flags and the neighbours heard there. */
public record Neighbors2Entry(int localAddress, int metric, int threshold, int flags, List<Integer> neighbors) {
    public static final int FLAG_TUNNEL = 0x01;
    public static final int FLAG_SRCRT = 0x02;
    public static final int FLAG_DOWN = 0x10;
    public static final int FLAG_DISABLED = 0x20;
    public static final int FLAG_QUERIER = 0x40;
    public static final int FLAG_LEAF = 0x80;

    public Neighbors2Entry {
        neighbors = List.copyOf(neighbors);
        if (neighbors.size() > 255) throw new IllegalArgumentException("more than 255 neighbours");
        if (metric < 0 || metric > 255 || threshold < 0 || threshold > 255 || flags < 0 || flags > 255)
            throw new IllegalArgumentException("metric, threshold and flags are bytes");
    }
}
