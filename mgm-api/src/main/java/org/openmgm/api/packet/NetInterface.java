package org.openmgm.api.packet;

import java.util.List;
import org.openmgm.api.InterfaceKey;

/**
 * A network interface served by the data plane, as the OS reports it. {@code ttlThreshold}: packets
 * with a smaller TTL are not forwarded out of it (mrouted's threshold; 1 forwards everything).
 */
public record NetInterface(String name, int index, byte[] mac, List<InterfaceAddress> addresses, int mtu, boolean up, int ttlThreshold) {

    public InterfaceKey key() {
        return InterfaceKey.of(index);
    }

    /** The first IPv4 address, or 0. */
    public int primaryAddress() {
        return addresses.isEmpty() ? 0 : addresses.get(0).address();
    }

    /** True if {@code ip} is on one of this interface's subnets. */
    public boolean onLink(int ip) {
        for (InterfaceAddress a : addresses) if (a.contains(ip)) return true;
        return false;
    }

    /** An IPv4 address with its prefix length. */
    public record InterfaceAddress(int address, int prefixLength) {
        public int mask() {
            return org.openmgm.api.Ipv4.maskOf(prefixLength);
        }

        public boolean contains(int ip) {
            int m = mask();
            return (ip & m) == (address & m);
        }

        @Override
        public String toString() {
            return org.openmgm.api.Ipv4.format(address) + "/" + prefixLength;
        }
    }
}
