package org.openmgm.dataplane.pcap.engine;

import java.util.concurrent.atomic.LongAdder;

/** Striped counters of one outgoing interface of one MFE (MIB_IPMCAST_OIF_STATS). */
final class OifCounterSet {
    final LongAdder outPackets = new LongAdder();
    final LongAdder ttlTooLow = new LongAdder();
    final LongAdder fragNeeded = new LongAdder();
    final LongAdder outDiscards = new LongAdder();
}
