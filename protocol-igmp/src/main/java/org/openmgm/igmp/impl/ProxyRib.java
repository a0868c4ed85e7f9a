package org.openmgm.igmp.impl;

import java.util.List;
import java.util.Optional;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.spi.RpfRoute;

/**
 * The proxy's multicast RIB (RFC 4605 §4.2): a source on a downstream subnet is reached through that
 * downstream interface, every other source through the upstream interface (a default route, prefix 0, so
 * more specific routes of other RIBs still win). The MGM then builds MFEs with the upstream as incoming
 * interface for outside sources and, because IGMP holds (*,*) on the upstream, with the upstream as an
 * outgoing interface for downstream sources.
 */
final class ProxyRib implements MulticastRib {
    private final PacketIo io;
    private final String upstream;
    private final List<String> downstream;

    ProxyRib(PacketIo io, String upstream, List<String> downstream) {
        this.io = io;
        this.upstream = upstream;
        this.downstream = List.copyOf(downstream);
    }

    @Override
    public Optional<RpfRoute> lookup(int source) {
        RpfRoute best = null;
        int bestLen = -1;
        for (String name : downstream) {
            NetInterface nif = io.interfaceByName(name).orElse(null);
            if (nif == null) continue;
            for (NetInterface.InterfaceAddress a : nif.addresses()) {
                if (a.contains(source) && a.prefixLength() > bestLen) {
                    bestLen = a.prefixLength();
                    best = new RpfRoute(nif.key(), source, new RouteInfo(MgmConstants.PROTO_IP_IGMP, a.address() & a.mask(), a.mask()));
                }
            }
        }
        if (best != null) return Optional.of(best);
        NetInterface up = io.interfaceByName(upstream).orElse(null);
        if (up == null) return Optional.empty();
        for (NetInterface.InterfaceAddress a : up.addresses())
            if (a.contains(source))
                return Optional.of(new RpfRoute(up.key(), source, new RouteInfo(MgmConstants.PROTO_IP_IGMP, a.address() & a.mask(), a.mask())));
        return Optional.of(new RpfRoute(up.key(), 0, new RouteInfo(MgmConstants.PROTO_IP_IGMP, 0, 0)));
    }
}
