package org.openmgm.dataplane.pcap.engine;

import org.openmgm.api.InterfaceKey;
import org.openmgm.api.spi.ForwardingEntry;

/**
 * An installed MFE as the fast path reads it: immutable except for its counters. {@code oifs} hold the
 * resolved {@link Port}s so that forwarding needs no further lookup.
 */
final class Route {
    final long key;
    final ForwardingEntry entry;
    final int iif;
    final Oif[] oifs;
    final MfeCounterSet counters;
    /**
     * True while packets queued before this MFE existed are being sent: new packets of the flow join the
     * queue instead of overtaking it, so the flow keeps its order.
     */
    volatile boolean flushing;
    /**
     * Wrong-interface upcall limiter: the arrival interface of the last upcall and when the next one for it
     * is due (System.nanoTime). Written by the capture threads without a lock: a race costs at most one
     * extra upcall.
     */
    int wrongIfLastIf = -1;
    long wrongIfNextNanos;

    Route(ForwardingEntry entry, Oif[] oifs, MfeCounterSet counters) {
        this.key = entry.sourceGroup().packed();
        this.entry = entry;
        this.iif = entry.incoming().ifIndex();
        this.oifs = oifs;
        this.counters = counters;
    }

    /** One outgoing interface; {@code port} is null if the data plane does not serve that ifIndex. */
    record Oif(InterfaceKey key, Port port, OifCounterSet counters) {}
}
