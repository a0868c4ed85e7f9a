package org.openmgm.pim.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmgm.pim.engine.PimRouter;
import org.openmgm.pim.engine.PimStats;
import org.openmgm.pim.engine.PimViews;

/** Text and JSON renderings of the router's views (shared by the Gogo commands and the stand-alone runner). */
public final class PimText {
    /** JSON field "interface" (the house name) for the views' {@code interfaceName} (a Java keyword cannot name a component). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(new com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase() {
                @Override
                public String translate(String name) {
                    return "interfaceName".equals(name) ? "interface" : name;
                }
            });
    private final PimRouter router;
    private final boolean rawSocket;

    public PimText(PimRouter router, boolean rawSocket) {
        this.router = router;
        this.rawSocket = rawSocket;
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String opt(Object o) {
        return o == null ? "-" : o.toString();
    }

    public String interfaces(boolean json) {
        List<PimViews.InterfaceView> l = router.interfaceViews();
        if (json) return json(l);
        StringBuilder sb = new StringBuilder(String.format("%-12s %-5s %-15s %-5s %-15s %-4s %-10s %s%n", "INTERFACE", "INDEX", "ADDRESS", "STATE", "DR", "PRIO", "GENID", "NEIGHBORS"));
        for (var v : l)
            sb.append(String.format("%-12s %-5d %-15s %-5s %-15s %-4d %-10s %d%n", v.interfaceName(), v.ifIndex(), v.address(), v.state(),
                    v.dr() + (v.iAmDr() ? "*" : ""), v.drPriority(), v.generationId(), v.neighbors()));
        return sb.toString();
    }

    public String neighbors(boolean json) {
        List<PimViews.NeighborView> l = router.neighborViews();
        if (json) return json(l);
        StringBuilder sb = new StringBuilder(String.format("%-12s %-15s %-4s %-10s %-8s %-7s %s%n", "INTERFACE", "NEIGHBOR", "PRIO", "GENID", "UPTIME", "EXPIRES", "DR"));
        for (var v : l)
            sb.append(String.format("%-12s %-15s %-4s %-10s %-8d %-7s %s%n", v.interfaceName(), v.neighbor(), opt(v.drPriority()), opt(v.generationId()),
                    v.uptimeSeconds(), opt(v.expiresSeconds()), v.dr() ? "yes" : ""));
        return sb.toString();
    }

    public String rp(boolean json) {
        PimViews.RpView v = router.rpView();
        if (json) return json(v);
        return String.format("RP %s for %s%s, RPF %s via %s; SSM %s; SPT switch %s%n", opt(v.rp()), v.groupRange(), v.local() ? " (this router)" : "",
                opt(v.rpfInterface()), opt(v.rpfNeighbor()), v.ssmRange(), v.sptPolicy());
    }

    public String joins(boolean json) {
        List<PimViews.JoinView> l = router.joinViews();
        if (json) return json(l);
        StringBuilder sb = new StringBuilder();
        for (var v : l) {
            sb.append(String.format("%s (%s, %s) upstream %s", v.entry(), opt(v.source()), v.group(), v.upstreamState()));
            if (v.rpfNeighbor() != null) sb.append(String.format(" via %s on %s, join timer %ss", v.rpfNeighbor(), v.rpfInterface(), opt(v.joinTimerSeconds())));
            if (v.spt()) sb.append(", spt");
            if (v.registerState() != null) sb.append(", register ").append(v.registerState());
            if (v.keepaliveSeconds() != null) sb.append(", keepalive ").append(v.keepaliveSeconds()).append('s');
            sb.append('\n');
            for (var d : v.downstream())
                sb.append(String.format("    downstream %-10s %-13s expires %ss%n", d.interfaceName(), d.state(), opt(d.expiresSeconds())));
            for (String m : v.localMembers()) sb.append(String.format("    local members on %s%n", m));
            for (String m : v.rptPrunedInterfaces()) sb.append(String.format("    (S,G,rpt) pruned on %s%n", m));
            for (var a : v.asserts())
                sb.append(String.format("    assert %s on %s, winner %s (%d/%d), expires %ss%n", a.state(), a.interfaceName(), a.winner(),
                        a.winnerPreference(), a.winnerMetric(), opt(a.expiresSeconds())));
        }
        return sb.toString();
    }

    public String stats(boolean json) {
        PimStats s = router.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received", s.received());
        m.put("sent", s.sent());
        m.put("dropped", s.dropped());
        m.put("events", s.events());
        m.put("rawSocket", rawSocket);
        if (json) return json(m);
        StringBuilder sb = new StringBuilder();
        for (var e : m.entrySet()) sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        return sb.toString();
    }
}
