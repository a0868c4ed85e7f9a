package org.openmgm.api.spi;

import java.util.Optional;

/**
 * A source of routes for RPF (the multicast view of the routing table). Several may be published
 * (the kernel's unicast table, DVMRP's own table, static routes); the MGM uses the longest matching
 * prefix among them, and on equal prefixes the service with the highest service ranking.
 */
public interface MulticastRib {

    /** The route towards {@code source}, if any. Must be cheap and must not call the MGM. */
    Optional<RpfRoute> lookup(int source);
}
