package org.openmgm.dvmrp.core;

import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;

/**
 * One interface DVMRP runs on: its name and index (from the data plane), its primary address and
 * prefix, the DVMRP metric added to routes learned through it, and the TTL threshold.
 */
public record InterfaceConfig(String name, int ifIndex, int address, int prefixLength, int metric, int threshold, int mtu) {
    public InterfaceConfig {
        if (metric < 1 || metric >= DvmrpRouter.INFINITY) throw new IllegalArgumentException("metric of " + name + " must be 1.." + (DvmrpRouter.INFINITY - 1) + ": " + metric);
        if (threshold < 1 || threshold > 255) throw new IllegalArgumentException("threshold of " + name + " must be 1..255: " + threshold);
        if (prefixLength < 8 || prefixLength > 32) throw new IllegalArgumentException("prefix length of " + name + ": " + prefixLength);
    }

    public InterfaceKey key() {
        return InterfaceKey.of(ifIndex);
    }

    public int mask() {
        return Ipv4.maskOf(prefixLength);
    }

    public int network() {
        return address & mask();
    }

    public boolean onLink(int ip) {
        return (ip & mask()) == network();
    }
}
