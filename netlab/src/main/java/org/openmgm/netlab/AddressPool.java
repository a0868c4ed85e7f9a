package org.openmgm.netlab;

/**
 * Hands out non-overlapping /24s and /30s from 198.18.0.0/15. /24s come from 198.18.0.0/16 upwards,
 * /30s from 198.19.255.252 downwards, so the two never meet before 510 /24s have been taken. Thread-safe.
 */
public final class AddressPool {
    private int next24 = Subnet.TEST_NETWORK;                      // 198.18.0.0
    private int next30 = Subnet.TEST_NETWORK + (2 << 16) - 4;      // 198.19.255.252

    /** The next free /24. */
    public synchronized Subnet next24() {
        if (Integer.compareUnsigned(next24 + 256, next30) > 0) throw new NetlabException("198.18.0.0/15 exhausted");
        Subnet s = new Subnet(next24, 24);
        next24 += 256;
        return s;
    }

    /** The next free /30 (two hosts: a point-to-point link). */
    public synchronized Subnet next30() {
        if (Integer.compareUnsigned(next30, next24) < 0) throw new NetlabException("198.18.0.0/15 exhausted");
        Subnet s = new Subnet(next30, 30);
        next30 -= 4;
        return s;
    }
}
