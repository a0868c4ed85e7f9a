package org.openmgm.api;

/**
 * IPv4 addresses as {@code int}s holding the big-endian (network-order) value, as mgm.h does with DWORDs.
 * Compare them unsigned; this class parses, formats and classifies them without allocating.
 */
public final class Ipv4 {
    /** The all-ones mask of a specific address in a membership key. */
    public static final int HOST_MASK = 0xFFFFFFFF;

    private Ipv4() {}

    /** Parses a dotted quad; throws {@link IllegalArgumentException} with the bad text otherwise. */
    public static int parse(String dotted) {
        if (dotted == null) throw new IllegalArgumentException("address is missing");
        String[] parts = dotted.trim().split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit))
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            int octet = Integer.parseInt(p);
            if (octet > 255) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            v = (v << 8) | octet;
        }
        return v;
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /** True for 224.0.0.0/4. */
    public static boolean isMulticast(int address) {
        return (address & 0xF0000000) == 0xE0000000;
    }

    /** True for 224.0.0.0/24, the link-local groups a router never forwards. */
    public static boolean isLinkLocalMulticast(int address) {
        return (address & 0xFFFFFF00) == 0xE0000000;
    }

    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }

    /** Prefix length of a contiguous mask, or -1 if the mask is not contiguous. */
    public static int prefixLength(int mask) {
        int len = Integer.bitCount(mask);
        return mask == (len == 0 ? 0 : -1 << (32 - len)) ? len : -1;
    }

    public static int maskOf(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length " + prefixLength);
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
