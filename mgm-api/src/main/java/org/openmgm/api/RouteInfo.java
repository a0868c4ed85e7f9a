package org.openmgm.api;

/** The route used for an RPF decision: the protocol that made it, and its prefix. */
public record RouteInfo(int protocol, int network, int mask) {
    public static final RouteInfo NONE = new RouteInfo(0, 0, 0);

    @Override
    public String toString() {
        int len = Ipv4.prefixLength(mask);
        return Ipv4.format(network) + "/" + (len >= 0 ? len : Ipv4.format(mask)) + " proto " + protocol;
    }
}
