package org.openmgm.core;

import java.util.Arrays;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.RouteInfo;

/**
 * One multicast forwarding entry (spec §6.1 item 5). Kept small: a 1M-entry table is a design target.
 * Guarded by the engine's lock.
 */
final class MfeEntry {
    private static final InterfaceKey[] NONE = new InterfaceKey[0];

    final int source;
    final int group;
    final InterfaceKey iif;
    int upstream;
    final RouteInfo route;
    final long createdNanos;
    long expiresAtNanos;
    int timeoutSeconds;
    InterfaceKey[] oifs = NONE;
    /** inPackets seen at the last sweep, for refresh-on-traffic. */
    long lastInPackets;

    MfeEntry(int source, int group, InterfaceKey iif, int upstream, RouteInfo route, long now, int timeoutSeconds) {
        this.source = source;
        this.group = group;
        this.iif = iif;
        this.upstream = upstream;
        this.route = route;
        this.createdNanos = now;
        setTimeout(now, timeoutSeconds);
    }

    void setTimeout(long now, int seconds) {
        this.timeoutSeconds = seconds;
        this.expiresAtNanos = now + seconds * 1_000_000_000L;
    }

    boolean hasOif(InterfaceKey k) {
        for (InterfaceKey o : oifs) if (o.equals(k)) return true;
        return false;
    }

    void addOif(InterfaceKey k) {
        InterfaceKey[] n = Arrays.copyOf(oifs, oifs.length + 1);
        n[oifs.length] = k;
        Arrays.sort(n);
        oifs = n;
    }

    boolean removeOif(InterfaceKey k) {
        for (int i = 0; i < oifs.length; i++) {
            if (oifs[i].equals(k)) {
                InterfaceKey[] n = new InterfaceKey[oifs.length - 1];
                System.arraycopy(oifs, 0, n, 0, i);
                System.arraycopy(oifs, i + 1, n, i, oifs.length - i - 1);
                oifs = n.length == 0 ? NONE : n;
                return true;
            }
        }
        return false;
    }
}
