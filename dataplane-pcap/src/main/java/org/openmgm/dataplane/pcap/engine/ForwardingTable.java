package org.openmgm.dataplane.pcap.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable open-addressing hash table from packed (S,G) ({@link org.openmgm.api.SourceGroup#packed()})
 * to {@link Route}. Readers use it without locks; writers build a changed copy and publish it
 * (copy-on-write), so a lookup never sees a half-made table and never allocates. Key 0 ((0.0.0.0,
 * 0.0.0.0), never a valid MFE) marks an empty slot.
 */
final class ForwardingTable {
    static final ForwardingTable EMPTY = new ForwardingTable(new long[8], new Route[8], 0);

    private final long[] keys;
    private final Route[] routes;
    private final int mask;
    private final int size;

    private ForwardingTable(long[] keys, Route[] routes, int size) {
        this.keys = keys;
        this.routes = routes;
        this.mask = keys.length - 1;
        this.size = size;
    }

    static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    /** The route for packed (S,G), or null. */
    Route get(long key) {
        long[] k = keys;
        int m = mask;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            long x = k[i];
            if (x == key) return routes[i];
            if (x == 0) return null;
        }
    }

    int size() {
        return size;
    }

    List<Route> routes() {
        List<Route> l = new ArrayList<>(size);
        for (Route r : routes) if (r != null) l.add(r);
        return l;
    }

    /** A copy with {@code r} added or replacing the route of the same key. */
    ForwardingTable with(Route r) {
        List<Route> all = routes();
        all.removeIf(x -> x.key == r.key);
        all.add(r);
        return build(all);
    }

    /** A copy without {@code key}. */
    ForwardingTable without(long key) {
        if (get(key) == null) return this;
        List<Route> all = routes();
        all.removeIf(x -> x.key == key);
        return build(all);
    }

    static ForwardingTable build(List<Route> all) {
        int cap = 8;
        while (cap < all.size() * 2 + 2) cap <<= 1;          // load factor at most 1/2
        long[] k = new long[cap];
        Route[] v = new Route[cap];
        for (Route r : all) {
            int i = slot(r.key, cap - 1);
            while (k[i] != 0) i = (i + 1) & (cap - 1);
            k[i] = r.key;
            v[i] = r;
        }
        return new ForwardingTable(k, v, all.size());
    }
}
