package org.openmgm.api.spi;

import java.util.List;
import org.openmgm.api.OifStats;

/** The forwarder's counters of one MFE (see MIB_IPMCAST_MFE_STATS_EX for their meaning). */
public record MfeCounters(
        long inPackets,
        long inOctets,
        long packetsDifferentIf,
        long queueOverflow,
        long uninitializedMfe,
        long negativeMfe,
        long inDiscards,
        long inHeaderErrors,
        List<OifStats> outgoing) {

    public static final MfeCounters ZERO = new MfeCounters(0, 0, 0, 0, 0, 0, 0, 0, List.of());
}
