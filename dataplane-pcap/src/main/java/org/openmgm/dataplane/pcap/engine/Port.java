package org.openmgm.dataplane.pcap.engine;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.dataplane.pcap.ffm.PcapDumper;
import org.openmgm.dataplane.pcap.ffm.PcapHandle;

/**
 * One served interface: its current OS view, where its frames come from (a live device or a pcap file)
 * and where frames sent out of it go (the device, a pcap file, or nowhere). The fields the fast path
 * reads are volatile and replaced by the interface check.
 */
final class Port {
    final String name;
    final boolean offline;
    volatile NetInterface info;
    volatile int ifIndex;
    volatile long mac;
    volatile int mtu;
    volatile boolean up;
    volatile int ttlThreshold;

    /**
     * The no-cache queue ({@code Dataplane.Pending}) this port's packets joined last. Written by whichever
     * thread queues a packet of this port (its capture thread, rarely the upcall thread): a stale value is
     * harmless, {@code Dataplane.noCache} checks its key and whether it is closed.
     */
    Object lastPending;

    /** The handle frames are read from (live device or offline file); null for a write-only offline port. */
    volatile PcapHandle capture;
    /** The live handle frames are injected into; null offline. */
    volatile PcapHandle inject;
    /** The offline writer; null live. Guarded by itself. */
    final PcapDumper dumper;
    final PcapHandle deadHandle;

    final LongAdder rxFrames = new LongAdder();
    final LongAdder txFrames = new LongAdder();
    final LongAdder txErrors = new LongAdder();
    final LongAdder ownFrames = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder checksumsRepaired = new LongAdder();

    Port(String name, boolean offline, PcapDumper dumper, PcapHandle deadHandle) {
        this.name = name;
        this.offline = offline;
        this.dumper = dumper;
        this.deadHandle = deadHandle;
    }

    void update(NetInterface ni) {
        info = ni;
        ifIndex = ni.index();
        mac = Frames.macOf(ni.mac());
        mtu = ni.mtu();
        up = ni.up();
        ttlThreshold = ni.ttlThreshold();
    }

    /** Sends one complete Ethernet frame; true if it went out (or was written to the offline file). */
    boolean transmit(MemorySegment frame, int length, long timestampMicros) {
        PcapHandle h = inject;
        if (h != null) {
            if (h.inject(frame, length) == length) {
                txFrames.increment();
                return true;
            }
            txErrors.increment();
            return false;
        }
        if (dumper != null) {
            synchronized (dumper) {
                dumper.dump(frame, length, timestampMicros);
            }
            txFrames.increment();
            return true;
        }
        // Offline without a write file: the frame is consumed silently (counted as sent).
        txFrames.increment();
        return offline;
    }

    @Override
    public String toString() {
        return name + "(" + ifIndex + ")";
    }
}
