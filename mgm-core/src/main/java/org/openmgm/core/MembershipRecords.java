package org.openmgm.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openmgm.api.InterfaceKey;

/**
 * Everything held for one membership key: which client holds it on which interface, and the
 * attributed-client counts behind the join/prune alert rules (spec §6.6). Guarded by the engine's lock.
 */
final class MembershipRecords {
    /** A membership record: {@code holder} added the key on an interface; it counts for {@code attributed}. */
    record Holder(Client holder, Client attributed) {}

    final Map<InterfaceKey, List<Holder>> byInterface = new HashMap<>(4);
    /** attributed client -> number of records attributed to it; its size is N(K) of spec §6.6.2. */
    final Map<Client, Integer> attributedCounts = new HashMap<>(4);

    Holder find(Client holder, InterfaceKey iface) {
        List<Holder> hs = byInterface.get(iface);
        if (hs != null) for (Holder h : hs) if (h.holder() == holder) return h;
        return null;
    }

    /** Adds a record; returns true if {@code attributed} is new among the clients counted for this key. */
    boolean add(Client holder, InterfaceKey iface, Client attributed) {
        byInterface.computeIfAbsent(iface, k -> new ArrayList<>(2)).add(new Holder(holder, attributed));
        return attributedCounts.merge(attributed, 1, Integer::sum) == 1;
    }

    /** Removes a record; returns true if its attributed client no longer counts for this key. */
    boolean remove(Holder h, InterfaceKey iface) {
        List<Holder> hs = byInterface.get(iface);
        hs.remove(h);
        if (hs.isEmpty()) byInterface.remove(iface);
        int left = attributedCounts.merge(h.attributed(), -1, Integer::sum);
        if (left == 0) {
            attributedCounts.remove(h.attributed());
            return true;
        }
        return false;
    }

    boolean covers(InterfaceKey iface) {
        return byInterface.containsKey(iface);
    }

    boolean isEmpty() {
        return byInterface.isEmpty();
    }

    int clientCount() {
        return attributedCounts.size();
    }
}
