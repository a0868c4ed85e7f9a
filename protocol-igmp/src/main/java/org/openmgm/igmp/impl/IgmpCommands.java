package org.openmgm.igmp.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code igmp:*} Gogo commands; each prints a table, or JSON with {@code -j}/{@code --json}. */
@Component(service = IgmpCommands.class, property = {
        "osgi.command.scope=igmp",
        "osgi.command.function=interfaces", "osgi.command.function=groups",
        "osgi.command.function=sources", "osgi.command.function=stats"})
public final class IgmpCommands {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final IgmpViews views;

    @Activate
    public IgmpCommands(@Reference IgmpComponent component) {
        this.views = new IgmpViews(component.protocol());
    }

    /** For tests: commands over a protocol without OSGi. */
    public IgmpCommands(IgmpProtocol protocol) {
        this.views = new IgmpViews(protocol);
    }

    @Descriptor("IGMP interfaces: role, version, querier, timers")
    public String interfaces(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        List<IgmpViews.Interface> list = views.interfaces();
        if (json) return json(list);
        StringBuilder b = new StringBuilder(String.format("%-12s %5s %-16s %-16s %3s %-8s %-16s %6s %5s %4s %6s %6s%n",
                "INTERFACE", "INDEX", "ADDRESS", "ROLE", "VER", "QUERIER", "QUERIER-ADDR", "QI", "QRI", "RV", "GMI", "GROUPS"));
        for (var i : list)
            b.append(String.format("%-12s %5d %-16s %-16s %3d %-8s %-16s %6d %5.1f %4d %6.1f %6d%s%n", i.interfaceName(), i.ifIndex(), i.address(),
                    i.role(), i.version(), i.querier() ? "yes" : "no", i.querierAddress(), i.queryIntervalSeconds(),
                    i.queryResponseIntervalSeconds(), i.robustness(), i.groupMembershipIntervalSeconds(), i.groups(),
                    i.suspended() ? "  (suspended)" : ""));
        return b.toString();
    }

    @Descriptor("IGMP groups per interface: mode, last reporter, uptime, expiry")
    public String groups(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        List<IgmpViews.Group> list = views.groups();
        if (json) return json(list);
        StringBuilder b = new StringBuilder(String.format("%-16s %-12s %-8s %-7s %3s %-16s %8s %8s %7s%n",
                "GROUP", "INTERFACE", "ROLE", "MODE", "VER", "REPORTER", "UPTIME", "EXPIRES", "SOURCES"));
        for (var g : list)
            b.append(String.format("%-16s %-12s %-8s %-7s %3s %-16s %8s %8s %7d%n", g.group(), g.interfaceName(), g.role(), g.mode(),
                    g.version() == null ? "-" : g.version().toString(), g.reporter() == null ? "-" : g.reporter(),
                    g.uptimeSeconds() == null ? "-" : g.uptimeSeconds() + "s", g.expiresSeconds() == null ? "-" : g.expiresSeconds() + "s", g.sources()));
        return b.toString();
    }

    @Descriptor("IGMPv3 source records: forwarding or excluded, with their timers")
    public String sources(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        List<IgmpViews.Source> list = views.sources();
        if (json) return json(list);
        StringBuilder b = new StringBuilder(String.format("%-16s %-16s %-12s %-7s %-10s %8s%n", "SOURCE", "GROUP", "INTERFACE", "MODE", "STATE", "EXPIRES"));
        for (var s : list)
            b.append(String.format("%-16s %-16s %-12s %-7s %-10s %8s%n", s.source(), s.group(), s.interfaceName(), s.mode(), s.state(),
                    s.expiresSeconds() == null ? "-" : s.expiresSeconds() + "s"));
        return b.toString();
    }

    @Descriptor("IGMP statistics: messages in and out by type, drops by reason, MGM calls")
    public String stats(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        IgmpViews.Stats s = views.stats();
        if (json) return json(s);
        StringBuilder b = new StringBuilder();
        section(b, "total", s.total());
        for (var i : s.interfaces()) section(b, i.interfaceName() + " (ifIndex " + i.ifIndex() + ")", i.counters());
        b.append("mgm:");
        s.mgm().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.append('\n').toString();
    }

    private static void section(StringBuilder b, String title, IgmpViews.CounterSet c) {
        b.append(title).append(":\n");
        line(b, "in", c.in());
        line(b, "out", c.out());
        line(b, "records", c.records());
        line(b, "drops", c.drops());
        line(b, "ignored", c.ignored());
        line(b, "warnings", c.warnings());
    }

    private static void line(StringBuilder b, String name, Map<String, Long> m) {
        if (m.isEmpty()) return;
        b.append("  ").append(name).append(':');
        m.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        b.append('\n');
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output failed: " + e.getMessage());
        }
    }
}
