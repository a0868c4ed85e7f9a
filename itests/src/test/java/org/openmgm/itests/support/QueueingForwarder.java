package org.openmgm.itests.support;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.spi.MfeCounters;

/**
 * A forwarder shaped like the real data plane, for the in-process flood bench: the fast path is a
 * lock-free table lookup; a miss is queued (bounded, one entry per pending (S,G)) for one upcall
 * thread that calls the MGM's no-cache upcall, so the packet path never runs MGM code; a full queue
 * drops the upcall and counts it.
 */
public final class QueueingForwarder implements Forwarder, AutoCloseable {
    private record Miss(int source, int group, InterfaceKey arrival) {}

    private final Map<SourceGroup, ForwardingEntry> table = new ConcurrentHashMap<>();
    private final Map<SourceGroup, LongAdder> forwarded = new ConcurrentHashMap<>();
    private final Set<SourceGroup> pending = ConcurrentHashMap.newKeySet();
    private final ArrayBlockingQueue<Miss> queue;
    private final Thread upcallThread;
    private volatile ForwarderUpcalls upcalls;
    private volatile boolean running = true;
    public final LongAdder misses = new LongAdder();
    public final LongAdder upcallDrops = new LongAdder();
    public final LongAdder negativeDrops = new LongAdder();
    public final LongAdder upcallsDone = new LongAdder();

    public QueueingForwarder(int queueSize) {
        queue = new ArrayBlockingQueue<>(queueSize);
        upcallThread = new Thread(this::drain, "itest-forwarder-upcalls");
        upcallThread.setDaemon(true);
        upcallThread.start();
    }

    private void drain() {
        java.util.List<Miss> batch = new java.util.ArrayList<>(256);
        while (running) {
            try {
                Miss first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, 255); // one wake-up per batch, as a data plane's event thread does
                for (Miss m : batch) {
                    ForwarderUpcalls u = upcalls;
                    try {
                        if (u != null) u.noCache(m.source, m.group, m.arrival, new byte[0]);
                    } catch (RuntimeException e) {
                        // an MGM failure must not stop the data plane
                    } finally {
                        pending.remove(new SourceGroup(m.source, m.group));
                        upcallsDone.increment();
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The fast path: one data packet. True if it was forwarded. */
    public boolean packet(SourceGroup sg, InterfaceKey arrival) {
        ForwardingEntry e = table.get(sg);
        if (e != null) {
            if (!e.incoming().equals(arrival) || e.outgoing().isEmpty()) {
                negativeDrops.increment();
                return false;
            }
            forwarded.computeIfAbsent(sg, k -> new LongAdder()).increment();
            return true;
        }
        misses.increment();
        if (pending.add(sg)) {
            if (!queue.offer(new Miss(sg.source(), sg.group(), arrival))) {
                pending.remove(sg);
                upcallDrops.increment();
            }
        }
        return false;
    }

    public long forwarded(SourceGroup sg) {
        LongAdder a = forwarded.get(sg);
        return a == null ? 0 : a.sum();
    }

    public int size() {
        return table.size();
    }

    public int queued() {
        return queue.size();
    }

    @Override
    public void attach(ForwarderUpcalls u) {
        upcalls = u;
    }

    @Override
    public void install(ForwardingEntry entry) {
        table.put(entry.sourceGroup(), entry);
    }

    @Override
    public void update(ForwardingEntry entry) {
        table.put(entry.sourceGroup(), entry);
    }

    @Override
    public void remove(SourceGroup sg) {
        table.remove(sg);
    }

    @Override
    public MfeCounters counters(SourceGroup sg) {
        return MfeCounters.ZERO;
    }

    @Override
    public void close() {
        running = false;
        upcallThread.interrupt();
    }
}
