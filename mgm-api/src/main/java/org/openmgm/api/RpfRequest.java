package org.openmgm.api;

/**
 * The in/out parameters of the RPF callback. On entry they hold the result of the multicast RIB
 * lookup for the source; the protocol owning that interface may change the incoming interface
 * (e.g. towards an RP), the upstream neighbour and the route. The MGM builds the MFE from the values
 * left here when the callback returns.
 */
public final class RpfRequest {
    private final SourceGroup sourceGroup;
    private final byte[] packetHeader;
    private InterfaceKey incomingInterface;
    private int upstreamNeighbor;
    private RouteInfo route;

    public RpfRequest(SourceGroup sourceGroup, InterfaceKey incomingInterface, int upstreamNeighbor, RouteInfo route, byte[] packetHeader) {
        this.sourceGroup = sourceGroup;
        this.incomingInterface = incomingInterface;
        this.upstreamNeighbor = upstreamNeighbor;
        this.route = route;
        this.packetHeader = packetHeader;
    }

    public SourceGroup sourceGroup() { return sourceGroup; }

    /** The IP header (with options) and the first payload bytes of the packet that triggered creation. */
    public byte[] packetHeader() { return packetHeader; }

    public InterfaceKey incomingInterface() { return incomingInterface; }

    public void setIncomingInterface(InterfaceKey iface) { this.incomingInterface = iface; }

    public int upstreamNeighbor() { return upstreamNeighbor; }

    public void setUpstreamNeighbor(int upstreamNeighbor) { this.upstreamNeighbor = upstreamNeighbor; }

    public RouteInfo route() { return route; }

    public void setRoute(RouteInfo route) { this.route = route; }
}
