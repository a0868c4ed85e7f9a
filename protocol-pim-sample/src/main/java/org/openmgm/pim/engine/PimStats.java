package org.openmgm.pim.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Message counters by type and drop counters by reason; safe to read while the router runs. */
public final class PimStats {
    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> events = new ConcurrentHashMap<>();

    void received(String type) { received.computeIfAbsent(type, k -> new LongAdder()).increment(); }

    void sent(String type) { sent.computeIfAbsent(type, k -> new LongAdder()).increment(); }

    void dropped(String reason) { dropped.computeIfAbsent(reason, k -> new LongAdder()).increment(); }

    void event(String name) { events.computeIfAbsent(name, k -> new LongAdder()).increment(); }


    public long receivedCount(String type) { return get(received, type); }

    public long sentCount(String type) { return get(sent, type); }

    public long droppedCount(String reason) { return get(dropped, reason); }

    public long eventCount(String name) { return get(events, name); }

    public Map<String, Long> received() { return snapshot(received); }

    public Map<String, Long> sent() { return snapshot(sent); }

    public Map<String, Long> dropped() { return snapshot(dropped); }

    public Map<String, Long> events() { return snapshot(events); }

    private static long get(Map<String, LongAdder> m, String k) {
        LongAdder a = m.get(k);
        return a == null ? 0 : a.sum();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
