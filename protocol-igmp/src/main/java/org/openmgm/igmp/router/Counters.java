package org.openmgm.igmp.router;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** Named event counters ("in.v3Report", "out.v2Query", "drop.badChecksum", "record.TO_EX", ...), safe from any thread. */
public final class Counters {
    private final ConcurrentSkipListMap<String, LongAdder> values = new ConcurrentSkipListMap<>();

    public void increment(String name) {
        values.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    public long get(String name) {
        LongAdder a = values.get(name);
        return a == null ? 0 : a.sum();
    }

    /** Counters whose name starts with {@code prefix + "."}, with the prefix removed, in name order. */
    public Map<String, Long> withPrefix(String prefix) {
        Map<String, Long> out = new LinkedHashMap<>();
        String p = prefix + ".";
        for (var e : values.tailMap(p).entrySet()) {
            if (!e.getKey().startsWith(p)) break;
            out.put(e.getKey().substring(p.length()), e.getValue().sum());
        }
        return out;
    }
}
