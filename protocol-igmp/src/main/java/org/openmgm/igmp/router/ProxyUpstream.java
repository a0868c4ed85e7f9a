package org.openmgm.igmp.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.igmp.packet.DropReason;
import org.openmgm.igmp.packet.GroupRecord;
import org.openmgm.igmp.packet.IgmpCodec;
import org.openmgm.igmp.packet.IgmpMessage;
import org.openmgm.igmp.packet.RecordType;

/**
 * The host side of an IGMP proxy on its upstream interface (RFC 4605 §4.1 and the host part of RFC 3376 §5):
 * keeps the merged membership of all downstream interfaces, sends state-change reports when it changes
 * (repeated Robustness times), answers queries with current-state reports after a random delay, and falls
 * back to IGMPv1/v2 reports while an older querier is present (RFC 3376 §7.2.1). Never queries. Called
 * under {@link IgmpRouter}'s lock.
 */
final class ProxyUpstream {
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long UNSOLICITED_REPORT_INTERVAL = S; // RFC 3376 §8.11

    final IgmpRouter router;
    final NetInterface nif;
    final int ifIndex;
    final int address;
    final IgmpParameters params;
    final Counters counters;
    private final RandomGenerator random;

    /** What the upstream has been told, per group. */
    private final Map<Integer, RouterInterface.HostState> reported = new TreeMap<>(Integer::compareUnsigned);
    /**
     * Retransmission state of a group's State-Change Report (RFC 3376 §5.1): a filter-mode change is repeated as
     * TO_EX/TO_IN of the current state; otherwise each source still to be allowed or blocked is repeated
     * Robustness times, so a second change before the retransmissions are over merges with the first.
     */
    private static final class Pending {
        int modeLeft;
        int oldVersionLeft;
        final Map<Integer, Integer> allow = new TreeMap<>(Integer::compareUnsigned);
        final Map<Integer, Integer> block = new TreeMap<>(Integer::compareUnsigned);

        boolean empty() {
            return modeLeft == 0 && oldVersionLeft == 0 && allow.isEmpty() && block.isEmpty();
        }
    }

    private final Map<Integer, Pending> pending = new TreeMap<>(Integer::compareUnsigned);
    private final TimerSlot changeTimer = new TimerSlot();
    private final TimerSlot generalResponseTimer = new TimerSlot();
    /** Group-specific responses due: group -> requested sources (empty: the whole group). */
    private final Map<Integer, Set<Integer>> groupResponses = new TreeMap<>(Integer::compareUnsigned);
    private final TimerSlot groupResponseTimer = new TimerSlot();
    private long v1QuerierUntil = GroupState.STOPPED;
    private long v2QuerierUntil = GroupState.STOPPED;
    private int querierAddress;

    ProxyUpstream(IgmpRouter router, NetInterface nif, IgmpParameters params, Counters counters, RandomGenerator random) {
        this.router = router;
        this.nif = nif;
        this.ifIndex = nif.index();
        this.address = nif.primaryAddress();
        this.params = params;
        this.counters = counters;
        this.random = random;
    }

    void stop() {
        changeTimer.cancel();
        generalResponseTimer.cancel();
        groupResponseTimer.cancel();
        // Leave everything we joined, once, so the upstream router does not wait for timeouts.
        for (var e : new ArrayList<>(reported.entrySet())) update(e.getKey(), null, 1);
    }

    /** Host compatibility mode on the upstream link (RFC 3376 §7.2.1). */
    int compatibility() {
        long now = router.now();
        return v1QuerierUntil > now ? 1 : v2QuerierUntil > now ? 2 : 3;
    }

    /** The merged downstream state of {@code group} changed to {@code state} (null: no member anywhere). */
    void update(int group, RouterInterface.HostState state, int transmissions) {
        RouterInterface.HostState old = reported.get(group);
        boolean oldEmpty = old == null || (old.mode() == FilterMode.INCLUDE && old.sources().isEmpty());
        boolean newEmpty = state == null || (state.mode() == FilterMode.INCLUDE && state.sources().isEmpty());
        if (oldEmpty && newEmpty) { reported.remove(group); return; }
        if (old != null && old.equals(state)) return;
        if (newEmpty) reported.remove(group); else reported.put(group, state);
        int compat = compatibility();
        Pending p = pending.computeIfAbsent(group, k -> new Pending());
        if (compat < 3) {
            if (oldEmpty != newEmpty) {
                if (!newEmpty) {
                    send(IgmpCodec.report(address, compat, group), "v" + compat + "Report");
                    p.oldVersionLeft = transmissions - 1; // repeat the join like a host's unsolicited report
                } else {
                    p.oldVersionLeft = 0;
                    if (compat == 2) send(IgmpCodec.leave(address, group), "v2Leave");
                }
            }
        } else {
            FilterMode oldMode = oldEmpty ? FilterMode.INCLUDE : old.mode();
            FilterMode newMode = newEmpty ? FilterMode.INCLUDE : state.mode();
            Set<Integer> before = oldEmpty ? Set.of() : old.sources();
            Set<Integer> after = newEmpty ? Set.of() : state.sources();
            if (oldMode != newMode) {
                p.modeLeft = transmissions;
                p.allow.clear();
                p.block.clear();
            } else { // RFC 3376 §5.1 table
                Set<Integer> allow = newMode == FilterMode.INCLUDE ? minus(after, before) : minus(before, after);
                Set<Integer> block = newMode == FilterMode.INCLUDE ? minus(before, after) : minus(after, before);
                for (int s : allow) { p.allow.put(s, transmissions); p.block.remove(s); }
                for (int s : block) { p.block.put(s, transmissions); p.allow.remove(s); }
            }
            List<GroupRecord> records = new ArrayList<>();
            takeRecords(group, p, records);
            if (!records.isEmpty()) sendRecords(records, "v3Report");
        }
        if (p.empty()) pending.remove(group);
        else armChangeTimer();
    }

    /** The records of one transmission of {@code group}'s pending State-Change Report; counts it down. */
    private void takeRecords(int group, Pending p, List<GroupRecord> out) {
        RouterInterface.HostState cur = reported.get(group);
        if (p.modeLeft > 0) {
            p.modeLeft--;
            boolean exclude = cur != null && cur.mode() == FilterMode.EXCLUDE;
            out.add(new GroupRecord(exclude ? RecordType.CHANGE_TO_EXCLUDE_MODE : RecordType.CHANGE_TO_INCLUDE_MODE, group,
                    cur == null ? List.of() : List.copyOf(cur.sources())));
            return;
        }
        if (!p.allow.isEmpty()) out.add(new GroupRecord(RecordType.ALLOW_NEW_SOURCES, group, List.copyOf(p.allow.keySet())));
        if (!p.block.isEmpty()) out.add(new GroupRecord(RecordType.BLOCK_OLD_SOURCES, group, List.copyOf(p.block.keySet())));
        p.allow.replaceAll((s, n) -> n - 1);
        p.allow.values().removeIf(n -> n <= 0);
        p.block.replaceAll((s, n) -> n - 1);
        p.block.values().removeIf(n -> n <= 0);
    }

    private void armChangeTimer() {
        if (!changeTimer.armed())
            router.arm(changeTimer, UNSOLICITED_REPORT_INTERVAL, this::repeatChanges);
    }

    private void repeatChanges() {
        List<GroupRecord> records = new ArrayList<>();
        int compat = compatibility();
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            int group = e.getKey();
            Pending p = e.getValue();
            if (p.oldVersionLeft > 0) {
                p.oldVersionLeft--;
                if (reported.containsKey(group)) {
                    int v = Math.min(compat, 2);
                    send(IgmpCodec.report(address, v, group), "v" + v + "Report");
                }
            }
            if (compat == 3) takeRecords(group, p, records);
            else { p.modeLeft = 0; p.allow.clear(); p.block.clear(); }
            if (p.empty()) it.remove();
        }
        if (!records.isEmpty()) sendRecords(records, "v3Report");
        if (!pending.isEmpty()) router.arm(changeTimer, UNSOLICITED_REPORT_INTERVAL, this::repeatChanges);
    }

    DropReason receive(IgmpMessage m) {
        if (m.source() == address && address != 0) return DropReason.OWN_PACKET;
        counters.increment("in." + m.kind());
        if (!(m instanceof IgmpMessage.Query q)) return null; // other hosts' reports: nothing to do for a proxy
        long now = router.now();
        querierAddress = q.source();
        long olderQuerierTimeout = params.robustness() * params.queryIntervalSeconds() * S + q.maxRespDeciseconds() * S / 10;
        if (q.version() == 1) v1QuerierUntil = now + olderQuerierTimeout;
        if (q.version() == 2) v2QuerierUntil = now + olderQuerierTimeout;
        long delay = (long) (random.nextDouble() * Math.max(1, q.maxRespDeciseconds()) * S / 10);
        if (q.general()) {
            if (!generalResponseTimer.armed() || generalResponseTimer.due() > now + delay)
                router.arm(generalResponseTimer, delay, this::answerGeneral);
        } else if (reported.containsKey(q.group())) {
            Set<Integer> want = groupResponses.computeIfAbsent(q.group(), k -> new TreeSet<>(Integer::compareUnsigned));
            want.addAll(q.sources());
            if (q.sources().isEmpty()) want.add(0); // 0 marks "the whole group"
            if (!groupResponseTimer.armed() || groupResponseTimer.due() > now + delay)
                router.arm(groupResponseTimer, delay, this::answerGroups);
        }
        return null;
    }

    private void answerGeneral() {
        int compat = compatibility();
        if (compat < 3) {
            for (int group : reported.keySet()) send(IgmpCodec.report(address, compat, group), "v" + compat + "Report");
            return;
        }
        List<GroupRecord> records = new ArrayList<>();
        reported.forEach((group, st) -> records.add(new GroupRecord(
                st.mode() == FilterMode.EXCLUDE ? RecordType.MODE_IS_EXCLUDE : RecordType.MODE_IS_INCLUDE, group, List.copyOf(st.sources()))));
        if (!records.isEmpty()) sendRecords(records, "v3Report");
    }

    private void answerGroups() {
        int compat = compatibility();
        List<GroupRecord> records = new ArrayList<>();
        for (var e : groupResponses.entrySet()) {
            RouterInterface.HostState st = reported.get(e.getKey());
            if (st == null) continue;
            if (compat < 3) { send(IgmpCodec.report(address, compat, e.getKey()), "v" + compat + "Report"); continue; }
            Set<Integer> asked = e.getValue();
            if (asked.contains(0)) {
                records.add(new GroupRecord(st.mode() == FilterMode.EXCLUDE ? RecordType.MODE_IS_EXCLUDE : RecordType.MODE_IS_INCLUDE,
                        e.getKey(), List.copyOf(st.sources())));
            } else { // RFC 3376 §5.2: answer a group-and-source query with the asked sources we want
                List<Integer> wanted = new ArrayList<>();
                for (int s : asked) if (st.mode() == FilterMode.INCLUDE ? st.sources().contains(s) : !st.sources().contains(s)) wanted.add(s);
                if (!wanted.isEmpty()) records.add(new GroupRecord(RecordType.MODE_IS_INCLUDE, e.getKey(), wanted));
            }
        }
        groupResponses.clear();
        if (!records.isEmpty()) sendRecords(records, "v3Report");
    }

    private void sendRecords(List<GroupRecord> records, String kind) {
        for (byte[] p : IgmpCodec.v3Reports(address, records, nif.mtu() > 0 ? nif.mtu() : 1500)) send(p, kind);
    }

    private void send(byte[] p, String kind) {
        counters.increment("out." + kind);
        router.emit(o -> o.send(ifIndex, p));
    }

    List<Snapshots.UpstreamGroupInfo> groupInfos() {
        List<Snapshots.UpstreamGroupInfo> out = new ArrayList<>();
        reported.forEach((g, st) -> out.add(new Snapshots.UpstreamGroupInfo(Ipv4.format(g), nif.name(), st.mode().name(),
                st.sources().stream().map(Ipv4::format).toList())));
        return out;
    }

    Snapshots.InterfaceInfo info(boolean suspended) {
        return new Snapshots.InterfaceInfo(nif.name(), ifIndex, Ipv4.format(address), "proxy-upstream", compatibility(), false,
                Ipv4.format(querierAddress), null, null, params.robustness(), params.queryIntervalSeconds(),
                params.queryResponseIntervalDeciseconds() / 10.0, params.lastMemberQueryIntervalDeciseconds() / 10.0,
                params.effectiveLastMemberQueryCount(), 0, 0, 0, reported.size(), suspended);
    }

    private static Set<Integer> minus(Set<Integer> a, Set<Integer> b) {
        Set<Integer> out = new TreeSet<>(Integer::compareUnsigned);
        for (int s : a) if (!b.contains(s)) out.add(s);
        return out;
    }
}
