package org.openmgm.igmp.impl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmgm.igmp.router.Counters;
import org.openmgm.igmp.router.IgmpRouter;
import org.openmgm.igmp.router.Snapshots;

/** The JSON shapes of the igmp:* commands (camelCase; common names: interface, ifIndex, group, source, ...Seconds). */
final class IgmpViews {
    private final IgmpProtocol protocol;

    IgmpViews(IgmpProtocol protocol) {
        this.protocol = protocol;
    }

    record Interface(@JsonProperty("interface") String interfaceName, int ifIndex, String address, String role, int version,
                     boolean querier, String querierAddress, Long otherQuerierExpiresSeconds, Long nextQuerySeconds,
                     int robustness, int queryIntervalSeconds, double queryResponseIntervalSeconds,
                     double lastMemberQueryIntervalSeconds, int lastMemberQueryCount, double groupMembershipIntervalSeconds,
                     double otherQuerierPresentIntervalSeconds, int startupQueriesLeft, int groups, boolean suspended) {}

    record Group(String group, @JsonProperty("interface") String interfaceName, int ifIndex, String role, String mode,
                 Integer version, String reporter, Long uptimeSeconds, Long expiresSeconds, Long v1HostExpiresSeconds,
                 Long v2HostExpiresSeconds, int sources) {}

    record Source(String source, String group, @JsonProperty("interface") String interfaceName, int ifIndex, String mode,
                  String state, boolean forwarding, Long expiresSeconds) {}

    record CounterSet(Map<String, Long> in, Map<String, Long> out, Map<String, Long> records, Map<String, Long> drops,
                      Map<String, Long> ignored, Map<String, Long> warnings) {}

    record InterfaceStats(@JsonProperty("interface") String interfaceName, int ifIndex, CounterSet counters) {}

    record Stats(CounterSet total, List<InterfaceStats> interfaces, Map<String, Long> mgm) {}

    List<Interface> interfaces() {
        List<Interface> out = new ArrayList<>();
        for (Snapshots.InterfaceInfo i : protocol.router().interfaces())
            out.add(new Interface(i.name(), i.ifIndex(), i.address(), i.role(), i.version(), i.querier(), i.querierAddress(),
                    i.otherQuerierExpiresSeconds(), i.nextQuerySeconds(), i.robustness(), i.queryIntervalSeconds(),
                    i.queryResponseIntervalSeconds(), i.lastMemberQueryIntervalSeconds(), i.lastMemberQueryCount(),
                    i.groupMembershipIntervalSeconds(), i.otherQuerierPresentIntervalSeconds(), i.startupQueriesLeft(), i.groups(), i.suspended()));
        return out;
    }

    List<Group> groups() {
        IgmpRouter r = protocol.router();
        List<Group> out = new ArrayList<>();
        for (Snapshots.GroupInfo g : r.groups())
            out.add(new Group(g.group(), g.interfaceName(), g.ifIndex(), "router", g.mode(), g.compatibilityVersion(), g.reporter(),
                    g.uptimeSeconds(), g.expiresSeconds(), g.v1HostExpiresSeconds(), g.v2HostExpiresSeconds(), g.sources().size()));
        for (Snapshots.UpstreamGroupInfo u : r.upstreamGroups()) {
            int idx = r.interfaces().stream().filter(i -> i.name().equals(u.interfaceName())).mapToInt(Snapshots.InterfaceInfo::ifIndex).findFirst().orElse(0);
            out.add(new Group(u.group(), u.interfaceName(), idx, "upstream", u.mode(), null, null, null, null, null, null, u.sources().size()));
        }
        return out;
    }

    List<Source> sources() {
        List<Source> out = new ArrayList<>();
        for (Snapshots.GroupInfo g : protocol.router().groups())
            for (Snapshots.SourceInfo s : g.sources())
                out.add(new Source(s.source(), g.group(), g.interfaceName(), g.ifIndex(), g.mode(),
                        s.forwarding() ? "forwarding" : "excluded", s.forwarding(), s.expiresSeconds()));
        return out;
    }

    Stats stats() {
        IgmpRouter r = protocol.router();
        List<InterfaceStats> ifs = new ArrayList<>();
        for (var e : r.interfaceCounters().entrySet()) {
            String name = r.interfaceName(e.getKey());
            ifs.add(new InterfaceStats(name == null ? "if" + e.getKey() : name, e.getKey(), set(e.getValue())));
        }
        // The totals: per-interface counters summed, plus drops and ignored types counted before an interface is known.
        Map<String, Long> in = new java.util.TreeMap<>(), out = new java.util.TreeMap<>(), rec = new java.util.TreeMap<>();
        Map<String, Long> ignored = new java.util.TreeMap<>(), warn = new java.util.TreeMap<>();
        for (InterfaceStats s : ifs) {
            s.counters().in().forEach((k, v) -> in.merge(k, v, Long::sum));
            s.counters().out().forEach((k, v) -> out.merge(k, v, Long::sum));
            s.counters().records().forEach((k, v) -> rec.merge(k, v, Long::sum));
            s.counters().ignored().forEach((k, v) -> ignored.merge(k, v, Long::sum));
            s.counters().warnings().forEach((k, v) -> warn.merge(k, v, Long::sum));
        }
        Counters g = r.globalCounters();
        g.withPrefix("ignored").forEach((k, v) -> ignored.merge(k, v, Long::sum)); // DVMRP and mtrace types
        CounterSet total = new CounterSet(in, out, rec, g.withPrefix("drop"), ignored, warn);
        return new Stats(total, ifs, protocol.mgmCounters());
    }

    private static CounterSet set(Counters c) {
        return new CounterSet(c.withPrefix("in"), c.withPrefix("out"), c.withPrefix("record"), c.withPrefix("drop"), c.withPrefix("ignored"),
                c.withPrefix("warn"));
    }
}
