package org.openmgm.dvmrp.core;

import org.openmgm.api.Ipv4;

/**
 * A prefix this router advertises into DVMRP for sources it reaches through another protocol
 * (RFC 2715 §1: the parent domain's border router injects a default route, a child domain's border
 * router its actual routes). Prefix length 0 (the default route) or 8..32: a DVMRP report cannot carry
 * masks shorter than 8 bits other than the default route (the mask's first byte is implied 255).
 */
public record InjectedRoute(int network, int prefixLength) {
    public InjectedRoute {
        if (prefixLength != 0 && (prefixLength < 8 || prefixLength > 32))
            throw new IllegalArgumentException("prefix length must be 0 (default route) or 8..32, got " + prefixLength);
        int mask = Ipv4.maskOf(prefixLength);
        if ((network & mask) != network)
            throw new IllegalArgumentException("host bits set in " + Ipv4.format(network) + "/" + prefixLength
                    + " (the network is " + Ipv4.format(network & mask) + "/" + prefixLength + ")");
    }

    /**
     * Parses {@code a.b.c.d/len}; the message of the {@link IllegalArgumentException} names the text
     * and the problem (the caller adds the configuration key).
     */
    public static InjectedRoute parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1 || t.indexOf('/', slash + 1) >= 0)
            throw new IllegalArgumentException("expected a.b.c.d/len, got \"" + text + "\"");
        int network;
        try {
            network = Ipv4.parse(t.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IPv4 address in \"" + text + "\"");
        }
        String len = t.substring(slash + 1);
        if (len.length() > 2 || !len.chars().allMatch(Character::isDigit))
            throw new IllegalArgumentException("prefix length must be 0 (default route) or 8..32 in \"" + text + "\"");
        int prefixLength = Integer.parseInt(len);
        try {
            return new InjectedRoute(network, prefixLength);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in \"" + text + "\"");
        }
    }

    public int mask() {
        return Ipv4.maskOf(prefixLength);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength;
    }
}
