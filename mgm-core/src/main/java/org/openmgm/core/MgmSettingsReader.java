package org.openmgm.core;

import java.util.Locale;
import java.util.Map;

/** Reads and validates the properties of PID {@code org.openmgm.core} ({@link MgmSettings}) into an {@link MgmConfig}. */
public final class MgmSettingsReader {
    private MgmSettingsReader() {}

    /** Builds and validates the configuration; IllegalArgumentException names the key and the problem. */
    public static MgmConfig toConfig(Map<String, Object> p) {
        MgmConfig d = MgmConfig.defaults();
        String mode = str(p, "wrongInterfaceMode", d.wrongInterfaceMode().name()).toUpperCase(Locale.ROOT);
        MgmConfig.WrongInterfaceMode m;
        try {
            m = MgmConfig.WrongInterfaceMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wrongInterfaceMode: must be WINDOWS or RFC, got '" + mode + "'");
        }
        String alerts = str(p, "creationAlerts", d.creationAlerts().name());
        MgmConfig.CreationAlerts a;
        try {
            a = MgmConfig.CreationAlerts.valueOf(alerts.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("creationAlerts: must be OWNERS or ALL, got '" + alerts + "'");
        }
        return MgmEngine.validate(new MgmConfig(m,
                lng(p, "wrongInterfaceIntervalMillis", d.wrongInterfaceIntervalMillis()),
                (int) lng(p, "defaultMfeTimeoutSeconds", d.defaultMfeTimeoutSeconds()),
                (int) lng(p, "igmpProtocolId", d.igmpProtocolId()),
                bool(p, "attributeToOwner", d.attributeToOwner()),
                bool(p, "strictForwardState", d.strictForwardState()),
                bool(p, "strictSetMfe", d.strictSetMfe()),
                bool(p, "refreshOnTraffic", d.refreshOnTraffic()),
                (int) lng(p, "maxMfes", d.maxMfes()),
                (int) lng(p, "maxGroupsPerInterface", d.maxGroupsPerInterface()),
                lng(p, "sweepIntervalMillis", d.sweepIntervalMillis()),
                a));
    }

    private static String str(Map<String, Object> p, String k, String def) {
        Object v = p.get(k);
        return v == null ? def : String.valueOf(v).trim();
    }

    private static long lng(Map<String, Object> p, String k, long def) {
        Object v = p.get(k);
        if (v == null) return def;
        if (v instanceof Number n) return n.longValue();
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + ": not a number: '" + v + "'");
        }
    }

    private static boolean bool(Map<String, Object> p, String k, boolean def) {
        Object v = p.get(k);
        if (v == null) return def;
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) return true;
        if (s.equals("false")) return false;
        throw new IllegalArgumentException(k + ": must be true or false, got '" + v + "'");
    }
}
