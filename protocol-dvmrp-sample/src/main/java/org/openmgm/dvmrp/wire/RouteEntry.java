package org.openmgm.dvmrp.wire;

import org.openmgm.api.Ipv4;

/**
 * One (origin, mask, metric) of a route report. {@code metric} is the 7-bit wire value: 1..31 reachable,
 * 32 (infinity) unreachable, 33..63 poison reverse (metric + infinity).
 */
public record RouteEntry(int network, int mask, int metric) {
    public RouteEntry {
        if (Ipv4.prefixLength(mask) < 0) throw new IllegalArgumentException("non-contiguous mask " + Ipv4.format(mask));
        if (Ipv4.prefixLength(mask) < 8 && mask != 0) throw new IllegalArgumentException("masks shorter than /8 cannot be encoded: " + Ipv4.format(mask));
        if ((network & ~mask) != 0) throw new IllegalArgumentException("host bits set in " + Ipv4.format(network) + "/" + Ipv4.prefixLength(mask));
        if (metric < 0 || metric > 127) throw new IllegalArgumentException("metric out of range: " + metric);
    }

    public int prefixLength() {
        return Ipv4.prefixLength(mask);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength() + " metric " + metric;
    }
}
