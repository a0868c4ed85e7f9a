package org.openmgm.api;

import java.util.List;

/**
 * MIB_IPMCAST_MFE_STATS_EX: an MFE with the forwarder's counters (which start at 0 when the MFE is
 * created). {@code totalOutPackets} is the sum of the oifs' out packets.
 */
public record MfeStats(
        Mfe mfe,
        long inPackets,
        long inOctets,
        long packetsDifferentIf,
        long queueOverflow,
        long uninitializedMfe,
        long negativeMfe,
        long inDiscards,
        long inHeaderErrors,
        List<OifStats> outgoing) {

    public long totalOutPackets() {
        long sum = 0;
        for (OifStats o : outgoing) sum += o.outPackets();
        return sum;
    }
}
