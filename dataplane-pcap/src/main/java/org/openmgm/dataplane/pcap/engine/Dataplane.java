package org.openmgm.dataplane.pcap.engine;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.OifStats;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.packet.ReceivedPacket;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.spi.MfeCounters;
import org.openmgm.dataplane.pcap.ffm.Libpcap;
import org.openmgm.dataplane.pcap.ffm.PcapDumper;
import org.openmgm.dataplane.pcap.ffm.PcapHandle;

/**
 * The libpcap data plane: one capture thread per served interface running the {@link FastPath}, an
 * upcall thread (no-cache and wrong-interface upcalls to the MGM, the queue of first packets waiting for
 * a new MFE, the periodic interface check) and a dispatcher thread handing control packets (IGMP/DVMRP,
 * PIM) to {@link PacketListener}s. It is the {@link Forwarder} and the {@link PacketIo} of OpenMGM.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()}. Close stops the capture threads, then
 * the helper threads, then closes the pcap handles and dumpers, then unloads libpcap, in that order.
 */
public final class Dataplane implements PacketIo, Forwarder, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());
    /** IPv4 multicast, IGMP/DVMRP and PIM: everything the router needs to see. */
    public static final String CAPTURE_FILTER = "ip and (ip multicast or ip proto 2 or ip proto 103)";

    private final DataplaneSettings settings;
    private final long wrongIfUpcallNanos;
    private final Map<String, Port> ports = new LinkedHashMap<>();
    private final List<Thread> captureThreads = new ArrayList<>();
    private final List<PcapHandle> handles = new CopyOnWriteArrayList<>();
    private final FastPath fastPath = new FastPath(this);
    private final ReentrantReadWriteLock sendLock = new ReentrantReadWriteLock();
    private Libpcap lib;
    private volatile boolean running;
    private Thread upcallThread;
    private Thread dispatchThread;

    /** The forwarding view the fast path reads; replaced (never changed) under {@code this}. */
    volatile ForwardingTable table = ForwardingTable.EMPTY;
    private volatile ForwarderUpcalls upcalls;
    private final Object upcallsAttached = new Object();
    private volatile int[] localAddresses = new int[0];

    // Slow-path queues.
    private final BlockingQueue<Object> upcallQueue;
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<ReceivedPacket> controlQueue;
    private final Map<Integer, List<PacketListener>> listeners = new ConcurrentHashMap<>();
    private final Map<Integer, byte[]> learnedMacs = new ConcurrentHashMap<>();
    private final AtomicInteger offlineReadersRunning = new AtomicInteger();
    /** The kernel's unicast table, for the next hop of an off-link unicast destination (tests point it elsewhere). */
    Path routeFile = Path.of("/proc/net/route");
    /** The upcall thread is handling an event (for {@link #awaitOfflineDone}). */
    private volatile boolean busy;
    /** Offline pacing: every reader replays relative to the earliest first timestamp of all files, from one start time. */
    private long offlineEpochMicros = Long.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicLong offlineStartNanos = new java.util.concurrent.atomic.AtomicLong();

    // Data-plane wide counters (per MFE and per oif counters live in the routes).
    final LongAdder controlHeaderErrors = new LongAdder();
    final LongAdder headerErrorsWithoutMfe = new LongAdder();
    final LongAdder controlDropped = new LongAdder();
    final LongAdder controlDelivered = new LongAdder();
    final LongAdder listenerFaults = new LongAdder();
    final LongAdder noCacheUpcalls = new LongAdder();
    final LongAdder noCachePacketsQueued = new LongAdder();
    final LongAdder noCachePacketsDropped = new LongAdder();
    final LongAdder noCachePacketsFlushed = new LongAdder();
    final LongAdder wrongIfUpcalls = new LongAdder();
    final LongAdder wrongIfUpcallsSuppressed = new LongAdder();
    final LongAdder upcallsDropped = new LongAdder();
    private final LongAdder fastPathFaults = new LongAdder();

    public Dataplane(DataplaneSettings settings) {
        this.settings = settings;
        this.wrongIfUpcallNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(settings.wrongInterfaceUpcallMillis());
        this.upcallQueue = new ArrayBlockingQueue<>(Math.max(1, settings.upcallQueueSize()));
        this.controlQueue = new ArrayBlockingQueue<>(Math.max(1, settings.controlQueueSize()));
    }

    public DataplaneSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Loads libpcap, opens every interface (live or offline) and starts the threads. */
    public synchronized void start() {
        if (running) return;
        lib = Libpcap.load();
        running = true;
        LOG.log(INFO, "dataplane: " + lib.version() + "; interfaces " + settings.interfaces());
        try {
            for (String name : settings.interfaces()) ports.put(name, openPort(name));
            refreshLocalAddresses();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        upcallThread = Thread.ofPlatform().name("dataplane-upcalls").daemon().start(this::upcallLoop);
        dispatchThread = Thread.ofPlatform().name("dataplane-control").daemon().start(this::dispatchLoop);
        for (Port p : ports.values()) {
            DataplaneSettings.OfflineInterface off = settings.offline().get(p.name);
            if (p.offline && (off == null || off.read() == null)) continue;   // write-only offline port
            if (p.offline) offlineReadersRunning.incrementAndGet();
            Thread t = Thread.ofPlatform().name("dataplane-capture-" + p.name).daemon().start(() -> captureLoop(p));
            captureThreads.add(t);
        }
    }

    private Port openPort(String name) {
        DataplaneSettings.OfflineInterface off = settings.offline().get(name);
        Port p;
        if (off != null) {
            PcapHandle dead = null;
            PcapDumper dumper = null;
            if (off.write() != null && !off.write().equals("-")) {   // "-": sent frames are discarded
                dead = lib.openDead(settings.snaplen());
                handles.add(dead);
                dumper = dead.dumpOpen(off.write());
            }
            p = new Port(name, true, dumper, dead);
            p.update(readInterface(name).orElseGet(() -> offlineIdentity(name, off)));
            if (off.read() != null) {
                try (PcapHandle peek = lib.openOffline(off.read())) {
                    if (peek.next() == 1) offlineEpochMicros = Math.min(offlineEpochMicros, peek.timestampMicros);
                }
                PcapHandle h = lib.openOffline(off.read());
                handles.add(h);
                p.capture = h;
            }
            LOG.log(INFO, "dataplane: " + name + " offline (read " + off.read() + ", write " + off.write() + ") " + p.info.addresses());
        } else {
            p = new Port(name, false, null, null);
            Optional<NetInterface> ni = readInterface(name);
            if (ni.isPresent()) {
                p.update(ni.get());
                openLive(p);
            } else {
                // Not there (yet): served as down with index 0; the interface check opens it when it appears.
                LOG.log(WARNING, "dataplane: no interface " + name + " yet; waiting for it");
                p.update(new NetInterface(name, 0, new byte[6], List.of(), 1500, false, settings.ttlThresholds().getOrDefault(name, 1)));
            }
        }
        return p;
    }

    private void openLive(Port p) {
        try {
            PcapHandle h = lib.openLive(p.name, settings.snaplen(), settings.promiscuous(), settings.bufferSize());
            handles.add(h);
            h.setFilter(CAPTURE_FILTER);
            p.inject = h;
            p.capture = h;
            LOG.log(INFO, "dataplane: " + p.name + " live, ifIndex " + p.ifIndex + ", " + p.info.addresses() + ", mtu " + p.mtu + (p.up ? ", up" : ", down"));
        } catch (RuntimeException e) {
            LOG.log(WARNING, "dataplane: cannot open " + p.name + " (will retry): " + e.getMessage());
        }
    }

    /** Stops everything (capture threads first) and unloads libpcap. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (lib == null) return;
            running = false;
        }
        for (PcapHandle h : handles) h.breakLoop();
        for (Thread t : captureThreads) join(t);
        if (upcallThread != null) {
            upcallThread.interrupt();
            join(upcallThread);
        }
        if (dispatchThread != null) {
            dispatchThread.interrupt();
            join(dispatchThread);
        }
        sendLock.writeLock().lock();
        try {
            for (Port p : ports.values()) {
                p.inject = null;
                p.capture = null;
                if (p.dumper != null) {
                    synchronized (p.dumper) {
                        p.dumper.close();
                    }
                }
            }
            for (PcapHandle h : handles) h.close();
            handles.clear();
            synchronized (this) {
                lib.close();
                lib = null;
            }
        } finally {
            sendLock.writeLock().unlock();
        }
        LOG.log(INFO, "dataplane: stopped");
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
            if (t.isAlive()) LOG.log(WARNING, "dataplane: thread " + t.getName() + " did not stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- capture

    private void captureLoop(Port p) {
        DataplaneSettings.OfflineInterface off = settings.offline().get(p.name);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(settings.snaplen() + 64L, 64);
            MemorySegment pollfd = arena.allocate(8, 4);
            if (p.offline) {
                awaitAttach(Duration.ofSeconds(5));
                offlineStartNanos.compareAndSet(0, System.nanoTime());
            }
            PcapHandle polled = null;
            long busyPollNanos = p.offline ? 0 : settings.busyPollMicros() * 1000L, idleSince = 0;
            while (running) {
                PcapHandle h = p.capture;
                if (h == null) {
                    sleepMillis(100);
                    continue;
                }
                int rc = h.next();
                if (rc == 1) {
                    idleSince = 0;
                    if (off != null && off.pace()) {
                        long due = offlineStartNanos.get() + (h.timestampMicros - offlineEpochMicros) * 1000;
                        long wait = due - System.nanoTime();
                        if (wait > 0) sleepNanos(wait);
                    }
                    try {
                        fastPath.receive(p, PcapHandle.ALL, h.packetAddress, h.captureLength, h.wireLength, h.timestampMicros, scratch, false);
                    } catch (RuntimeException e) {
                        // A bug must cost one frame, not the interface.
                        long n = fastPathFaults.sum();
                        fastPathFaults.increment();
                        if (n % 1000 == 0) LOG.log(WARNING, "dataplane: frame on " + p.name + " failed (" + (n + 1) + " so far)", e);
                    }
                } else if (rc == 0) {
                    if (busyPollNanos > 0) {
                        long now = System.nanoTime();
                        if (idleSince == 0) idleSince = now;
                        if (now - idleSince < busyPollNanos) {
                            Thread.onSpinWait();
                            continue;
                        }
                        idleSince = 0;
                    }
                    if (h != polled) {
                        Libpcap.pollfd(pollfd, 0, h.selectableFd());
                        polled = h;
                    }
                    lib.pollIn(pollfd, 1, 100);
                } else if (rc == -2) {
                    LOG.log(INFO, "dataplane: " + p.name + " end of offline file " + off.read());
                    break;
                } else {
                    // The device went away or failed: stop reading it; the interface check reopens it.
                    LOG.log(WARNING, "dataplane: capture on " + p.name + " failed: " + h.lastError());
                    p.capture = null;
                    p.inject = null;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(WARNING, "dataplane: capture thread of " + p.name + " died", e);
        } finally {
            if (p.offline) {
                synchronized (offlineReadersRunning) {
                    offlineReadersRunning.decrementAndGet();
                    offlineReadersRunning.notifyAll();
                }
            }
        }
    }

    private void awaitAttach(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (upcallsAttached) {
            while (upcalls == null && running && System.nanoTime() < deadline) {
                try {
                    upcallsAttached.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Waits until every offline reader has reached the end of its file and the upcall and control
     * queues are empty (tests and batch runs). Returns false on timeout.
     */
    public boolean awaitOfflineDone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (offlineReadersRunning) {
            while (offlineReadersRunning.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    offlineReadersRunning.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        while (!(upcallQueue.isEmpty() && controlQueue.isEmpty() && pending.isEmpty() && !busy)) {
            if (System.nanoTime() > deadline) return false;
            sleepMillis(10);
        }
        return true;
    }


    /**
     * Runs one captured frame through the fast path on the calling thread, as if it had arrived on
     * {@code ifName} (benchmarks and replay tools). {@code scratch} must belong to the calling thread
     * and hold the frame.
     */
    public void process(String ifName, MemorySegment frame, int length, MemorySegment scratch) {
        Port p = ports.get(ifName);
        if (p == null) throw new IllegalArgumentException("not served: " + ifName);
        fastPath.receive(p, frame, 0, length, length, 0, scratch, false);
    }

    // ---------------------------------------------------------------- slow path: upcalls

    /** First packets of an (S,G) waiting for its MFE. */
    private static final class Pending {
        final long key;
        final Port arrival;
        final long createdNanos = System.nanoTime();
        final ArrayDeque<byte[]> frames = new ArrayDeque<>();
        final ArrayDeque<Long> timestamps = new ArrayDeque<>();
        long overflow;
        /** Set under the lock when the queue was flushed or dropped: later packets must not join it. */
        volatile boolean closed;
        volatile boolean upcallDone;

        Pending(long key, Port arrival) {
            this.key = key;
            this.arrival = arrival;
        }
    }

    private record NoCacheEvent(Pending pending, int source, int group, InterfaceKey arrival, byte[] header) {}

    private record WrongIfEvent(int source, int group, InterfaceKey arrival, byte[] header) {}

    private record FlushEvent(long key) {}

    /**
     * Fast path: no MFE for (src, dst). Queues the frame and, for a new (S,G), a no-cache upcall.
     * Returns false if the queue was flushed meanwhile (the MFE now exists): the caller looks again.
     */
    boolean noCache(Port in, MemorySegment seg, long off, int frameLen, long ts, int src, int dst) {
        long key = SourceGroup.pack(src, dst);
        // The arrival port's last (S,G) without an MFE first: a burst of one flow needs no map lookup, which
        // would box the key (24 B a packet). A stale or closed one falls back to the map.
        Pending p = in.lastPending instanceof Pending last && last.key == key && !last.closed ? last : pending.get(key);
        if (p == null) {
            if (pending.size() >= settings.noCacheQueueGroups()) {
                noCachePacketsDropped.increment();
                return true;
            }
            Pending fresh = new Pending(key, in);
            p = pending.putIfAbsent(key, fresh);
            if (p == null) {
                p = fresh;
                int hl = (Frames.u8(seg, off + Frames.ETH_HEADER) & 0x0F) * 4;
                byte[] header = copy(seg, off + Frames.ETH_HEADER, Math.min(hl + 8, frameLen - Frames.ETH_HEADER));
                if (upcallQueue.offer(new NoCacheEvent(p, src, dst, InterfaceKey.of(in.ifIndex), header))) noCacheUpcalls.increment();
                else {
                    upcallsDropped.increment();
                    pending.remove(key, p);
                    noCachePacketsDropped.increment();
                    return true;
                }
            }
        }
        in.lastPending = p;
        return enqueue(p, seg, off, frameLen, ts);
    }

    /** Appends a frame to a no-cache queue (or counts it as overflow); false if the queue is already closed. */
    private boolean enqueue(Pending p, MemorySegment seg, long off, int frameLen, long ts) {
        synchronized (p) {
            if (p.closed) return false;
            if (p.frames.size() >= settings.noCacheQueuePackets()) {
                p.overflow++;
                noCachePacketsDropped.increment();
                return true;
            }
            p.frames.add(copy(seg, off, frameLen));
            p.timestamps.add(ts);
            noCachePacketsQueued.increment();
            return true;
        }
    }

    /**
     * Fast path: a packet of an MFE arrived on another interface than its iif. At most one upcall per
     * {@code wrongInterfaceUpcallMillis} for the MFE and that interface: a steady stream on the wrong
     * interface (two routers forwarding onto one LAN) would otherwise fill the upcall queue that new
     * flows need, although the MGM calls the protocol at most once a second for it anyway.
     */
    void wrongInterface(Route r, Port in, MemorySegment seg, long ip, int headerBytes, int src, int dst) {
        long interval = wrongIfUpcallNanos;
        if (interval > 0) {
            long now = System.nanoTime();
            if (r.wrongIfLastIf == in.ifIndex && now - r.wrongIfNextNanos < 0) {
                wrongIfUpcallsSuppressed.increment();
                return;
            }
            r.wrongIfLastIf = in.ifIndex;
            r.wrongIfNextNanos = now + interval;
        }
        if (upcallQueue.remainingCapacity() == 0) {
            upcallsDropped.increment();
            return;
        }
        byte[] header = copy(seg, ip, headerBytes);
        if (upcallQueue.offer(new WrongIfEvent(src, dst, InterfaceKey.of(in.ifIndex), header))) wrongIfUpcalls.increment();
        else upcallsDropped.increment();
    }

    private static byte[] copy(MemorySegment seg, long off, int len) {
        byte[] b = new byte[Math.max(0, len)];
        MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, off, b, 0, b.length);
        return b;
    }

    private void upcallLoop() {
        long nextLinkCheck = System.nanoTime() + settings.linkCheckMillis() * 1_000_000L;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(settings.snaplen() + 64L, 64);
            MemorySegment scratch = arena.allocate(settings.snaplen() + 64L, 64);
            while (running) {
                Object ev;
                try {
                    ev = upcallQueue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    if (!running) break;
                    continue;
                }
                busy = true;
                try {
                    if (ev != null) handleUpcall(ev, in, scratch);
                    expirePending(in, scratch);
                    if (System.nanoTime() - nextLinkCheck >= 0) {
                        checkInterfaces();
                        nextLinkCheck = System.nanoTime() + settings.linkCheckMillis() * 1_000_000L;
                    }
                } catch (RuntimeException e) {
                    LOG.log(WARNING, "dataplane: upcall failed", e);
                } finally {
                    busy = !upcallQueue.isEmpty();
                }
            }
        }
    }

    private void handleUpcall(Object ev, MemorySegment in, MemorySegment scratch) {
        ForwarderUpcalls up = upcalls;
        switch (ev) {
            case NoCacheEvent nc -> {
                if (up != null) up.noCache(nc.source(), nc.group(), nc.arrival(), nc.header());
                nc.pending().upcallDone = true;
                if (table.get(nc.pending().key) != null) flush(nc.pending().key, in, scratch);
            }
            case WrongIfEvent w -> {
                if (up != null) up.wrongInterface(w.source(), w.group(), w.arrival(), w.header());
            }
            case FlushEvent f -> flush(f.key(), in, scratch);
            default -> {}
        }
    }

    /**
     * Sends the queued first packets of {@code key} through the fast path, now that its MFE exists. Packets
     * arriving meanwhile join the queue ({@link #joinFlush}) until it is empty, so the flow keeps its order.
     */
    private void flush(long key, MemorySegment in, MemorySegment scratch) {
        Pending p = pending.get(key);
        if (p == null) return;
        Route r = table.get(key);
        if (r == null) return;
        while (true) {
            byte[] f;
            long ts;
            synchronized (p) {
                f = p.frames.poll();
                if (f == null) {
                    p.closed = true;
                    if (p.overflow > 0) r.counters.queueOverflow.add(p.overflow);
                    pending.remove(key, p);
                    r.flushing = false;
                    Route now = table.get(key);
                    if (now != null) now.flushing = false;
                    return;
                }
                ts = p.timestamps.poll();
            }
            MemorySegment.copy(f, 0, in, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, f.length);
            noCachePacketsFlushed.increment();
            p.arrival.rxFrames.decrement();                   // counted once already when it was captured
            fastPath.receive(p.arrival, in, 0, f.length, f.length, ts, scratch, true);
        }
    }

    /**
     * Fast path: a packet of an MFE whose queued first packets are being flushed. Appends it to that queue;
     * false if the flush has finished (the caller forwards it itself).
     */
    boolean joinFlush(long key, MemorySegment seg, long off, int frameLen, long ts) {
        Pending p = pending.get(key);
        return p != null && enqueue(p, seg, off, frameLen, ts);
    }

    private void expirePending(MemorySegment in, MemorySegment scratch) {
        if (pending.isEmpty()) return;
        long now = System.nanoTime(), max = settings.pendingTimeoutMillis() * 1_000_000L;
        for (Pending p : pending.values()) {
            if (table.get(p.key) != null) {                   // a flush request was lost: flush now
                flush(p.key, in, scratch);
                continue;
            }
            if (p.upcallDone && now - p.createdNanos > max && pending.remove(p.key, p)) {
                synchronized (p) {
                    p.closed = true;
                    noCachePacketsDropped.add(p.frames.size());
                    p.frames.clear();
                }
                LOG.log(DEBUG, "dataplane: no MFE for " + SourceGroup.unpack(p.key) + " after " + settings.pendingTimeoutMillis() + " ms; queued packets dropped");
            }
        }
    }

    // ---------------------------------------------------------------- control packets

    /** Fast path: an IGMP/DVMRP or PIM packet; queued for the dispatcher if addressed to a group or to us. */
    void control(Port in, MemorySegment seg, long off, int totalLen, long ts, int dst) {
        if (!Ipv4.isMulticast(dst) && !isLocal(dst)) return;
        byte[] ipPacket = copy(seg, off + Frames.ETH_HEADER, totalLen);
        byte[] srcMac = copy(seg, off + 6, 6);
        if (!controlQueue.offer(new ReceivedPacket(in.info, ipPacket, srcMac, ts * 1000))) controlDropped.increment();
    }

    private boolean isLocal(int address) {
        for (int a : localAddresses) if (a == address) return true;
        return false;
    }

    private void dispatchLoop() {
        while (running) {
            ReceivedPacket rp;
            try {
                rp = controlQueue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running) break;
                continue;
            }
            if (rp == null) continue;
            int src = Ipv4Packets.source(rp.ip());
            if (src != 0 && !Ipv4.isMulticast(src)) learnedMacs.put(src, rp.sourceMac());
            List<PacketListener> ls = listeners.get(Ipv4Packets.protocol(rp.ip()));
            if (ls == null) continue;
            for (PacketListener l : ls) {
                try {
                    // Each listener gets its own copy: the arrays belong to the receiver.
                    l.received(ls.size() == 1 ? rp : new ReceivedPacket(rp.iface(), rp.ip().clone(), rp.sourceMac().clone(), rp.timestampNanos()));
                    controlDelivered.increment();
                } catch (RuntimeException e) {
                    listenerFaults.increment();
                    LOG.log(WARNING, "dataplane: packet listener " + l + " failed: " + e);
                }
            }
        }
    }

    /** Adds a whiteboard listener for IP protocol {@code protocol} (2 IGMP/DVMRP, 103 PIM). */
    public void addPacketListener(int protocol, PacketListener l) {
        listeners.computeIfAbsent(protocol, k -> new CopyOnWriteArrayList<>()).add(l);
    }

    public void removePacketListener(PacketListener l) {
        for (List<PacketListener> ls : listeners.values()) ls.remove(l);
    }

    // ---------------------------------------------------------------- interfaces

    /** The OS's view of {@code name} (from /sys/class/net and java.net.NetworkInterface), if the device exists. */
    Optional<NetInterface> readInterface(String name) {
        Path sys = Path.of("/sys/class/net", name);
        if (!Files.isDirectory(sys)) return Optional.empty();
        try {
            int index = Integer.parseInt(Files.readString(sys.resolve("ifindex")).strip());
            byte[] mac = Frames.parseMac(Files.readString(sys.resolve("address")).strip());
            int mtu = Integer.parseInt(Files.readString(sys.resolve("mtu")).strip());
            int flags = Integer.decode(Files.readString(sys.resolve("flags")).strip());
            String oper = Files.readString(sys.resolve("operstate")).strip();
            boolean up = (flags & 0x1) != 0 && !oper.equals("down") && !oper.equals("lowerlayerdown");
            List<NetInterface.InterfaceAddress> addrs = new ArrayList<>();
            NetworkInterface ni = NetworkInterface.getByName(name);
            if (ni != null) {
                for (java.net.InterfaceAddress a : ni.getInterfaceAddresses())
                    if (a.getAddress() instanceof Inet4Address v4)
                        addrs.add(new NetInterface.InterfaceAddress(Ipv4Packets.getInt(v4.getAddress(), 0), a.getNetworkPrefixLength()));
            }
            return Optional.of(new NetInterface(name, index, mac, List.copyOf(addrs), mtu, up, settings.ttlThresholds().getOrDefault(name, 1)));
        } catch (IOException | RuntimeException e) {
            LOG.log(DEBUG, "dataplane: cannot read " + name + ": " + e);
            return Optional.empty();
        }
    }

    private NetInterface offlineIdentity(String name, DataplaneSettings.OfflineInterface off) {
        List<NetInterface.InterfaceAddress> addrs = new ArrayList<>();
        for (String cidr : off.addresses()) {
            int slash = cidr.indexOf('/');
            addrs.add(new NetInterface.InterfaceAddress(Ipv4.parse(slash < 0 ? cidr : cidr.substring(0, slash)), slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1))));
        }
        return new NetInterface(name, off.index(), off.mac().clone(), List.copyOf(addrs), off.mtu(), true, settings.ttlThresholds().getOrDefault(name, 1));
    }

    /** The periodic interface check: notices index, MAC, address, MTU and up/down changes; reopens failed live devices. */
    void checkInterfaces() {
        boolean changed = false;
        for (Port p : ports.values()) {
            Optional<NetInterface> now = readInterface(p.name);
            if (now.isEmpty()) {
                if (!p.offline && p.up) {
                    LOG.log(WARNING, "dataplane: " + p.name + " disappeared");
                    p.up = false;
                    changed = true;
                }
                continue;
            }
            NetInterface n = now.get(), old = p.info;
            if (p.offline && !settings.offline().get(p.name).addresses().isEmpty()) continue;   // configured identity wins
            if (old == null || n.index() != old.index() || n.up() != old.up() || n.mtu() != old.mtu()
                    || !java.util.Arrays.equals(n.mac(), old.mac()) || !n.addresses().equals(old.addresses())) {
                LOG.log(INFO, "dataplane: " + p.name + " changed: ifIndex " + n.index() + ", " + n.addresses() + ", mtu " + n.mtu() + (n.up() ? ", up" : ", down"));
                p.update(n);
                changed = true;
            }
            if (!p.offline && p.capture == null && n.up() && running) openLive(p);
        }
        if (changed) {
            refreshLocalAddresses();
            rebuildRoutes();
        }
    }

    private void refreshLocalAddresses() {
        List<Integer> l = new ArrayList<>();
        for (Port p : ports.values()) for (NetInterface.InterfaceAddress a : p.info.addresses()) l.add(a.address());
        localAddresses = l.stream().mapToInt(Integer::intValue).toArray();
    }

    private synchronized void rebuildRoutes() {
        List<Route> all = new ArrayList<>();
        for (Route r : table.routes()) all.add(resolve(r.entry, r));
        table = ForwardingTable.build(all);
    }

    private Port portByIndex(int ifIndex) {
        for (Port p : ports.values()) if (p.ifIndex == ifIndex) return p;
        return null;
    }

    @Override
    public List<NetInterface> interfaces() {
        List<NetInterface> l = new ArrayList<>();
        for (Port p : ports.values()) l.add(p.info);
        return l;
    }

    @Override
    public Optional<NetInterface> interfaceByName(String name) {
        Port p = ports.get(name);
        return p == null ? Optional.empty() : Optional.of(p.info);
    }

    @Override
    public Optional<NetInterface> interfaceByIndex(int index) {
        Port p = portByIndex(index);
        return p == null ? Optional.empty() : Optional.of(p.info);
    }

    // ---------------------------------------------------------------- PacketIo.send

    @Override
    public void send(int ifIndex, byte[] ipPacket) {
        Port p = portByIndex(ifIndex);
        if (p == null) throw new UncheckedIOException(new IOException("interface " + ifIndex + " is not served by the data plane"));
        if (Ipv4Packets.headerLength(ipPacket, ipPacket.length) < 0) throw new IllegalArgumentException("not an IPv4 packet");
        int dst = Ipv4Packets.destination(ipPacket);
        byte[] dmac;
        if (Ipv4.isMulticast(dst)) dmac = null;
        else if (dst == -1) dmac = new byte[] {-1, -1, -1, -1, -1, -1};
        else dmac = resolveUnicast(p, dst);
        sendLock.readLock().lock();
        try (Arena arena = Arena.ofConfined()) {
            if (!running) throw new UncheckedIOException(new IOException("data plane stopped"));
            MemorySegment f = arena.allocate(Frames.ETH_HEADER + ipPacket.length);
            if (dmac == null) Frames.putMulticastMac(f, 0, dst);
            else MemorySegment.copy(dmac, 0, f, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, 6);
            Frames.putMac(f, 6, p.mac);
            Frames.put16(f, 12, Frames.ETHERTYPE_IPV4);
            MemorySegment.copy(ipPacket, 0, f, java.lang.foreign.ValueLayout.JAVA_BYTE, Frames.ETH_HEADER, ipPacket.length);
            if (!p.transmit(f, (int) f.byteSize(), System.currentTimeMillis() * 1000))
                throw new UncheckedIOException(new IOException("cannot send on " + p.name));
        } finally {
            sendLock.readLock().unlock();
        }
    }

    /**
     * The MAC for a unicast destination: of the destination itself when it is on-link (or no route says
     * otherwise), else of the gateway of the kernel's longest matching route out of this interface;
     * learned from received control packets, else from the kernel's ARP table.
     */
    private byte[] resolveUnicast(Port p, int dst) {
        int nextHop = dst;
        if (!p.info.onLink(dst)) {
            try {
                KernelRib.Entry best = null;
                for (KernelRib.Entry e : KernelRib.parseProcRoute(Files.readAllLines(routeFile)))
                    if (e.device().equals(p.name) && (dst & Ipv4.maskOf(e.prefixLength())) == e.network() && (best == null || e.prefixLength() > best.prefixLength()))
                        best = e;
                if (best != null && best.gateway() != 0) nextHop = best.gateway();
            } catch (IOException e) {
                // no kernel table: try the destination itself
            }
        }
        return resolveOnLink(p, nextHop);
    }

    private byte[] resolveOnLink(Port p, int dst) {
        byte[] mac = learnedMacs.get(dst);
        if (mac != null) return mac;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/arp"))) {
                String[] f = line.trim().split("\\s+");
                // IP address, HW type, Flags, HW address, Mask, Device
                if (f.length >= 6 && f[5].equals(p.name) && !f[0].startsWith("IP") && Ipv4.parse(f[0]) == dst && !f[3].equals("00:00:00:00:00:00"))
                    return Frames.parseMac(f[3]);
            }
        } catch (IOException | IllegalArgumentException e) {
            // fall through
        }
        throw new UncheckedIOException(new IOException("no MAC address known for " + Ipv4.format(dst) + " on " + p.name));
    }

    // ---------------------------------------------------------------- Forwarder

    @Override
    public void attach(ForwarderUpcalls upcalls) {
        this.upcalls = upcalls;
        synchronized (upcallsAttached) {
            upcallsAttached.notifyAll();
        }
    }

    @Override
    public synchronized void install(ForwardingEntry entry) {
        Route old = table.get(entry.sourceGroup().packed());
        Route r = resolve(entry, null);
        r.flushing = pending.containsKey(r.key);
        table = table.with(r);
        if (old != null) LOG.log(DEBUG, "dataplane: install over an existing entry " + entry.sourceGroup());
        requestFlush(entry.sourceGroup().packed());
    }

    @Override
    public synchronized void update(ForwardingEntry entry) {
        Route old = table.get(entry.sourceGroup().packed());
        Route r = resolve(entry, old);
        r.flushing = pending.containsKey(r.key);
        table = table.with(r);
        requestFlush(entry.sourceGroup().packed());
    }

    @Override
    public synchronized void remove(SourceGroup sg) {
        table = table.without(sg.packed());
        Pending p = pending.remove(sg.packed());
        if (p != null) synchronized (p) {
            p.closed = true;
            noCachePacketsDropped.add(p.frames.size());
            p.frames.clear();
        }
    }

    private void requestFlush(long key) {
        if (pending.containsKey(key) && !upcallQueue.offer(new FlushEvent(key))) upcallsDropped.increment();
    }

    /** A route for {@code e}; counters carried over from {@code old} (per MFE, and per oif still present). */
    private Route resolve(ForwardingEntry e, Route old) {
        Route.Oif[] oifs = new Route.Oif[e.outgoing().size()];
        for (int i = 0; i < oifs.length; i++) {
            InterfaceKey k = e.outgoing().get(i);
            OifCounterSet c = null;
            if (old != null) for (Route.Oif o : old.oifs) if (o.key().equals(k)) c = o.counters();
            oifs[i] = new Route.Oif(k, portByIndex(k.ifIndex()), c == null ? new OifCounterSet() : c);
        }
        return new Route(e, oifs, old == null ? new MfeCounterSet() : old.counters);
    }

    @Override
    public MfeCounters counters(SourceGroup sg) {
        Route r = table.get(sg.packed());
        if (r == null) return MfeCounters.ZERO;
        MfeCounterSet c = r.counters;
        List<OifStats> out = new ArrayList<>(r.oifs.length);
        for (Route.Oif o : r.oifs) {
            OifCounterSet oc = o.counters();
            out.add(new OifStats(o.key(), oc.ttlTooLow.sum(), oc.fragNeeded.sum(), oc.outPackets.sum(), oc.outDiscards.sum()));
        }
        return new MfeCounters(c.inPackets.sum(), c.inOctets.sum(), c.differentIf.sum(), c.queueOverflow.sum(), 0,
                c.negative.sum(), c.inDiscards.sum(), c.headerErrors.sum(), List.copyOf(out));
    }

    /** The entries installed now (what the MGM gave us). */
    public List<ForwardingEntry> entries() {
        List<ForwardingEntry> l = new ArrayList<>();
        for (Route r : table.routes()) l.add(r.entry);
        return l;
    }

    /** Data-plane wide counters by name (per interface: {@code IF.rxFrames}, {@code IF.txFrames}, ...). */
    public Map<String, Long> statistics() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("noCacheUpcalls", noCacheUpcalls.sum());
        m.put("noCachePacketsQueued", noCachePacketsQueued.sum());
        m.put("noCachePacketsFlushed", noCachePacketsFlushed.sum());
        m.put("noCachePacketsDropped", noCachePacketsDropped.sum());
        m.put("wrongInterfaceUpcalls", wrongIfUpcalls.sum());
        m.put("wrongInterfaceUpcallsSuppressed", wrongIfUpcallsSuppressed.sum());
        m.put("upcallsDropped", upcallsDropped.sum());
        m.put("headerErrorsWithoutMfe", headerErrorsWithoutMfe.sum());
        m.put("controlDelivered", controlDelivered.sum());
        m.put("controlDropped", controlDropped.sum());
        m.put("controlHeaderErrors", controlHeaderErrors.sum());
        m.put("listenerFaults", listenerFaults.sum());
        m.put("fastPathFaults", fastPathFaults.sum());
        for (Port p : ports.values()) {
            m.put(p.name + ".rxFrames", p.rxFrames.sum());
            m.put(p.name + ".txFrames", p.txFrames.sum());
            m.put(p.name + ".txErrors", p.txErrors.sum());
            m.put(p.name + ".ownFramesIgnored", p.ownFrames.sum());
            m.put(p.name + ".truncated", p.truncated.sum());
            m.put(p.name + ".udpChecksumsRepaired", p.checksumsRepaired.sum());
            PcapHandle h = p.capture;
            if (h != null && h.live()) {
                try {
                    long[] s = h.stats();
                    m.put(p.name + ".pcapReceived", s[0]);
                    m.put(p.name + ".pcapDropped", s[1]);
                } catch (RuntimeException e) {
                    // a handle being closed
                }
            }
        }
        return m;
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepNanos(long ns) {
        try {
            Thread.sleep(Duration.ofNanos(ns));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
