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

    /**
     * From raw configuration properties (as ConfigAdmin / FileInstall deliver them): list values may be arrays,
     * collections, or one string like {@code [ "r-eth1", "r-eth2" ]} or {@code r-eth1,r-eth2}; missing keys take
     * the defaults of {@link IgmpConfiguration}.
     */
    public static IgmpSettings fromProperties(java.util.Map<String, ?> p) {
        return from(new IgmpConfiguration() {
            @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return IgmpConfiguration.class; }
            @Override public String[] interfaces() { return list(p.get("interfaces")); }
            @Override public int version() { return integer(p, "version", 3); }
            @Override public String[] interfaceVersions() { return list(p.get("interfaceVersions")); }
            @Override public int robustness() { return integer(p, "robustness", 2); }
            @Override public int queryInterval() { return integer(p, "queryInterval", 125); }
            @Override public int queryResponseInterval() { return integer(p, "queryResponseInterval", 100); }
            @Override public int lastMemberQueryInterval() { return integer(p, "lastMemberQueryInterval", 10); }
            @Override public int lastMemberQueryCount() { return integer(p, "lastMemberQueryCount", 0); }
            @Override public int startupQueryInterval() { return integer(p, "startupQueryInterval", 0); }
            @Override public int startupQueryCount() { return integer(p, "startupQueryCount", 0); }
            @Override public String ssmRange() { return string(p, "ssmRange", "232.0.0.0/8"); }
            @Override public boolean requireRouterAlert() { return Boolean.parseBoolean(string(p, "requireRouterAlert", "true")); }
            @Override public String proxyUpstream() { return string(p, "proxyUpstream", ""); }
            @Override public int proxyRibRanking() { return integer(p, "proxyRibRanking", 100); }
            @Override public int retryInterval() { return integer(p, "retryInterval", 5); }
        });
    }

    static String[] list(Object v) {
        return org.openmgm.api.ConfigValues.list(v).toArray(String[]::new);
    }

    private static String string(java.util.Map<String, ?> p, String key, String dflt) {
        Object v = p.get(key);
        if (v == null) return dflt;
        String s = v.toString().trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s;
    }

    private static int integer(java.util.Map<String, ?> p, String key, int dflt) {
        String s = string(p, key, null);
        if (s == null || s.isEmpty()) return dflt;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer: " + s);
        }
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
