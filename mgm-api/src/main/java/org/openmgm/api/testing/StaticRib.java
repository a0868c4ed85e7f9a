package org.openmgm.api.testing;

import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.spi.RpfRoute;

/** A multicast RIB of routes added by hand; longest prefix wins. */
public final class StaticRib implements MulticastRib {
    private record Entry(int network, int prefixLength, RpfRoute route) {}

    private final CopyOnWriteArrayList<Entry> routes = new CopyOnWriteArrayList<>();
    private final int protocol;

    public StaticRib(int protocol) {
        this.protocol = protocol;
    }

    public StaticRib route(int network, int prefixLength, InterfaceKey iface, int upstreamNeighbor) {
        int mask = org.openmgm.api.Ipv4.maskOf(prefixLength);
        routes.add(new Entry(network & mask, prefixLength, new RpfRoute(iface, upstreamNeighbor, new RouteInfo(protocol, network & mask, mask))));
        return this;
    }

    public void clear() {
        routes.clear();
    }

    @Override
    public Optional<RpfRoute> lookup(int source) {
        Entry best = null;
        for (Entry e : routes) {
            int mask = org.openmgm.api.Ipv4.maskOf(e.prefixLength);
            if ((source & mask) == e.network && (best == null || e.prefixLength > best.prefixLength)) best = e;
        }
        return best == null ? Optional.empty() : Optional.of(best.route);
    }
}
