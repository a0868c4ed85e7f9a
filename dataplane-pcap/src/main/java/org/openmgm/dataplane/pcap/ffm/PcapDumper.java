package org.openmgm.dataplane.pcap.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A pcap savefile being written (pcap_dump_open / pcap_dump / pcap_dump_close). Not thread-safe: callers serialise. */
public final class PcapDumper implements AutoCloseable {
    private final Libpcap lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment header;
    private MemorySegment d;

    PcapDumper(Libpcap lib, MemorySegment d) {
        this.lib = lib;
        this.d = d;
        this.header = arena.allocate(Libpcap.PKTHDR_SIZE, 8);
    }

    /** Appends one frame with the given timestamp. */
    public void dump(MemorySegment frame, int length, long timestampMicros) {
        if (d == null) throw new IllegalStateException("dumper closed");
        header.set(JAVA_LONG, 0, timestampMicros / 1_000_000L);
        header.set(JAVA_LONG, 8, timestampMicros % 1_000_000L);
        header.set(JAVA_INT, 16, length);
        header.set(JAVA_INT, 20, length);
        try {
            lib.dump.invokeExact(d, header, frame);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    public void flush() {
        try {
            int rc = (int) lib.dumpFlush.invokeExact(d);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** pcap_dump_close (flushes and closes the file); idempotent. */
    @Override
    public void close() {
        if (d == null) return;
        MemorySegment x = d;
        d = null;
        try {
            lib.dumpClose.invokeExact(x);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        } finally {
            arena.close();
        }
    }
}
