package org.openmgm.dvmrp.osgi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.openmgm.dvmrp.core.DvmrpRouter;
import org.openmgm.dvmrp.core.Views;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code dvmrp:*} Gogo commands: neighbors, routes, prunes, stats; each with {@code -j} for JSON. */
@Component(service = DvmrpCommands.class, property = {
        "osgi.command.scope=dvmrp",
        "osgi.command.function=neighbors", "osgi.command.function=routes",
        "osgi.command.function=prunes", "osgi.command.function=stats"})
public final class DvmrpCommands {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DvmrpComponent dvmrp;

    public DvmrpCommands() {}

    DvmrpCommands(DvmrpComponent c) {
        this.dvmrp = c;
    }

    private DvmrpRouter router() {
        DvmrpComponent c = dvmrp;
        if (c == null) throw new IllegalStateException("DVMRP is not running (configure org.openmgm.dvmrp with interfaces=...)");
        return c.router();
    }

    @Descriptor("DVMRP neighbours: address, generation id, capabilities, two-way or not, expiry")
    public String neighbors(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return neighbors(router(), json);
    }

    @Descriptor("the DVMRP routing table (the multicast RIB it publishes, and injected routes): metric, upstream, designated forwarder, dependents")
    public String routes(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return routes(router(), json);
    }

    @Descriptor("prunes received from downstream neighbours, prunes sent upstream, grafts waiting for their ack")
    public String prunes(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return prunes(router(), json);
    }

    @Descriptor("DVMRP packet counters: received and sent by kind, dropped by reason, protocol events")
    public String stats(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return stats(router(), json);
    }

    // --- formatting (static: testable without OSGi) --------------------------------------------

    static String neighbors(DvmrpRouter r, boolean json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Views.NeighborView n : r.neighbors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interface", n.iface());
            m.put("ifIndex", n.ifIndex());
            m.put("neighbor", n.neighbor());
            m.put("state", n.twoWay() ? "two-way" : "one-way");
            m.put("generationId", n.generationId());
            m.put("version", n.version());
            m.put("capabilities", n.capabilities());
            m.put("uptimeSeconds", n.uptimeSeconds());
            m.put("expiresSeconds", n.expiresSeconds());
            m.put("protocol", "dvmrp");
            rows.add(m);
        }
        if (json) return toJson(rows);
        StringBuilder sb = new StringBuilder(String.format("%-12s %-16s %-8s %-7s %-12s %-22s %7s %7s%n",
                "INTERFACE", "NEIGHBOR", "STATE", "VERSION", "GENID", "CAPABILITIES", "UPTIME", "EXPIRES"));
        for (Views.NeighborView n : r.neighbors())
            sb.append(String.format("%-12s %-16s %-8s %-7s %-12d %-22s %7d %7s%n", n.iface(), n.neighbor(), n.twoWay() ? "two-way" : "one-way",
                    n.version(), n.generationId(), String.join(",", n.capabilities()), n.uptimeSeconds(), dash(n.expiresSeconds())));
        return sb.toString();
    }

    static String routes(DvmrpRouter r, boolean json) {
        List<Views.RouteView> routes = r.routes();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Views.RouteView v : routes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("network", v.network());
                m.put("interface", v.iface());
                m.put("ifIndex", v.ifIndex());
                m.put("neighbor", v.neighbor());
                m.put("metric", v.metric());
                m.put("state", v.state());
                m.put("uptimeSeconds", v.uptimeSeconds());
                m.put("expiresSeconds", v.expiresSeconds());
                m.put("designatedForwarderOn", v.designatedForwarderOn());
                m.put("dependents", v.dependents());
                m.put("protocol", "dvmrp");
                rows.add(m);
            }
            return toJson(rows);
        }
        StringBuilder sb = new StringBuilder(String.format("%-18s %6s %-9s %-12s %-16s %7s  %-24s %s%n",
                "NETWORK", "METRIC", "STATE", "INTERFACE", "NEIGHBOR", "EXPIRES", "FORWARDER-ON", "DEPENDENTS"));
        for (Views.RouteView v : routes) {
            List<String> deps = new ArrayList<>();
            v.dependents().forEach((i, l) -> l.forEach(n -> deps.add(i + ":" + n)));
            sb.append(String.format("%-18s %6d %-9s %-12s %-16s %7s  %-24s %s%n", v.network(), v.metric(), v.state(), v.iface() == null ? "-" : v.iface(),
                    v.neighbor() == null ? "-" : v.neighbor(), dash(v.expiresSeconds()),
                    v.designatedForwarderOn().isEmpty() ? "-" : String.join(",", v.designatedForwarderOn()), deps.isEmpty() ? "-" : String.join(",", deps)));
        }
        return sb.toString();
    }

    static String prunes(DvmrpRouter r, boolean json) {
        List<Views.PruneView> prunes = r.prunes();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Views.PruneView p : prunes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("direction", p.direction());
                m.put("source", p.source());
                m.put("group", p.group());
                m.put("interface", p.iface());
                m.put("ifIndex", p.ifIndex());
                m.put("neighbor", p.neighbor());
                m.put("lifetimeSeconds", p.lifetimeSeconds());
                m.put("expiresSeconds", p.expiresSeconds());
                m.put("protocol", "dvmrp");
                rows.add(m);
            }
            return toJson(rows);
        }
        StringBuilder sb = new StringBuilder(String.format("%-14s %-18s %-16s %-12s %-16s %8s %7s%n",
                "STATE", "SOURCE", "GROUP", "INTERFACE", "NEIGHBOR", "LIFETIME", "EXPIRES"));
        for (Views.PruneView p : prunes)
            sb.append(String.format("%-14s %-18s %-16s %-12s %-16s %8d %7s%n", p.direction(), p.source(), p.group(), p.iface(), p.neighbor(),
                    p.lifetimeSeconds(), dash(p.expiresSeconds())));
        return sb.toString();
    }

    static String stats(DvmrpRouter r, boolean json) {
        Views.StatsView s = r.stats();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("received", s.received());
            m.put("sent", s.sent());
            m.put("dropped", s.dropped());
            m.put("events", s.events());
            m.put("protocol", "dvmrp");
            return toJson(m);
        }
        StringBuilder sb = new StringBuilder();
        section(sb, "received", s.received());
        section(sb, "sent", s.sent());
        section(sb, "dropped", s.dropped());
        section(sb, "events", s.events());
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, Map<String, Long> m) {
        sb.append(title).append(':').append(System.lineSeparator());
        if (m.isEmpty()) sb.append("  -").append(System.lineSeparator());
        m.forEach((k, v) -> sb.append(String.format("  %-24s %d%n", k, v)));
    }

    private static String dash(Long v) {
        return v == null ? "-" : v.toString();
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON: " + e.getMessage(), e);
        }
    }
}
