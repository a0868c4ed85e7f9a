package org.openmgm.dataplane.pcap.engine;

import java.util.concurrent.atomic.LongAdder;

/** Striped counters of one MFE; survive {@code update} of the entry, start at 0 on {@code install}. */
final class MfeCounterSet {
    final LongAdder inPackets = new LongAdder();
    final LongAdder inOctets = new LongAdder();
    final LongAdder differentIf = new LongAdder();
    final LongAdder queueOverflow = new LongAdder();
    final LongAdder negative = new LongAdder();
    final LongAdder inDiscards = new LongAdder();
    final LongAdder headerErrors = new LongAdder();
}
