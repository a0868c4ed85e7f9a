package org.openmgm.dataplane.pcap.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One {@code pcap_t}. Reading ({@link #next}) belongs to one thread; {@link #inject} may be called
 * from several threads for a live handle (libpcap sends with {@code send(2)} on the packet socket).
 * {@link #next} returns a result in reusable per-handle fields instead of allocating.
 */
public final class PcapHandle implements AutoCloseable {
    /** Every address, for reading packet data by absolute address without allocating a segment per packet. */
    public static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final Libpcap lib;
    private final String name;
    private final boolean live;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment headerOut;
    private final MemorySegment dataOut;
    private volatile MemorySegment p;

    /** Filled by {@link #next}: the address of the packet data, the captured and wire lengths, the timestamp. */
    public long packetAddress;
    public int captureLength;
    public int wireLength;
    public long timestampMicros;

    PcapHandle(Libpcap lib, MemorySegment p, String name, boolean live) {
        this.lib = lib;
        this.p = p;
        this.name = name;
        this.live = live;
        // Global-scope views of memory owned by this handle's arena: a downcall with them needs no
        // acquire/release of a shared session (an atomic pair per call on the capture thread). Safe
        // because only the capture thread uses them and it stops before close() frees the arena.
        this.headerOut = MemorySegment.ofAddress(arena.allocate(ADDRESS).address()).reinterpret(ADDRESS.byteSize());
        this.dataOut = MemorySegment.ofAddress(arena.allocate(ADDRESS).address()).reinterpret(ADDRESS.byteSize());
    }

    public String name() {
        return name;
    }

    public boolean live() {
        return live;
    }

    /**
     * pcap_next_ex: 1 = a packet (see the public fields; the data is valid until the next call), 0 = none
     * available now (non-blocking) or timeout, -1 = error, -2 = end of file (offline).
     */
    public int next() {
        try {
            int rc = (int) lib.nextEx.invokeExact(p, headerOut, dataOut);
            if (rc == 1) {
                long hdr = headerOut.get(JAVA_LONG, 0);
                timestampMicros = ALL.get(JAVA_LONG, hdr) * 1_000_000L + ALL.get(JAVA_LONG, hdr + 8);
                captureLength = ALL.get(JAVA_INT, hdr + 16);
                wireLength = ALL.get(JAVA_INT, hdr + 20);
                packetAddress = dataOut.get(JAVA_LONG, 0);
            }
            return rc;
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** pcap_inject: sends {@code length} bytes of {@code frame}; returns bytes sent or -1. */
    public int inject(MemorySegment frame, int length) {
        try {
            return (int) lib.inject.invokeExact(p, frame, (long) length);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** pcap_sendpacket: 0 on success, -1 on failure (see {@link #lastError()}). */
    public int sendPacket(MemorySegment frame, int length) {
        try {
            return (int) lib.sendpacket.invokeExact(p, frame, length);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** Compiles {@code expression} and installs it (pcap_compile, pcap_setfilter, pcap_freecode). */
    public void setFilter(String expression) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment prog = tmp.allocate(Libpcap.BPF_PROGRAM_SIZE, 8);
            // PCAP_NETMASK_UNKNOWN = 0xffffffff: we filter on nothing that needs the netmask.
            if ((int) lib.compile.invokeExact(p, prog, tmp.allocateFrom(expression), 1, -1) < 0)
                throw new PcapException("pcap_compile '" + expression + "': " + lastError());
            try {
                if ((int) lib.setfilter.invokeExact(p, prog) < 0) throw new PcapException("pcap_setfilter: " + lastError());
            } finally {
                lib.freecode.invokeExact(prog);
            }
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** The descriptor to poll for readability (live handles). */
    public int selectableFd() {
        try {
            return (int) lib.getSelectableFd.invokeExact(p);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** pcap_stats: {received, dropped, dropped by interface}. */
    public long[] stats() {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment st = tmp.allocate(16, 4);
            if ((int) lib.stats.invokeExact(p, st) < 0) throw new PcapException("pcap_stats: " + lastError());
            return new long[] {Integer.toUnsignedLong(st.get(JAVA_INT, 0)), Integer.toUnsignedLong(st.get(JAVA_INT, 4)), Integer.toUnsignedLong(st.get(JAVA_INT, 8))};
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** pcap_breakloop: makes a pcap_dispatch/pcap_loop in another thread return. */
    public void breakLoop() {
        try {
            MemorySegment h = p;
            if (h != null) lib.breakloop.invokeExact(h);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** Opens a savefile writer for frames of this handle's link type (use with {@link Libpcap#openDead}). */
    public PcapDumper dumpOpen(String path) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment d = (MemorySegment) lib.dumpOpen.invokeExact(p, tmp.allocateFrom(path));
            if (d.equals(MemorySegment.NULL)) throw new PcapException("pcap_dump_open " + path + ": " + lastError());
            return new PcapDumper(lib, d);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** libpcap's last error text for this handle. */
    public String lastError() {
        try {
            return ((MemorySegment) lib.geterr.invokeExact(p)).reinterpret(512).getString(0);
        } catch (Throwable t) {
            return "?";
        }
    }

    /** pcap_close; idempotent. The reading thread must have stopped. */
    @Override
    public synchronized void close() {
        MemorySegment h = p;
        if (h == null) return;
        p = null;
        try {
            lib.close.invokeExact(h);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        } finally {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "pcap[" + name + "]";
    }
}
