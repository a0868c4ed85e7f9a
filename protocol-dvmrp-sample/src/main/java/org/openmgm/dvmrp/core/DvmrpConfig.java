package org.openmgm.dvmrp.core;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * DVMRP settings; times in seconds. Defaults are those of draft-ietf-idmr-dvmrp-v3-11 (probe 10 s,
 * neighbour time-out 35 s, report 60 s, route expiration 140 s, hold-down 2 × report interval,
 * flash updates at most every 5 s, prune lifetime 2 h, graft retransmission 5 s with back-off).
 * {@code injectRoutes} are advertised with {@code injectMetric} (1..31) as routes this router
 * originates for sources reached through other protocols (RFC 2715 §1); none by default.
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
        int graftMaxAttempts,
        List<InjectedRoute> injectRoutes,
        int injectMetric) {

    public DvmrpConfig {
        interfaces = List.copyOf(interfaces);
        injectRoutes = List.copyOf(new LinkedHashSet<>(injectRoutes));
        if (injectMetric < 1 || injectMetric >= DvmrpRouter.INFINITY)
            throw new IllegalArgumentException("injectMetric must be 1.." + (DvmrpRouter.INFINITY - 1) + ", got " + injectMetric);
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

    /** Without injected routes. */
    public DvmrpConfig(List<InterfaceConfig> interfaces, int probeInterval, int neighborTimeout, int reportInterval, int routeExpiration,
            int routeHoldDown, int flashUpdateInterval, int pruneLifetime, int graftRetransmit, int graftMaxAttempts) {
        this(interfaces, probeInterval, neighborTimeout, reportInterval, routeExpiration, routeHoldDown, flashUpdateInterval, pruneLifetime,
                graftRetransmit, graftMaxAttempts, List.of(), 1);
    }

    private static void positive(String name, int v) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be positive: " + v);
    }

    public static DvmrpConfig defaults(List<InterfaceConfig> interfaces) {
        return new DvmrpConfig(interfaces, 10, 35, 60, 140, 120, 5, 7200, 5, 6);
    }

    public DvmrpConfig withTimers(int probe, int nbrTimeout, int report, int expiration, int holdDown) {
        return new DvmrpConfig(interfaces, probe, nbrTimeout, report, expiration, holdDown, flashUpdateInterval, pruneLifetime, graftRetransmit, graftMaxAttempts,
                injectRoutes, injectMetric);
    }

    public DvmrpConfig withPruneLifetime(int seconds) {
        return new DvmrpConfig(interfaces, probeInterval, neighborTimeout, reportInterval, routeExpiration, routeHoldDown, flashUpdateInterval, seconds, graftRetransmit, graftMaxAttempts,
                injectRoutes, injectMetric);
    }

    /** The same settings advertising {@code routes} with {@code metric} (RFC 2715 route injection). */
    public DvmrpConfig withInjectedRoutes(List<InjectedRoute> routes, int metric) {
        return new DvmrpConfig(interfaces, probeInterval, neighborTimeout, reportInterval, routeExpiration, routeHoldDown, flashUpdateInterval, pruneLifetime, graftRetransmit, graftMaxAttempts,
                routes, metric);
    }
}
