package org.openmgm.netlab;

/**
 * A veth pair between two namespaces: {@code aIf} in {@code a}, {@code bIf} in {@code b}, both up,
 * with {@code subnet}'s host 1 on a and host 2 on b (when a subnet was given).
 */
public record Link(Node a, String aIf, Node b, String bIf, Subnet subnet) {

    /** The address of side a ("198.18.0.1"), or null when the link has no subnet. */
    public String aAddress() {
        return subnet == null ? null : subnet.host(1);
    }

    /** The address of side b ("198.18.0.2"), or null when the link has no subnet. */
    public String bAddress() {
        return subnet == null ? null : subnet.host(2);
    }

    @Override
    public String toString() {
        return a.shortName() + ":" + aIf + " <-> " + b.shortName() + ":" + bIf + (subnet == null ? "" : " " + subnet);
    }
}
