package org.openmgm.dvmrp.core;

import java.util.List;

/**
 * DVMRP settings; times in seconds. Defaults are those of draft-ietf-idmr-dvmrp-v3-11 (probe 10 s,
 * neighbour time-out 35 s, report 60 s, route expiration 140 s, hold-down 2 × report interval,
 * flash updates at most every 5 s, prune lifetime 2 h, graft retransmission 5 s with back-off).
 */
public record DvmrpConfig(
        List<InterfaceConfig> interfaces,
        int probeInterval,
        int neighborTimeout,
        int reportInterval,
        int routeExpiration,
        int routeHoldDown,
        int flashUpdateInterval,
        int pruneLifetime,
        int graftRetransmit,
        int graftMaxAttempts) {

    public DvmrpConfig {
        interfaces = List.copyOf(interfaces);
        positive("probeInterval", probeInterval);
        positive("neighborTimeout", neighborTimeout);
        positive("reportInterval", reportInterval);
        positive("routeExpiration", routeExpiration);
        positive("routeHoldDown", routeHoldDown);
        if (flashUpdateInterval < 0) throw new IllegalArgumentException("flashUpdateInterval < 0");
        positive("pruneLifetime", pruneLifetime);
        positive("graftRetransmit", graftRetransmit);
        positive("graftMaxAttempts", graftMaxAttempts);
        if (neighborTimeout <= probeInterval) throw new IllegalArgumentException("neighborTimeout must exceed probeInterval");
        if (routeExpiration <= reportInterval) throw new IllegalArgumentException("routeExpiration must exceed reportInterval");
    }

    private static void positive(String name, int v) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be positive: " + v);
    }

    public static DvmrpConfig defaults(List<InterfaceConfig> interfaces) {
        return new DvmrpConfig(interfaces, 10, 35, 60, 140, 120, 5, 7200, 5, 6);
    }

    public DvmrpConfig withTimers(int probe, int nbrTimeout, int report, int expiration, int holdDown) {
        return new DvmrpConfig(interfaces, probe, nbrTimeout, report, expiration, holdDown, flashUpdateInterval, pruneLifetime, graftRetransmit, graftMaxAttempts);
    }

    public DvmrpConfig withPruneLifetime(int seconds) {
        return new DvmrpConfig(interfaces, probeInterval, neighborTimeout, reportInterval, routeExpiration, routeHoldDown, flashUpdateInterval, seconds, graftRetransmit, graftMaxAttempts);
    }
}
