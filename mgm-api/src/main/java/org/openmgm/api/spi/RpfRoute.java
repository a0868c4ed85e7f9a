package org.openmgm.api.spi;

import org.openmgm.api.InterfaceKey;
import org.openmgm.api.RouteInfo;

/** The result of a multicast RIB lookup: the interface towards the source, the upstream neighbour, the route. */
public record RpfRoute(InterfaceKey iface, int upstreamNeighbor, RouteInfo route) {}
