package org.openmgm.core.shell;

import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;

/**
 * One configured static membership: {@code GROUP INTERFACE [SOURCE]} in PID {@code org.openmgm.static},
 * e.g. {@code 239.1.1.1 eth1} for (*,G) or {@code 232.1.1.1 eth2 198.18.0.1} for (S,G).
 * The interface is kept by name (resolved through PacketIo when the membership is applied).
 */
record StaticEntry(int group, int source, String interfaceName) {

    /** Parses and validates; IllegalArgumentException with a one-line reason. */
    static StaticEntry of(String group, String interfaceName, String source) {
        int g = Ipv4.parse(group);
        if (!Ipv4.isMulticast(g)) throw new IllegalArgumentException("group " + group + " is not a multicast address (224.0.0.0/4)");
        if (Ipv4.isLinkLocalMulticast(g)) throw new IllegalArgumentException("group " + group + " is link-local (224.0.0.0/24) and never forwarded");
        if (interfaceName == null || interfaceName.isBlank() || !interfaceName.chars().allMatch(c -> c > ' ' && c != '"' && c != ','))
            throw new IllegalArgumentException("interface name '" + interfaceName + "' is not valid");
        int s = 0;
        if (source != null && !source.isBlank() && !source.equals("*")) {
            s = Ipv4.parse(source);
            if (s == 0 || Ipv4.isMulticast(s) || s == -1) throw new IllegalArgumentException("source " + source + " is not a unicast host address");
        }
        return new StaticEntry(g, s, interfaceName.strip());
    }

    /** Parses one configuration value, {@code GROUP INTERFACE [SOURCE]}. */
    static StaticEntry parse(String value) {
        String[] f = value.strip().split("\\s+");
        if (f.length < 2 || f.length > 3) throw new IllegalArgumentException("'" + value + "' is not 'GROUP INTERFACE [SOURCE]'");
        return of(f[0], f[1], f.length == 3 ? f[2] : null);
    }

    MembershipKey key() {
        return source == 0 ? MembershipKey.anySource(group) : MembershipKey.sourceGroup(source, group);
    }

    String groupText() {
        return Ipv4.format(group);
    }

    /** The source as text, null for (*,G). */
    String sourceText() {
        return source == 0 ? null : Ipv4.format(source);
    }

    /** The configuration value. */
    String value() {
        return groupText() + " " + interfaceName + (source == 0 ? "" : " " + sourceText());
    }

    @Override
    public String toString() {
        return key() + " on " + interfaceName;
    }
}
