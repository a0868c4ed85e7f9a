package org.openmgm.igmp.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmgm.api.Ipv4;
import org.openmgm.igmp.router.IgmpParameters;

/** The checked form of {@link IgmpConfiguration}: throws IllegalArgumentException with a one-line message. */
public record IgmpSettings(List<String> interfaces, Map<String, IgmpParameters> parameters, IgmpParameters defaults,
                           boolean requireRouterAlert, String proxyUpstream, int proxyRibRanking, int retryIntervalSeconds) {

    public boolean proxy() {
        return proxyUpstream != null && !proxyUpstream.isBlank();
    }

    public IgmpParameters parametersFor(String name) {
        return parameters.getOrDefault(name, defaults);
    }

    public static IgmpSettings from(IgmpConfiguration c) {
        int ssmNet = 0, ssmLen = -1;
        String ssm = c.ssmRange() == null ? "" : c.ssmRange().trim();
        if (!ssm.isEmpty()) {
            String[] parts = ssm.split("/");
            if (parts.length != 2) throw new IllegalArgumentException("ssmRange must be PREFIX/LENGTH: " + ssm);
            ssmNet = Ipv4.parse(parts[0]);
            try {
                ssmLen = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ssmRange must be PREFIX/LENGTH: " + ssm);
            }
            if (ssmLen < 0 || ssmLen > 32) throw new IllegalArgumentException("ssmRange prefix length out of range: " + ssm);
        }
        IgmpParameters d = new IgmpParameters(c.version(), c.robustness(), c.queryInterval(), c.queryResponseInterval(),
                c.lastMemberQueryInterval(), c.lastMemberQueryCount(), c.startupQueryInterval(), c.startupQueryCount(), ssmNet, ssmLen);
        List<String> names = new ArrayList<>();
        for (String n : c.interfaces()) {
            if (n == null || n.isBlank()) continue;
            if (names.contains(n.trim())) throw new IllegalArgumentException("interface listed twice: " + n.trim());
            names.add(n.trim());
        }
        Map<String, IgmpParameters> per = new LinkedHashMap<>();
        for (String o : c.interfaceVersions()) {
            if (o == null || o.isBlank()) continue;
            String[] kv = o.split("=");
            if (kv.length != 2) throw new IllegalArgumentException("interfaceVersions entries are NAME=VERSION: " + o);
            int v;
            try {
                v = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("interfaceVersions entries are NAME=VERSION: " + o);
            }
            per.put(kv[0].trim(), d.withVersion(v));
        }
        String up = c.proxyUpstream() == null ? "" : c.proxyUpstream().trim();
        if (!up.isEmpty() && names.contains(up)) throw new IllegalArgumentException("the proxy upstream " + up + " cannot also be a downstream interface");
        return new IgmpSettings(List.copyOf(names), per, d, c.requireRouterAlert(), up, c.proxyRibRanking(), Math.max(1, c.retryInterval()));
    }
}
