package org.openmgm.netlab;

/**
 * An IPv4 subnet allocated from the test range 198.18.0.0/15 (RFC 2544 benchmarking space; tests
 * must use no other addresses). Hosts are numbered from 1.
 */
public record Subnet(int network, int prefixLength) {
    /** 198.18.0.0 */
    public static final int TEST_NETWORK = (198 << 24) | (18 << 16);
    public static final int TEST_PREFIX = 15;

    public Subnet {
        if (prefixLength < TEST_PREFIX || prefixLength > 30) throw new IllegalArgumentException("prefix length " + prefixLength);
        int mask = mask(prefixLength);
        if ((network & mask(TEST_PREFIX)) != TEST_NETWORK)
            throw new IllegalArgumentException("not inside 198.18.0.0/15: " + format(network));
        network &= mask;
    }

    /** Parses "198.18.3.0/24". */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("not a prefix: " + cidr);
        return new Subnet(parseAddress(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    }

    /** The {@code n}th host address as a dotted quad (1 = first usable). */
    public String host(int n) {
        if (n < 1 || n >= size() - 1) throw new IllegalArgumentException("host " + n + " outside " + this);
        return format(network + n);
    }

    /** The {@code n}th host address with prefix length, e.g. "198.18.3.1/24", for {@code ip addr add}. */
    public String hostCidr(int n) {
        return host(n) + "/" + prefixLength;
    }

    public int size() {
        return 1 << (32 - prefixLength);
    }

    public boolean contains(String address) {
        return (parseAddress(address) & mask(prefixLength)) == network;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }

    static int mask(int len) {
        return len == 0 ? 0 : -1 << (32 - len);
    }

    static String format(int a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    static int parseAddress(String s) {
        String[] p = s.trim().split("\\.");
        if (p.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + s);
        int v = 0;
        for (String o : p) {
            int x = Integer.parseInt(o);
            if (x < 0 || x > 255) throw new IllegalArgumentException("not an IPv4 address: " + s);
            v = (v << 8) | x;
        }
        return v;
    }
}
