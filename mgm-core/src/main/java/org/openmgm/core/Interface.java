package org.openmgm.core;

import org.openmgm.api.InterfaceKey;

/** One row of the interface table (spec §6.1 item 2). Exists while a routing owner or IGMP holds it. */
final class Interface {
    final InterfaceKey key;
    Client routingOwner;
    Client igmp;
    /** Between DisableIgmp and the end of the ownership change: IGMP may not change memberships here. */
    boolean igmpDisabled;
    /** An ownership change with a Disable/Enable bracket is in progress. */
    boolean changing;
    /** Number of membership records on this interface (for the per-interface limit). */
    int memberships;

    Interface(InterfaceKey key) {
        this.key = key;
    }

    /** The owner in the sense of creation alerts and RFC 2715 rules: the routing owner, else IGMP. */
    Client owner() {
        return routingOwner != null ? routingOwner : igmp;
    }

    boolean empty() {
        return routingOwner == null && igmp == null;
    }
}
