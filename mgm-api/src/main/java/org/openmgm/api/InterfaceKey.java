package org.openmgm.api;

/**
 * An MGM interface: (ifIndex, next hop). The next hop tells apart the links of a point-to-multipoint
 * interface; broadcast and point-to-point interfaces use next hop 0. Every ownership, membership and
 * outgoing-interface operation is keyed on this pair.
 */
public record InterfaceKey(int ifIndex, int nextHop) implements Comparable<InterfaceKey> {

    public static InterfaceKey of(int ifIndex) {
        return new InterfaceKey(ifIndex, 0);
    }

    @Override
    public int compareTo(InterfaceKey o) {
        int c = Integer.compare(ifIndex, o.ifIndex);
        return c != 0 ? c : Integer.compareUnsigned(nextHop, o.nextHop);
    }

    @Override
    public String toString() {
        return nextHop == 0 ? "if" + ifIndex : "if" + ifIndex + "/" + Ipv4.format(nextHop);
    }
}
