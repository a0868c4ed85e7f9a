package org.openmgm.pim.internal;

import java.util.List;
import java.util.Map;
import org.openmgm.api.Ipv4;
import org.openmgm.pim.engine.PimSettings;

/**
 * The configuration of PID {@code org.openmgm.pim} as plain values (read from Configuration Admin
 * properties or, in tests and the stand-alone runner, from a map).
 */
public record PimOptions(List<String> interfaces, int rpAddress, int ssmNetwork, int ssmPrefixLength, PimSettings.SptPolicy sptPolicy,
                         int helloPeriodSeconds, long drPriority, int joinPrunePeriodSeconds, List<String> staticRoutes,
                         int kernelRoutePreference, boolean rawSocket) {

    public static PimOptions fromMap(Map<String, ?> p) {
        List<String> ifs = strings(p.get("interfaces"));
        String rp = str(p.get("rpAddress"), "");
        String ssm = str(p.get("ssmRange"), "232.0.0.0/8");
        String[] ssmParts = ssm.split("/");
        if (ssmParts.length != 2) throw new IllegalArgumentException("ssmRange must be PREFIX/LEN: " + ssm);
        String spt = str(p.get("sptPolicy"), "immediate");
        PimSettings.SptPolicy policy = switch (spt.trim().toLowerCase()) {
            case "immediate" -> PimSettings.SptPolicy.IMMEDIATE;
            case "never" -> PimSettings.SptPolicy.NEVER;
            default -> throw new IllegalArgumentException("sptPolicy must be immediate or never: " + spt);
        };
        return new PimOptions(ifs, rp.isBlank() ? 0 : Ipv4.parse(rp), Ipv4.parse(ssmParts[0]), Integer.parseInt(ssmParts[1].trim()), policy,
                integer(p.get("helloPeriod"), 30), (long) integer(p.get("drPriority"), 1), integer(p.get("joinPrunePeriod"), 60),
                strings(p.get("staticRoutes")), integer(p.get("kernelRoutePreference"), 1),
                Boolean.parseBoolean(str(p.get("rawSocket"), "true")));
    }

    public PimSettings settings(java.util.Set<Integer> localAddresses) {
        return new PimSettings(rpAddress, ssmNetwork, ssmPrefixLength, sptPolicy, helloPeriodSeconds, drPriority, joinPrunePeriodSeconds,
                kernelRoutePreference, localAddresses);
    }

    private static String str(Object o, String def) {
        return o == null ? def : o.toString();
    }

    private static int integer(Object o, int def) {
        if (o == null || o.toString().isBlank()) return def;
        if (o instanceof Number n) return n.intValue();
        return Integer.parseInt(o.toString().trim());
    }

    /** A String[], a collection, or one comma-separated string (FileInstall's .cfg files). */
    static List<String> strings(Object o) {
        return org.openmgm.api.ConfigValues.list(o);
    }
}
