package org.openmgm.igmp.router;

import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A group's state on one interface (RFC 3376 §6.2): filter mode, group timer, source records with their
 * timers, and the older-version-host-present timers. Timers are absolute deadlines in scheduler nanoseconds;
 * a timer "is running" while its deadline is later than now, so a stopped timer is simply {@link #STOPPED}.
 */
final class GroupState {
    static final long STOPPED = Long.MIN_VALUE;

    final int group;
    final long created;
    FilterMode mode = FilterMode.INCLUDE;
    long groupTimer = STOPPED;
    final TreeMap<Integer, Long> sources = new TreeMap<>(Integer::compareUnsigned);
    long v1HostTimer = STOPPED;
    long v2HostTimer = STOPPED;
    int lastReporter;

    /** Querier retransmissions (RFC 3376 §6.6.3): group-specific queries left, and per source. */
    int groupQueriesLeft;
    final TreeMap<Integer, Integer> sourceQueriesLeft = new TreeMap<>(Integer::compareUnsigned);
    final TimerSlot retransmitTimer = new TimerSlot();
    final TimerSlot timer = new TimerSlot();

    GroupState(int group, long now) {
        this.group = group;
        this.created = now;
    }

    /** Sources whose timer runs (INCLUDE: the include list; EXCLUDE: the "requested" list X). */
    Set<Integer> running(long now) {
        Set<Integer> out = new TreeSet<>(Integer::compareUnsigned);
        sources.forEach((s, t) -> { if (t > now) out.add(s); });
        return out;
    }

    /** EXCLUDE mode's exclude list Y: sources whose timer is stopped. */
    Set<Integer> stopped(long now) {
        Set<Integer> out = new TreeSet<>(Integer::compareUnsigned);
        sources.forEach((s, t) -> { if (t <= now) out.add(s); });
        return out;
    }

    /** Group compatibility mode (RFC 3376 §7.3.2), capped by the interface's version. */
    int compatibility(long now, int interfaceVersion) {
        int v = v1HostTimer > now ? 1 : v2HostTimer > now ? 2 : 3;
        return Math.min(v, interfaceVersion);
    }

    /** True if traffic from {@code source} to this group is wanted here (RFC 3376 §6.3). */
    boolean forwards(int source, long now) {
        Long t = sources.get(source);
        return mode == FilterMode.INCLUDE ? t != null && t > now : t == null || t > now;
    }

    /** The earliest running timer after {@code now}, or STOPPED. */
    long nextDeadline(long now) {
        long next = Long.MAX_VALUE;
        if (mode == FilterMode.EXCLUDE && groupTimer > now) next = groupTimer;
        for (long t : sources.values()) if (t > now && t < next) next = t;
        if (v1HostTimer > now && v1HostTimer < next) next = v1HostTimer;
        if (v2HostTimer > now && v2HostTimer < next) next = v2HostTimer;
        return next == Long.MAX_VALUE ? STOPPED : next;
    }

    void cancelTimers() {
        timer.cancel();
        retransmitTimer.cancel();
    }
}
