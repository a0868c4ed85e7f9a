package org.openmgm.core.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.InterfaceView;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MfeStats;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmService;
import org.openmgm.api.OifStats;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.core.MgmComponent;
import org.openmgm.core.MgmConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code mgm:*} Gogo commands. Every command prints text for people, or with {@code -j}/{@code --json}
 * the JSON shapes of {@link Views}. Bad arguments fail with IllegalArgumentException and a one-line message.
 */
@Component(service = MgmCommands.class, property = {
        "osgi.command.scope=mgm",
        "osgi.command.function=protocols", "osgi.command.function=interfaces", "osgi.command.function=groups",
        "osgi.command.function=mfes", "osgi.command.function=mfe", "osgi.command.function=mfestats",
        "osgi.command.function=join", "osgi.command.function=leave", "osgi.command.function=statics",
        "osgi.command.function=config"})
public final class MgmCommands {
    private static final int PAGE = 256;

    /** Loaded on the first JSON output, not while the router starts (Jackson's set-up costs ~100 ms of class loading). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final MgmService mgm;
    private final StaticMemberships statics;
    private final InterfaceNames names;
    private volatile PacketIo packetIo;

    @Activate
    public MgmCommands(@Reference MgmService mgm, @Reference StaticMemberships statics) {
        this.mgm = mgm;
        this.statics = statics;
        this.names = new InterfaceNames(() -> packetIo);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindPacketIo(PacketIo io) {
        packetIo = io;
    }

    void unbindPacketIo(PacketIo io) {
        if (packetIo == io) packetIo = null;
    }

    // ---- protocols ------------------------------------------------------------------------

    @Descriptor("registered protocols with their interfaces")
    public String protocols(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        List<Views.Protocol> list = new ArrayList<>();
        for (ProtocolView p : mgm.protocols()) {
            List<Views.IfRef> ifs = p.interfaces().stream().map(k -> new Views.IfRef(names.name(k.ifIndex()), k.ifIndex(), nextHop(k))).toList();
            list.add(new Views.Protocol(nameOf(p), p.name(), p.id().protocolId(), p.id().componentId(), p.igmp(), ifs, p.callbackFaults()));
        }
        if (json) return json(new Views.Protocols(list));
        Table t = new Table("PROTOCOL", "ID", "COMPONENT", "IGMP", "INTERFACES", "FAULTS");
        for (Views.Protocol p : list) {
            t.row(p.protocol(), p.protocolId(), p.componentId(), p.igmp() ? "yes" : "no",
                    p.interfaces().isEmpty() ? "-" : String.join(",", p.interfaces().stream().map(i -> label(i.name(), i.nextHop())).toList()),
                    p.callbackFaults());
        }
        return t.toString(list.size() + " protocol(s)");
    }

    // ---- interfaces -----------------------------------------------------------------------

    @Descriptor("interfaces known to the MGM with their owners")
    public String interfaces(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        Map<ProtocolId, String> protocolNames = protocolNames();
        List<Views.Interface> list = new ArrayList<>();
        for (InterfaceView v : mgm.interfaces()) {
            list.add(new Views.Interface(names.name(v.iface().ifIndex()), v.iface().ifIndex(), nextHop(v.iface()),
                    owner(v.routingOwner(), protocolNames), owner(v.igmp(), protocolNames), v.igmpEnabled(), v.memberships()));
        }
        if (json) return json(new Views.Interfaces(list));
        Table t = new Table("INTERFACE", "IFINDEX", "OWNER", "IGMP", "MEMBERSHIPS");
        for (Views.Interface i : list) {
            t.row(label(i.name(), i.nextHop()), i.ifIndex(), ownerText(i.owner()),
                    i.igmp() == null ? "-" : ownerText(i.igmp()) + (i.igmpEnabled() ? "" : " (disabled)"), i.memberships());
        }
        return t.toString(list.size() + " interface(s)");
    }

    // ---- groups ---------------------------------------------------------------------------

    @Descriptor("group memberships: who holds which (S,G), (*,G) or (*,*) on which interface")
    public String groups(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        Map<ProtocolId, String> protocolNames = protocolNames();
        List<Views.Group> list = new ArrayList<>();
        for (MembershipView m : mgm.memberships()) {
            MembershipKey k = m.key();
            Views.Owner holder = owner(m.holder(), protocolNames);
            list.add(new Views.Group(k.groupMask() == 0 ? null : Ipv4.format(k.group()), k.sourceMask() == 0 ? null : Ipv4.format(k.source()),
                    names.name(m.iface().ifIndex()), m.iface().ifIndex(), nextHop(m.iface()),
                    holder == null ? null : holder.protocol(), holder, owner(m.attributedTo(), protocolNames)));
        }
        if (json) return json(new Views.Groups(list));
        Table t = new Table("GROUP", "SOURCE", "INTERFACE", "HOLDER", "COUNTED FOR");
        for (Views.Group g : list) {
            t.row(g.group() == null ? "*" : g.group(), g.source() == null ? "*" : g.source(), label(g.name(), g.nextHop()),
                    ownerText(g.holder()), ownerText(g.attributedTo()));
        }
        return t.toString(list.size() + " membership(s)");
    }

    // ---- mfes / mfe -------------------------------------------------------------------------

    @Descriptor("multicast forwarding entries, like show ip mroute")
    public String mfes(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        Map<ProtocolId, String> protocolNames = protocolNames();
        List<Views.Mfe> list = new ArrayList<>();
        for (MfeStats s : allStats()) list.add(mfeView(s.mfe(), s, protocolNames));
        if (json) return json(new Views.Mfes(list));
        StringBuilder sb = new StringBuilder();
        sb.append("Flags: F - forwarding, N - negative (no outgoing interface), O - incoming interface has no owner\n");
        for (Views.Mfe m : list) sb.append('\n').append(mfeText(m));
        return sb.append('\n').append(list.size()).append(" MFE(s)\n").toString();
    }

    @Descriptor("one multicast forwarding entry")
    public String mfe(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json,
                      @Descriptor("source address") String source, @Descriptor("group address") String group) {
        SourceGroup sg = sourceGroup(source, group);
        MfeStats s;
        try {
            s = mgm.mfeStats(sg);
        } catch (MgmException e) {
            if (e.error() == MgmError.NOT_FOUND) throw new IllegalArgumentException("no MFE for " + sg);
            throw e;
        }
        Views.Mfe m = mfeView(s.mfe(), s, protocolNames());
        return json ? json(m) : mfeText(m);
    }

    @Descriptor("(too few arguments: prints the usage)")
    public String mfe(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        throw new IllegalArgumentException("usage: mgm:mfe [-j] SOURCE GROUP");
    }

    @Descriptor("(too few arguments: prints the usage)")
    public String mfe(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json, String source) {
        throw new IllegalArgumentException("usage: mgm:mfe [-j] SOURCE GROUP");
    }

    // ---- mfestats -------------------------------------------------------------------------

    @Descriptor("forwarding counters of every MFE (or of one: SOURCE GROUP)")
    public String mfestats(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return mfeStatsOf(allStats(), json);
    }

    @Descriptor("forwarding counters of one MFE")
    public String mfestats(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json,
                           @Descriptor("source address") String source, @Descriptor("group address") String group) {
        SourceGroup sg = sourceGroup(source, group);
        try {
            return mfeStatsOf(List.of(mgm.mfeStats(sg)), json);
        } catch (MgmException e) {
            if (e.error() == MgmError.NOT_FOUND) throw new IllegalArgumentException("no MFE for " + sg);
            throw e;
        }
    }

    private String mfeStatsOf(List<MfeStats> stats, boolean json) {
        List<Views.MfeStats> list = new ArrayList<>();
        for (MfeStats s : stats) {
            Mfe m = s.mfe();
            List<Views.OutgoingStats> outs = s.outgoing().stream()
                    .map(o -> new Views.OutgoingStats(names.name(o.iface().ifIndex()), o.iface().ifIndex(), nextHop(o.iface()),
                            o.outPackets(), o.outDiscards(), o.ttlTooLow(), o.fragNeeded())).toList();
            InterfaceKey iif = m.incomingInterface();
            list.add(new Views.MfeStats(Ipv4.format(m.source()), Ipv4.format(m.group()), iif == null ? null : names.name(iif.ifIndex()),
                    iif == null ? 0 : iif.ifIndex(), s.inPackets(), s.inOctets(), s.packetsDifferentIf(), s.queueOverflow(),
                    s.uninitializedMfe(), s.negativeMfe(), s.inDiscards(), s.inHeaderErrors(), s.totalOutPackets(), outs));
        }
        if (json) return json(new Views.MfeStatsList(list));
        Table t = new Table("SOURCE", "GROUP", "IIF", "PACKETS", "BYTES", "WRONG-IF", "DISCARDS", "HDR-ERR", "OUT-PACKETS");
        for (Views.MfeStats s : list) {
            t.row(s.source(), s.group(), s.name() == null ? "-" : s.name(), s.packets(), s.bytes(), s.packetsDifferentIf(),
                    s.inDiscards(), s.inHeaderErrors(), s.outPackets());
            for (Views.OutgoingStats o : s.outgoing()) {
                t.row("", "  -> " + label(o.name(), o.nextHop()), "", o.packets(), "", "", o.discards(), "",
                        "ttl<thr " + o.ttlTooLow() + ", frag " + o.fragNeeded());
            }
        }
        return t.toString(list.size() + " MFE(s)");
    }

    // ---- join / leave / statics -----------------------------------------------------------------

    @Descriptor("add a static membership (held by the built-in static client, saved in etc/org.openmgm.static.cfg)")
    public String join(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json,
                       @Descriptor("group address") String group, @Descriptor("interface name (or if<ifIndex>)") String iface) {
        return joinOrLeave(true, json, StaticEntry.of(group, iface, null));
    }

    @Descriptor("add a source-specific static membership")
    public String join(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json,
                       @Descriptor("group address") String group, @Descriptor("interface name (or if<ifIndex>)") String iface,
                       @Descriptor("source address") String source) {
        return joinOrLeave(true, json, StaticEntry.of(group, iface, source));
    }

    @Descriptor("(too few arguments: prints the usage)")
    public String join(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        throw new IllegalArgumentException("usage: mgm:join [-j] GROUP INTERFACE [SOURCE]");
    }

    @Descriptor("(too few arguments: prints the usage)")
    public String join(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json, String group) {
        throw new IllegalArgumentException("usage: mgm:join [-j] GROUP INTERFACE [SOURCE]");
    }

    @Descriptor("remove a static membership")
    public String leave(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json,
                        @Descriptor("group address") String group, @Descriptor("interface name (or if<ifIndex>)") String iface) {
        return joinOrLeave(false, json, StaticEntry.of(group, iface, null));
    }

    @Descriptor("remove a source-specific static membership")
    public String leave(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json,
                        @Descriptor("group address") String group, @Descriptor("interface name (or if<ifIndex>)") String iface,
                        @Descriptor("source address") String source) {
        return joinOrLeave(false, json, StaticEntry.of(group, iface, source));
    }

    @Descriptor("(too few arguments: prints the usage)")
    public String leave(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        throw new IllegalArgumentException("usage: mgm:leave [-j] GROUP INTERFACE [SOURCE]");
    }

    @Descriptor("(too few arguments: prints the usage)")
    public String leave(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json, String group) {
        throw new IllegalArgumentException("usage: mgm:leave [-j] GROUP INTERFACE [SOURCE]");
    }

    private String joinOrLeave(boolean join, boolean json, StaticEntry e) {
        Views.Static s = join ? statics.join(e) : statics.leave(e);
        if (json) return json(s);
        String what = "(" + (s.source() == null ? "*" : s.source()) + ", " + s.group() + ") on " + s.name();
        return switch (s.state()) {
            case "active" -> "static membership " + what + " is active\n";
            case "removed" -> "static membership " + what + " removed\n";
            default -> "static membership " + what + " saved but pending: " + s.reason() + "\n";
        };
    }

    @Descriptor("configured static memberships and whether each is in force")
    public String statics(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        List<Views.Static> list = statics.list();
        if (json) return json(new Views.Statics(list));
        Table t = new Table("GROUP", "SOURCE", "INTERFACE", "STATE", "REASON");
        for (Views.Static s : list) t.row(s.group(), s.source() == null ? "*" : s.source(), s.name(), s.state(), s.reason() == null ? "" : s.reason());
        return t.toString(list.size() + " static membership(s)");
    }

    // ---- config -----------------------------------------------------------------------------

    @Descriptor("the MGM settings in force (PID org.openmgm.core)")
    public String config(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        if (!(mgm instanceof MgmComponent c)) throw new IllegalArgumentException("the MGM service does not expose its settings");
        MgmConfig cfg = c.engine().config();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("wrongInterfaceMode", cfg.wrongInterfaceMode().name());
        values.put("wrongInterfaceIntervalMillis", cfg.wrongInterfaceIntervalMillis());
        values.put("defaultMfeTimeoutSeconds", cfg.defaultMfeTimeoutSeconds());
        values.put("igmpProtocolId", cfg.igmpProtocolId());
        values.put("attributeToOwner", cfg.attributeToOwner());
        values.put("strictForwardState", cfg.strictForwardState());
        values.put("strictSetMfe", cfg.strictSetMfe());
        values.put("refreshOnTraffic", cfg.refreshOnTraffic());
        values.put("maxMfes", cfg.maxMfes());
        values.put("maxGroupsPerInterface", cfg.maxGroupsPerInterface());
        values.put("sweepIntervalMillis", cfg.sweepIntervalMillis());
        values.put("creationAlerts", cfg.creationAlerts().name());
        if (json) return json(values);
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private List<MfeStats> allStats() {
        List<MfeStats> all = new ArrayList<>();
        SourceGroup after = null;
        while (true) {
            List<MfeStats> page = mgm.mfeStats(after, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) return all;
            after = page.get(page.size() - 1).mfe().sourceGroup();
        }
    }

    Views.Mfe mfeView(Mfe m, MfeStats s, Map<ProtocolId, String> protocolNames) {
        InterfaceKey iif = m.incomingInterface();
        Views.Incoming in = iif == null ? null
                : new Views.Incoming(names.name(iif.ifIndex()), iif.ifIndex(), nextHop(iif), owner(m.incomingOwner(), protocolNames));
        Map<InterfaceKey, Long> outPackets = new HashMap<>();
        if (s != null) for (OifStats o : s.outgoing()) outPackets.put(o.iface(), o.outPackets());
        List<Views.Outgoing> outs = new ArrayList<>();
        for (OifView o : m.outgoing()) {
            outs.add(new Views.Outgoing(names.name(o.iface().ifIndex()), o.iface().ifIndex(), nextHop(o.iface()),
                    owner(o.owner(), protocolNames), outPackets.get(o.iface())));
        }
        List<String> flags = new ArrayList<>();
        flags.add(m.negative() ? "N" : "F");
        if (m.incomingOwner() == null) flags.add("O");
        RouteInfo r = m.route();
        Views.Route route = r == null || r.equals(RouteInfo.NONE) ? null
                : new Views.Route(Ipv4.format(r.network()), Math.max(Ipv4.prefixLength(r.mask()), 0), r.protocol());
        return new Views.Mfe(Ipv4.format(m.source()), Ipv4.format(m.group()), in,
                m.upstreamNeighbor() == 0 ? null : Ipv4.format(m.upstreamNeighbor()), route, outs, flags,
                m.negative() ? "negative" : "forwarding", m.upTimeSeconds(),
                m.timeoutSeconds() <= 0 ? null : Long.valueOf(m.expirySeconds()), m.timeoutSeconds(),
                s == null ? null : s.inPackets(), s == null ? null : s.inOctets());
    }

    static String mfeText(Views.Mfe m) {
        StringBuilder sb = new StringBuilder();
        sb.append('(').append(m.source()).append(", ").append(m.group()).append("), uptime ").append(duration(m.uptimeSeconds()))
                .append(", expires ").append(m.expiresSeconds() == null ? "never" : duration(m.expiresSeconds()))
                .append(", flags: ").append(String.join("", m.flags())).append('\n');
        Views.Incoming in = m.incoming();
        sb.append("  Incoming interface: ").append(in == null ? "none" : label(in.name(), in.nextHop()) + " (owner " + ownerText(in.owner()) + ")")
                .append(", RPF nbr ").append(m.neighbor() == null ? "0.0.0.0" : m.neighbor());
        if (m.route() != null) sb.append(", route ").append(m.route().network()).append('/').append(m.route().prefixLength())
                .append(" proto ").append(m.route().protocol());
        sb.append('\n').append("  Outgoing interface list:");
        if (m.outgoing().isEmpty()) sb.append(" Null");
        sb.append('\n');
        for (Views.Outgoing o : m.outgoing()) {
            sb.append("    ").append(label(o.name(), o.nextHop())).append(" (owner ").append(ownerText(o.owner())).append(')');
            if (o.packets() != null) sb.append(", ").append(o.packets()).append(" packets");
            sb.append('\n');
        }
        if (m.packets() != null) sb.append("  Packets: ").append(m.packets()).append(" in, ").append(m.bytes()).append(" bytes\n");
        return sb.toString();
    }

    private Map<ProtocolId, String> protocolNames() {
        Map<ProtocolId, String> map = new HashMap<>();
        for (ProtocolView p : mgm.protocols()) map.put(p.id(), nameOf(p));
        return map;
    }

    /**
     * The operator's short name of a protocol: whiteboard protocols are registered under their DS component
     * name (a class name such as org.openmgm.pim.internal.PimComponent), shown as "pim".
     */
    static String nameOf(ProtocolView p) {
        String n = p.name();
        if (n == null || n.isBlank()) return "protocol-" + p.id().protocolId();
        int dot = n.lastIndexOf('.');
        if (dot < 0 || dot == n.length() - 1 || !Character.isUpperCase(n.charAt(dot + 1))) return n;
        String simple = n.substring(dot + 1);
        if (simple.endsWith("Component") && simple.length() > "Component".length()) simple = simple.substring(0, simple.length() - "Component".length());
        return simple.toLowerCase(java.util.Locale.ROOT);
    }

    private static Views.Owner owner(ProtocolId id, Map<ProtocolId, String> protocolNames) {
        if (id == null) return null;
        return new Views.Owner(protocolNames.getOrDefault(id, "protocol-" + id.protocolId()), id.protocolId(), id.componentId());
    }

    private static String ownerText(Views.Owner o) {
        return o == null ? "none" : o.protocol() + " " + o.protocolId() + "/" + o.componentId();
    }

    private static String nextHop(InterfaceKey k) {
        return k.nextHop() == 0 ? null : Ipv4.format(k.nextHop());
    }

    private static String label(String name, String nextHop) {
        return nextHop == null ? name : name + "/" + nextHop;
    }

    static SourceGroup sourceGroup(String source, String group) {
        int s = Ipv4.parse(source);
        int g = Ipv4.parse(group);
        if (!Ipv4.isMulticast(g)) throw new IllegalArgumentException("group " + group + " is not a multicast address (224.0.0.0/4)");
        return new SourceGroup(s, g);
    }

    static String duration(long seconds) {
        long h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
        return h >= 24 ? (h / 24) + "d" + String.format("%02dh", h % 24) : String.format("%02d:%02d:%02d", h, m, s);
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output failed: " + e.getOriginalMessage());
        }
    }

    /** A left-aligned text table with a footer line. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(Object... cells) {
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) r[i] = String.valueOf(cells[i]);
            rows.add(r);
        }

        String toString(String footer) {
            int n = rows.get(0).length;
            int[] w = new int[n];
            for (String[] r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], r[i].length());
            StringBuilder sb = new StringBuilder();
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    line.append(r[i]);
                    if (i < n - 1) line.append(" ".repeat(w[i] - r[i].length() + 2));
                }
                sb.append(line.toString().stripTrailing()).append('\n');
            }
            return sb.append(footer).append('\n').toString();
        }
    }
}
