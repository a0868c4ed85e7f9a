package org.openmgm.dataplane.pcap.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The libpcap library and the downcalls the data plane uses. One instance owns a shared arena that
 * keeps the library loaded; {@link #close()} unloads it, so every {@link PcapHandle} and
 * {@link PcapDumper} must be closed first (and no thread may still be inside a libpcap call: see
 * STACK.md pitfall 6).
 */
public final class Libpcap implements AutoCloseable {
    public static final String LIBRARY = "libpcap.so.0.8";
    public static final int ERRBUF_SIZE = 256;
    public static final int DLT_EN10MB = 1;
    public static final int PCAP_D_INOUT = 0, PCAP_D_IN = 1, PCAP_D_OUT = 2;
    /** sizeof(struct pcap_pkthdr) on LP64: struct timeval (16) + caplen + len. */
    public static final long PKTHDR_SIZE = 24;
    /** sizeof(struct bpf_program) on LP64: u_int bf_len, padding, struct bpf_insn *. */
    public static final long BPF_PROGRAM_SIZE = 16;
    static final short POLLIN = 0x1;

    private final Arena arena;
    final MethodHandle create, activate, setSnaplen, setPromisc, setImmediateMode, setBufferSize, setTimeout;
    final MethodHandle compile, setfilter, freecode, nextEx, inject, sendpacket, stats, breakloop, close;
    final MethodHandle findalldevs, freealldevs, openOffline, openDead, dumpOpen, dump, dumpFlush, dumpClose;
    final MethodHandle getSelectableFd, setnonblock, setdirection, geterr, datalink, libVersion, poll;

    private Libpcap() {
        arena = Arena.ofShared();
        try {
            SymbolLookup lib = SymbolLookup.libraryLookup(LIBRARY, arena);
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            // Calls that never block (non-blocking handle) skip the thread-state transition.
            Linker.Option critical = Linker.Option.critical(false);
            create = h(linker, lib, "pcap_create", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
            activate = h(linker, lib, "pcap_activate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            setSnaplen = h(linker, lib, "pcap_set_snaplen", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            setPromisc = h(linker, lib, "pcap_set_promisc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            setImmediateMode = h(linker, lib, "pcap_set_immediate_mode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            setBufferSize = h(linker, lib, "pcap_set_buffer_size", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            setTimeout = h(linker, lib, "pcap_set_timeout", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            compile = h(linker, lib, "pcap_compile", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
            setfilter = h(linker, lib, "pcap_setfilter", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            freecode = h(linker, lib, "pcap_freecode", FunctionDescriptor.ofVoid(ADDRESS));
            nextEx = linker.downcallHandle(find(lib, "pcap_next_ex"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), critical);
            inject = linker.downcallHandle(find(lib, "pcap_inject"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), critical);
            sendpacket = h(linker, lib, "pcap_sendpacket", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
            stats = h(linker, lib, "pcap_stats", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            breakloop = h(linker, lib, "pcap_breakloop", FunctionDescriptor.ofVoid(ADDRESS));
            close = h(linker, lib, "pcap_close", FunctionDescriptor.ofVoid(ADDRESS));
            findalldevs = h(linker, lib, "pcap_findalldevs", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            freealldevs = h(linker, lib, "pcap_freealldevs", FunctionDescriptor.ofVoid(ADDRESS));
            openOffline = h(linker, lib, "pcap_open_offline", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
            openDead = h(linker, lib, "pcap_open_dead", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT));
            dumpOpen = h(linker, lib, "pcap_dump_open", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
            dump = h(linker, lib, "pcap_dump", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
            dumpFlush = h(linker, lib, "pcap_dump_flush", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            dumpClose = h(linker, lib, "pcap_dump_close", FunctionDescriptor.ofVoid(ADDRESS));
            getSelectableFd = h(linker, lib, "pcap_get_selectable_fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            setnonblock = h(linker, lib, "pcap_setnonblock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
            setdirection = h(linker, lib, "pcap_setdirection", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            geterr = h(linker, lib, "pcap_geterr", FunctionDescriptor.of(ADDRESS, ADDRESS));
            datalink = h(linker, lib, "pcap_datalink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            libVersion = h(linker, lib, "pcap_lib_version", FunctionDescriptor.of(ADDRESS));
            // int poll(struct pollfd *fds, nfds_t nfds, int timeout); struct pollfd { int fd; short events; short revents; }
            poll = linker.downcallHandle(find(libc, "poll"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** Loads libpcap; throws {@link IllegalArgumentException} (from FFM) if the library is not installed. */
    public static Libpcap load() {
        return new Libpcap();
    }

    /** True if libpcap can be loaded here (for test assumptions). */
    public static boolean available() {
        try (Libpcap l = load()) {
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static MethodHandle h(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(find(lib, name), fd);
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new PcapException("symbol not found in " + LIBRARY + ": " + name));
    }

    /** libpcap's version banner, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
    public String version() {
        try {
            return ((MemorySegment) libVersion.invokeExact()).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Opens a live capture on {@code device}: create, snaplen, promiscuous, immediate mode, buffer size,
     * activate, non-blocking, direction {@code in} only (so frames we inject are not captured again).
     */
    public PcapHandle openLive(String device, int snaplen, boolean promiscuous, int bufferSize) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment errbuf = tmp.allocate(ERRBUF_SIZE);
            MemorySegment p = (MemorySegment) create.invokeExact(tmp.allocateFrom(device), errbuf);
            if (p.equals(MemorySegment.NULL)) throw new PcapException("pcap_create " + device + ": " + errbuf.getString(0));
            PcapHandle h = new PcapHandle(this, p, device, true);
            try {
                check(h, (int) setSnaplen.invokeExact(p, snaplen), "pcap_set_snaplen");
                check(h, (int) setPromisc.invokeExact(p, promiscuous ? 1 : 0), "pcap_set_promisc");
                check(h, (int) setImmediateMode.invokeExact(p, 1), "pcap_set_immediate_mode");
                check(h, (int) setBufferSize.invokeExact(p, bufferSize), "pcap_set_buffer_size");
                int rc = (int) activate.invokeExact(p);
                if (rc < 0) throw new PcapException("pcap_activate " + device + ": " + activateError(rc) + " " + h.lastError());
                if ((int) setnonblock.invokeExact(p, 1, errbuf) < 0) throw new PcapException("pcap_setnonblock " + device + ": " + errbuf.getString(0));
                check(h, (int) setdirection.invokeExact(p, PCAP_D_IN), "pcap_setdirection");
                int dlt = (int) datalink.invokeExact(p);
                if (dlt != DLT_EN10MB) throw new PcapException(device + " is not Ethernet (DLT " + dlt + ")");
                return h;
            } catch (Throwable t) {
                h.close();
                throw rethrow(t);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Opens a pcap file for reading (offline mode). */
    public PcapHandle openOffline(String path) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment errbuf = tmp.allocate(ERRBUF_SIZE);
            MemorySegment p = (MemorySegment) openOffline.invokeExact(tmp.allocateFrom(path), errbuf);
            if (p.equals(MemorySegment.NULL)) throw new PcapException("pcap_open_offline " + path + ": " + errbuf.getString(0));
            return new PcapHandle(this, p, path, false);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A handle that captures nothing, for writing Ethernet frames to a file with {@link PcapHandle#dumpOpen}. */
    public PcapHandle openDead(int snaplen) {
        try {
            MemorySegment p = (MemorySegment) openDead.invokeExact(DLT_EN10MB, snaplen);
            if (p.equals(MemorySegment.NULL)) throw new PcapException("pcap_open_dead failed");
            return new PcapHandle(this, p, "dead", false);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Names of the capture devices libpcap sees (pcap_findalldevs). */
    public List<String> deviceNames() {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment errbuf = tmp.allocate(ERRBUF_SIZE);
            MemorySegment head = tmp.allocate(ADDRESS);
            if ((int) findalldevs.invokeExact(head, errbuf) < 0) throw new PcapException("pcap_findalldevs: " + errbuf.getString(0));
            MemorySegment first = head.get(ADDRESS, 0);
            List<String> names = new ArrayList<>();
            try {
                // struct pcap_if { next; name; description; addresses; flags }
                for (MemorySegment d = first; !d.equals(MemorySegment.NULL); ) {
                    MemorySegment s = d.reinterpret(40);
                    names.add(s.get(ADDRESS, 8).reinterpret(Integer.MAX_VALUE).getString(0));
                    d = s.get(ADDRESS, 0);
                }
            } finally {
                if (!first.equals(MemorySegment.NULL)) freealldevs.invokeExact(first);
            }
            return names;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Waits until one of {@code fds} is readable or {@code timeoutMillis} passed (libc poll). Returns
     * the number of ready descriptors (0 on timeout, -1 on error such as EINTR).
     */
    public int pollIn(MemorySegment pollfds, int count, int timeoutMillis) {
        try {
            return (int) poll.invokeExact(pollfds, (long) count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Fills a pollfd array entry (8 bytes each) for POLLIN on {@code fd}. */
    public static void pollfd(MemorySegment pollfds, int i, int fd) {
        pollfds.set(JAVA_INT, i * 8L, fd);
        pollfds.set(JAVA_SHORT, i * 8L + 4, POLLIN);
        pollfds.set(JAVA_SHORT, i * 8L + 6, (short) 0);
    }

    private static String activateError(int rc) {
        return switch (rc) {
            case -8 -> "PCAP_ERROR_PERM_DENIED";
            case -9 -> "PCAP_ERROR_IFACE_NOT_UP";
            case -5 -> "PCAP_ERROR_NO_SUCH_DEVICE";
            case -4 -> "PCAP_ERROR_ACTIVATED";
            case -7 -> "PCAP_ERROR_RFMON_NOTSUP";
            default -> "error " + rc;
        };
    }

    private static void check(PcapHandle h, int rc, String what) {
        if (rc < 0) throw new PcapException(what + " " + h.name() + ": " + rc + " " + h.lastError());
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new PcapException(t.toString());
    }

    /** Unloads libpcap. Every handle must be closed before. */
    @Override
    public void close() {
        arena.close();
    }
}
