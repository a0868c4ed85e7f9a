package org.openmgm.igmp.router;

import static org.openmgm.igmp.router.GroupState.STOPPED;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.igmp.packet.DropReason;
import org.openmgm.igmp.packet.GroupRecord;
import org.openmgm.igmp.packet.IgmpCodec;
import org.openmgm.igmp.packet.IgmpMessage;
import org.openmgm.igmp.packet.RecordType;

/**
 * The router side of IGMP on one interface (RFC 3376 §6 and §7.3, RFC 2236, RFC 1112): querier election,
 * general / group-specific / group-and-source-specific queries, and per-group filter state. Not thread-safe:
 * {@link IgmpRouter} calls it under its lock.
 */
final class RouterInterface {
    private static final long DS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    final IgmpRouter router;
    final NetInterface nif;
    final int ifIndex;
    final int address;
    final IgmpParameters params;
    final Counters counters;

    /** Operational values: the configured ones while querier, the querier's QRV/QQIC otherwise (RFC 3376 §4.1.6-7). */
    private int robustness;
    private int queryIntervalSeconds;

    private boolean querier;
    private int querierAddress;
    private final TimerSlot otherQuerierTimer = new TimerSlot();
    private final TimerSlot generalQueryTimer = new TimerSlot();
    private int startupQueriesLeft;
    /** Max Resp Time of the last group-specific query heard as non-querier: its LMQT (RFC 3376 §8.8). */
    private int heardLastMemberQueryDs = -1;

    final Map<Integer, GroupState> groups = new java.util.TreeMap<>(Integer::compareUnsigned);
    private final Map<Integer, Installed> installed = new HashMap<>();

    /** What the MGM has been told for one group on this interface. */
    private static final class Installed {
        boolean anySource;
        final Set<Integer> included = new TreeSet<>(Integer::compareUnsigned);
        final Set<Integer> blocked = new TreeSet<>(Integer::compareUnsigned);

        boolean empty() {
            return !anySource && included.isEmpty() && blocked.isEmpty();
        }
    }

    RouterInterface(IgmpRouter router, NetInterface nif, IgmpParameters params, Counters counters) {
        this.router = router;
        this.nif = nif;
        this.ifIndex = nif.index();
        this.address = nif.primaryAddress();
        this.params = params;
        this.counters = counters;
        this.robustness = params.robustness();
        this.queryIntervalSeconds = params.queryIntervalSeconds();
    }

    // ------------------------------------------------------------------ derived timer values (RFC 3376 §8)

    private long queryResponseNanos() {
        return params.queryResponseIntervalDeciseconds() * DS;
    }

    long groupMembershipNanos() {
        return robustness * queryIntervalSeconds * S + queryResponseNanos();
    }

    long otherQuerierPresentNanos() {
        return robustness * queryIntervalSeconds * S + queryResponseNanos() / 2;
    }

    long olderHostPresentNanos() {
        return robustness * queryIntervalSeconds * S + queryResponseNanos();
    }

    private int lastMemberQueryCount() {
        return params.lastMemberQueryCount() > 0 ? params.lastMemberQueryCount() : robustness;
    }

    private long lastMemberQueryIntervalNanos() {
        return (querier || heardLastMemberQueryDs <= 0 ? params.lastMemberQueryIntervalDeciseconds() : heardLastMemberQueryDs) * DS;
    }

    long lastMemberQueryTimeNanos() {
        return lastMemberQueryCount() * lastMemberQueryIntervalNanos();
    }

    // ------------------------------------------------------------------ life cycle

    /** Starts as querier (RFC 3376 §6.6.2) and sends Startup Query Count general queries. */
    void start() {
        querier = true;
        querierAddress = address;
        startupQueriesLeft = params.effectiveStartupQueryCount();
        generalQueryTimerFired();
    }

    /** Stops every timer and withdraws every membership. */
    void stop() {
        otherQuerierTimer.cancel();
        generalQueryTimer.cancel();
        for (GroupState g : new ArrayList<>(groups.values())) deleteGroup(g);
        for (Integer g : new ArrayList<>(installed.keySet())) sync(g);
    }

    /** Re-announces every membership (after the MGM's enable-IGMP callback). */
    void reinstall() {
        for (var e : installed.entrySet()) {
            int group = e.getKey();
            Installed in = e.getValue();
            for (int s : in.included) router.emit(o -> o.addMembership(ifIndex, MembershipKey.sourceGroup(s, group)));
            if (in.anySource) router.emit(o -> o.addMembership(ifIndex, MembershipKey.anySource(group)));
            for (int s : in.blocked) router.emit(o -> o.blockSource(ifIndex, s, group));
        }
    }

    private void generalQueryTimerFired() {
        if (!querier) return;
        sendGeneralQuery();
        if (startupQueriesLeft > 0) startupQueriesLeft--;
        long next = startupQueriesLeft > 0 ? params.startupQueryIntervalNanos() : queryIntervalSeconds * S;
        router.arm(generalQueryTimer, next, this::generalQueryTimerFired);
    }

    private void otherQuerierTimerFired() {
        router.log("igmp: " + nif.name() + ": other querier " + Ipv4.format(querierAddress) + " timed out; this router is querier again");
        querier = true;
        querierAddress = address;
        robustness = params.robustness();
        queryIntervalSeconds = params.queryIntervalSeconds();
        heardLastMemberQueryDs = -1;
        startupQueriesLeft = 0;
        generalQueryTimerFired();
    }

    // ------------------------------------------------------------------ sending

    private void sendGeneralQuery() {
        byte[] p = params.version() == 3
                ? IgmpCodec.queryV3(address, params.queryResponseIntervalDeciseconds(), 0, false, robustness, queryIntervalSeconds, List.of())
                : IgmpCodec.queryV1V2(address, params.version(), params.queryResponseIntervalDeciseconds(), 0);
        send(p, "v" + params.version() + "Query");
        counters.increment("out.generalQuery");
    }

    private void send(byte[] packet, String kind) {
        counters.increment("out." + kind);
        router.emit(o -> o.send(ifIndex, packet));
    }

    /** "Send Q(G)" (RFC 3376 §6.6.3.1): lower the group timer to LMQT and start the retransmissions. */
    private void queryGroup(GroupState g) {
        if (!querier || params.version() == 1) return;
        long now = router.now();
        long lmqt = now + lastMemberQueryTimeNanos();
        if (g.mode == FilterMode.EXCLUDE && g.groupTimer > lmqt) g.groupTimer = lmqt;
        g.groupQueriesLeft = lastMemberQueryCount();
        transmitSpecificQueries(g, true);
    }

    /** "Send Q(G,A)" (RFC 3376 §6.6.3.2): lower the source timers of A to LMQT and start the retransmissions. */
    private void queryGroupSources(GroupState g, Set<Integer> a) {
        if (!querier || params.version() < 3 || a.isEmpty()) return;
        long now = router.now();
        long lmqt = now + lastMemberQueryTimeNanos();
        for (int s : a) {
            Long t = g.sources.get(s);
            if (t == null) continue;
            if (t > lmqt) g.sources.put(s, lmqt);
            g.sourceQueriesLeft.put(s, lastMemberQueryCount());
        }
        transmitSpecificQueries(g, true);
    }

    /**
     * Sends the pending group / group-and-source specific queries for {@code g}; the S flag is set for what a
     * report has meanwhile raised above LMQT. Re-arms itself every Last Member Query Interval while any is left.
     */
    private void transmitSpecificQueries(GroupState g, boolean immediate) {
        if (!immediate && groups.get(g.group) != g) return;
        long now = router.now();
        long lmqt = now + lastMemberQueryTimeNanos();
        int maxResp = (int) (lastMemberQueryIntervalNanos() / DS);
        if (g.groupQueriesLeft > 0) {
            boolean suppress = g.mode == FilterMode.EXCLUDE && g.groupTimer > lmqt;
            byte[] p = params.version() == 3
                    ? IgmpCodec.queryV3(address, maxResp, g.group, suppress, robustness, queryIntervalSeconds, List.of())
                    : IgmpCodec.queryV1V2(address, 2, maxResp, g.group);
            send(p, "v" + params.version() + "Query");
            counters.increment("out.groupQuery");
            g.groupQueriesLeft--;
        }
        if (!g.sourceQueriesLeft.isEmpty()) {
            List<Integer> above = new ArrayList<>();
            List<Integer> below = new ArrayList<>();
            for (var it = g.sourceQueriesLeft.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Long t = g.sources.get(e.getKey());
                if (t == null) { it.remove(); continue; }
                (t > lmqt ? above : below).add(e.getKey());
                if (e.getValue() <= 1) it.remove(); else e.setValue(e.getValue() - 1);
            }
            if (!above.isEmpty()) {
                send(IgmpCodec.queryV3(address, maxResp, g.group, true, robustness, queryIntervalSeconds, above), "v3Query");
                counters.increment("out.groupSourceQuery");
            }
            if (!below.isEmpty()) {
                send(IgmpCodec.queryV3(address, maxResp, g.group, false, robustness, queryIntervalSeconds, below), "v3Query");
                counters.increment("out.groupSourceQuery");
            }
        }
        if (g.groupQueriesLeft > 0 || !g.sourceQueriesLeft.isEmpty())
            router.arm(g.retransmitTimer, lastMemberQueryIntervalNanos(), () -> transmitSpecificQueries(g, false));
        reschedule(g);
    }

    // ------------------------------------------------------------------ receiving

    /** Processes a parsed message; returns why it was dropped, or null. */
    DropReason receive(IgmpMessage m) {
        if (m.source() == address && address != 0) return DropReason.OWN_PACKET;
        if (m.source() != 0 && !nif.addresses().isEmpty() && !nif.onLink(m.source())) return DropReason.SOURCE_NOT_ON_LINK;
        counters.increment("in." + m.kind());
        switch (m) {
            case IgmpMessage.Query q -> onQuery(q);
            case IgmpMessage.Report r -> onOldReport(r);
            case IgmpMessage.Leave l -> {
                GroupState g = groups.get(l.group());
                if (g != null) {
                    g.lastReporter = l.source();
                    record(l.group(), RecordType.CHANGE_TO_INCLUDE_MODE, List.of(), l.source());
                }
            }
            case IgmpMessage.V3Report r -> {
                for (GroupRecord rec : r.records()) {
                    counters.increment("record." + rec.type().shortName());
                    record(rec.group(), rec.type(), rec.sources(), r.source());
                }
            }
        }
        return null;
    }

    private void onQuery(IgmpMessage.Query q) {
        if (q.version() < params.version()) {
            counters.increment("warn.olderVersionQuery");
            if (counters.get("warn.olderVersionQuery") == 1) router.log("igmp: " + nif.name() + ": IGMPv" + q.version() + " query from " + Ipv4.format(q.source())
                    + " on an IGMPv" + params.version() + " interface; configure version " + q.version() + " here (RFC 3376 §7.3.1)");
        }
        // Querier election (RFC 3376 §6.6.2): the lowest address wins. 0.0.0.0 is a snooping switch's
        // proxy query (RFC 4541 §2.1.1) and takes no part in the election.
        if (q.source() != 0 && Integer.compareUnsigned(q.source(), address) < 0
                && (querier || Integer.compareUnsigned(q.source(), querierAddress) <= 0 || !otherQuerierTimer.armed())) {
            if (querier) router.log("igmp: " + nif.name() + ": " + Ipv4.format(q.source()) + " has a lower address; this router stops querying");
            querier = false;
            querierAddress = q.source();
            generalQueryTimer.cancel();
            startupQueriesLeft = 0;
            router.arm(otherQuerierTimer, otherQuerierPresentNanos(), this::otherQuerierTimerFired);
        }
        if (querier || q.source() != querierAddress) return;
        // Non-querier: adopt the querier's robustness and interval (RFC 3376 §4.1.6, §4.1.7).
        if (q.version() == 3) {
            if (q.qrv() != 0) robustness = q.qrv();
            if (q.queryIntervalSeconds() != 0) queryIntervalSeconds = q.queryIntervalSeconds();
        }
        if (q.group() == 0 || q.suppressRouterSide()) return;
        // A specific query with S clear lowers our timers as it does the querier's (RFC 3376 §6.6.1).
        GroupState g = groups.get(q.group());
        if (g == null) return;
        heardLastMemberQueryDs = Math.max(1, q.maxRespDeciseconds());
        long lmqt = router.now() + lastMemberQueryTimeNanos();
        if (q.sources().isEmpty()) {
            if (g.mode == FilterMode.EXCLUDE && g.groupTimer > lmqt) g.groupTimer = lmqt;
        } else {
            for (int s : q.sources()) {
                Long t = g.sources.get(s);
                if (t != null && t > lmqt) g.sources.put(s, lmqt);
            }
        }
        reschedule(g);
    }

    private void onOldReport(IgmpMessage.Report r) {
        int group = r.group();
        if (Ipv4.isLinkLocalMulticast(group)) { counters.increment("ignored.linkLocalGroup"); return; }
        if (params.isSsm(group)) { counters.increment("ignored.ssmOldReport"); return; } // RFC 4604 §2.2.1
        GroupState g = groups.computeIfAbsent(group, k -> new GroupState(k, router.now()));
        long t = router.now() + olderHostPresentNanos();
        if (r.version() == 1) g.v1HostTimer = t; else g.v2HostTimer = t;
        record(group, RecordType.MODE_IS_EXCLUDE, List.of(), r.source());
    }

    /** Applies one (possibly translated) group record: RFC 3376 §6.4.1 and §6.4.2 tables, §7.3.2 compatibility. */
    void record(int group, RecordType type, List<Integer> sourceList, int reporter) {
        if (Ipv4.isLinkLocalMulticast(group)) { counters.increment("ignored.linkLocalGroup"); return; }
        long now = router.now();
        GroupState g = groups.get(group);
        int compat = g == null ? params.version() : g.compatibility(now, params.version());
        Set<Integer> b = new LinkedHashSet<>(sourceList.size());
        for (int s : sourceList) {
            if (validSource(s)) b.add(s);
            else counters.increment("ignored.invalidSource"); // 0.0.0.0, multicast, class E, loopback: never a data source
        }
        if (compat < 3) {
            if (type == RecordType.BLOCK_OLD_SOURCES) { counters.increment("ignored.compatBlock"); return; }
            if (type == RecordType.CHANGE_TO_EXCLUDE_MODE) b.clear();
            if (compat == 1 && type == RecordType.CHANGE_TO_INCLUDE_MODE) { counters.increment("ignored.compatLeave"); return; }
        }
        if (params.isSsm(group) && (type == RecordType.MODE_IS_EXCLUDE || type == RecordType.CHANGE_TO_EXCLUDE_MODE)) {
            counters.increment("ignored.ssmExclude"); // RFC 4604 §2.2.1
            return;
        }
        if (g == null) {
            boolean createsState = switch (type) {
                case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> true;
                case MODE_IS_INCLUDE, CHANGE_TO_INCLUDE_MODE, ALLOW_NEW_SOURCES -> !b.isEmpty();
                case BLOCK_OLD_SOURCES -> false;
            };
            if (!createsState) return;
            g = new GroupState(group, now);
            groups.put(group, g);
        }
        g.lastReporter = reporter;
        long gmi = now + groupMembershipNanos();
        if (g.mode == FilterMode.INCLUDE) {
            Set<Integer> a = new TreeSet<>(Integer::compareUnsigned);
            a.addAll(g.sources.keySet());
            switch (type) {
                case MODE_IS_INCLUDE, ALLOW_NEW_SOURCES -> { for (int s : b) g.sources.put(s, gmi); }
                case CHANGE_TO_INCLUDE_MODE -> {
                    for (int s : b) g.sources.put(s, gmi);
                    queryGroupSources(g, minus(a, b));
                }
                case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> {
                    g.sources.keySet().removeIf(s -> !b.contains(s));     // Delete (A-B)
                    for (int s : b) g.sources.putIfAbsent(s, STOPPED);    // (B-A)=0
                    g.mode = FilterMode.EXCLUDE;
                    g.groupTimer = gmi;
                    if (type == RecordType.CHANGE_TO_EXCLUDE_MODE) queryGroupSources(g, intersect(a, b));
                }
                case BLOCK_OLD_SOURCES -> queryGroupSources(g, intersect(a, b));
            }
        } else {
            Set<Integer> x = g.running(now);
            Set<Integer> y = g.stopped(now);
            switch (type) {
                case MODE_IS_INCLUDE, ALLOW_NEW_SOURCES -> { for (int s : b) g.sources.put(s, gmi); }
                case CHANGE_TO_INCLUDE_MODE -> {
                    for (int s : b) g.sources.put(s, gmi);
                    queryGroupSources(g, minus(x, b));
                    queryGroup(g);
                }
                case MODE_IS_EXCLUDE, CHANGE_TO_EXCLUDE_MODE -> {
                    long newTimer = type == RecordType.MODE_IS_EXCLUDE ? gmi : g.groupTimer;
                    g.sources.keySet().removeIf(s -> !b.contains(s));     // Delete (X-A), (Y-A)
                    for (int s : b) g.sources.putIfAbsent(s, newTimer);   // (A-X-Y)=GMI or Group Timer
                    if (type == RecordType.CHANGE_TO_EXCLUDE_MODE) queryGroupSources(g, minus(b, y));
                    g.groupTimer = gmi;
                }
                case BLOCK_OLD_SOURCES -> {
                    for (int s : b) g.sources.putIfAbsent(s, g.groupTimer); // (A-X-Y)=Group Timer
                    queryGroupSources(g, minus(b, y));
                }
            }
        }
        if (g.mode == FilterMode.INCLUDE && g.sources.isEmpty()) {
            deleteGroup(g);
            return;
        }
        sync(group);
        reschedule(g);
    }

    private static boolean validSource(int s) {
        return s != 0 && !Ipv4.isMulticast(s) && (s & 0xF0000000) != 0xF0000000 && (s >>> 24) != 127;
    }

    private static Set<Integer> minus(Set<Integer> a, Set<Integer> b) {
        Set<Integer> out = new TreeSet<>(Integer::compareUnsigned);
        for (int s : a) if (!b.contains(s)) out.add(s);
        return out;
    }

    private static Set<Integer> intersect(Set<Integer> a, Set<Integer> b) {
        Set<Integer> out = new TreeSet<>(Integer::compareUnsigned);
        for (int s : a) if (b.contains(s)) out.add(s);
        return out;
    }

    // ------------------------------------------------------------------ timers

    private void reschedule(GroupState g) {
        long now = router.now();
        long next = g.nextDeadline(now);
        if (next == STOPPED) {
            g.timer.cancel();
            return;
        }
        if (g.timer.armed() && g.timer.due() == next) return;
        router.arm(g.timer, next - now, () -> groupTimerFired(g));
    }

    /** Group timer, source timers and host-present timers (RFC 3376 §6.2.2, §6.3, §6.5, §7.3.2). */
    private void groupTimerFired(GroupState g) {
        if (groups.get(g.group) != g) return;
        long now = router.now();
        if (g.mode == FilterMode.EXCLUDE && g.groupTimer <= now) {
            g.mode = FilterMode.INCLUDE; // sources with running timers stay, as INCLUDE sources
            g.groupTimer = STOPPED;
        }
        if (g.mode == FilterMode.INCLUDE) g.sources.values().removeIf(t -> t <= now);
        if (g.mode == FilterMode.INCLUDE && g.sources.isEmpty()) {
            deleteGroup(g);
            return;
        }
        sync(g.group);
        reschedule(g);
    }

    private void deleteGroup(GroupState g) {
        g.cancelTimers();
        groups.remove(g.group);
        sync(g.group);
    }

    // ------------------------------------------------------------------ MGM mapping

    /**
     * Brings the MGM in line with {@code group}'s state: (*,G) while EXCLUDE, (S,G) for each INCLUDE source,
     * forward-state blocks for the excluded sources (RFC 3376 §6.3). Adds go first so that no MFE loses the
     * interface in between.
     */
    void sync(int group) {
        long now = router.now();
        GroupState g = groups.get(group);
        boolean anySource = g != null && g.mode == FilterMode.EXCLUDE;
        Set<Integer> included = g != null && g.mode == FilterMode.INCLUDE ? g.running(now) : Set.of();
        Set<Integer> blocked = anySource ? g.stopped(now) : Set.of();
        Installed in = installed.computeIfAbsent(group, k -> new Installed());
        boolean changed = false;
        for (int s : included) if (in.included.add(s)) {
            changed = true;
            router.emit(o -> o.addMembership(ifIndex, MembershipKey.sourceGroup(s, group)));
        }
        if (anySource && !in.anySource) {
            changed = true;
            in.anySource = true;
            router.emit(o -> o.addMembership(ifIndex, MembershipKey.anySource(group)));
        }
        for (int s : blocked) if (in.blocked.add(s)) {
            changed = true;
            router.emit(o -> o.blockSource(ifIndex, s, group));
        }
        for (var it = in.blocked.iterator(); it.hasNext(); ) {
            int s = it.next();
            if (blocked.contains(s)) continue;
            it.remove();
            changed = true;
            if (anySource) router.emit(o -> o.unblockSource(ifIndex, s, group));
        }
        for (var it = in.included.iterator(); it.hasNext(); ) {
            int s = it.next();
            if (included.contains(s)) continue;
            it.remove();
            changed = true;
            router.emit(o -> o.deleteMembership(ifIndex, MembershipKey.sourceGroup(s, group)));
        }
        if (!anySource && in.anySource) {
            changed = true;
            in.anySource = false;
            router.emit(o -> o.deleteMembership(ifIndex, MembershipKey.anySource(group)));
        }
        if (in.empty()) installed.remove(group);
        if (changed) router.downstreamChanged(group);
    }

    /** This interface's state for {@code group} as a host would report it: null if none. */
    HostState hostState(int group) {
        GroupState g = groups.get(group);
        if (g == null) return null;
        long now = router.now();
        return g.mode == FilterMode.EXCLUDE ? new HostState(FilterMode.EXCLUDE, g.stopped(now)) : new HostState(FilterMode.INCLUDE, g.running(now));
    }

    boolean forwards(int source, int group) {
        GroupState g = groups.get(group);
        return g != null && g.forwards(source, router.now());
    }

    // ------------------------------------------------------------------ views

    Snapshots.InterfaceInfo info(String role, boolean suspended) {
        long now = router.now();
        return new Snapshots.InterfaceInfo(nif.name(), ifIndex, Ipv4.format(address), role, params.version(), querier,
                Ipv4.format(querierAddress), otherQuerierTimer.armed() ? secondsLeft(otherQuerierTimer.due(), now) : null,
                generalQueryTimer.armed() ? secondsLeft(generalQueryTimer.due(), now) : null,
                robustness, queryIntervalSeconds, params.queryResponseIntervalDeciseconds() / 10.0,
                lastMemberQueryIntervalNanos() / 1e9, lastMemberQueryCount(), groupMembershipNanos() / 1e9,
                otherQuerierPresentNanos() / 1e9, startupQueriesLeft, groups.size(), suspended);
    }

    List<Snapshots.GroupInfo> groupInfos() {
        long now = router.now();
        List<Snapshots.GroupInfo> out = new ArrayList<>();
        for (GroupState g : groups.values()) {
            List<Snapshots.SourceInfo> sources = new ArrayList<>();
            g.sources.forEach((s, t) -> sources.add(new Snapshots.SourceInfo(Ipv4.format(s), t > now ? secondsLeft(t, now) : null, g.forwards(s, now))));
            out.add(new Snapshots.GroupInfo(Ipv4.format(g.group), nif.name(), ifIndex, g.mode.name(), g.compatibility(now, params.version()),
                    Ipv4.format(g.lastReporter), (now - g.created) / S,
                    g.mode == FilterMode.EXCLUDE && g.groupTimer > now ? secondsLeft(g.groupTimer, now) : null,
                    g.v1HostTimer > now ? secondsLeft(g.v1HostTimer, now) : null,
                    g.v2HostTimer > now ? secondsLeft(g.v2HostTimer, now) : null, sources));
        }
        return out;
    }

    boolean querier() {
        return querier;
    }

    int querierAddress() {
        return querierAddress;
    }

    static Long secondsLeft(long due, long now) {
        return (due - now + S - 1) / S;
    }

    /** One interface's group state in host terms (RFC 4605 §4.1 merges these). */
    record HostState(FilterMode mode, Set<Integer> sources) {}
}
