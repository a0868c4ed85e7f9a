package org.openmgm.api.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.OifStats;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.spi.MfeCounters;

/**
 * A forwarder that moves no real packets: tests feed it packets with {@link #packet} and it counts
 * and raises upcalls the way a data plane does (no cache, wrong interface, negative MFE). It stands
 * beside the real libpcap data plane, never instead of it.
 */
public final class InMemoryForwarder implements Forwarder {
    private final Map<SourceGroup, Slot> table = new ConcurrentHashMap<>();
    private volatile ForwarderUpcalls upcalls;
    private final List<String> log = new ArrayList<>();

    private static final class Slot {
        volatile ForwardingEntry entry;
        long inPackets, inOctets, differentIf, negative;
        final Map<InterfaceKey, Long> out = new ConcurrentHashMap<>();

        Slot(ForwardingEntry e) {
            entry = e;
        }
    }

    @Override
    public void attach(ForwarderUpcalls upcalls) {
        this.upcalls = upcalls;
    }

    @Override
    public synchronized void install(ForwardingEntry entry) {
        table.put(entry.sourceGroup(), new Slot(entry));
        log.add("install " + entry);
    }

    @Override
    public synchronized void update(ForwardingEntry entry) {
        Slot s = table.get(entry.sourceGroup());
        if (s == null) table.put(entry.sourceGroup(), new Slot(entry));
        else s.entry = entry;
        log.add("update " + entry);
    }

    @Override
    public synchronized void remove(SourceGroup sg) {
        table.remove(sg);
        log.add("remove " + sg);
    }

    @Override
    public synchronized MfeCounters counters(SourceGroup sg) {
        Slot s = table.get(sg);
        if (s == null) return MfeCounters.ZERO;
        List<OifStats> oifs = new ArrayList<>();
        for (InterfaceKey k : s.entry.outgoing()) oifs.add(new OifStats(k, 0, 0, s.out.getOrDefault(k, 0L), 0));
        return new MfeCounters(s.inPackets, s.inOctets, s.differentIf, 0, 0, s.negative, 0, 0, oifs);
    }

    /** Delivers one data packet of {@code length} bytes arriving on {@code arrival}, as a data plane would. */
    public void packet(SourceGroup sg, InterfaceKey arrival, int length) {
        Slot s;
        synchronized (this) {
            s = table.get(sg);
        }
        ForwarderUpcalls up = upcalls;
        if (s == null) {
            if (up != null) up.noCache(sg.source(), sg.group(), arrival, new byte[0]);
            synchronized (this) {
                s = table.get(sg);
            }
            if (s == null) return;
        }
        boolean wrong;
        synchronized (this) {
            ForwardingEntry e = s.entry;
            wrong = !e.incoming().equals(arrival);
            if (wrong) s.differentIf++;
            else if (e.outgoing().isEmpty()) s.negative++;
            else {
                s.inPackets++;
                s.inOctets += length;
                for (InterfaceKey k : e.outgoing()) s.out.merge(k, 1L, Long::sum);
            }
        }
        if (wrong && up != null) up.wrongInterface(sg.source(), sg.group(), arrival, new byte[0]);
    }

    public synchronized ForwardingEntry entry(SourceGroup sg) {
        Slot s = table.get(sg);
        return s == null ? null : s.entry;
    }

    public synchronized int size() {
        return table.size();
    }

    /** install/update/remove calls in order, as text. */
    public synchronized List<String> operations() {
        return List.copyOf(log);
    }
}
