package org.openmgm.dvmrp.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code org.openmgm.dvmrp} (etc/org.openmgm.dvmrp.cfg). Times in seconds. */
@ObjectClassDefinition(id = DvmrpComponent.PID, name = "OpenMGM DVMRP", description = "DVMRP (draft-ietf-idmr-dvmrp-v3-11) on the named interfaces")
public @interface DvmrpSettings {
    @AttributeDefinition(description = "Interfaces DVMRP runs on, by name (served by the data plane)")
    String[] interfaces();

    @AttributeDefinition(description = "Per-interface metric as NAME=METRIC (1..31); interfaces not listed use 1")
    String[] metrics() default {};

    @AttributeDefinition(description = "Per-interface TTL threshold as NAME=TTL, advertised in Neighbors2; default: the data plane's threshold")
    String[] thresholds() default {};

    @AttributeDefinition(description = "Probe interval")
    int probeInterval() default 10;

    @AttributeDefinition(description = "Neighbour time-out (no probe heard)")
    int neighborTimeout() default 35;

    @AttributeDefinition(description = "Full route report interval")
    int reportInterval() default 60;

    @AttributeDefinition(description = "Route expiration (no report refreshing the route)")
    int routeExpiration() default 140;

    @AttributeDefinition(description = "Hold-down: how long an expired route is advertised as unreachable before it is deleted")
    int routeHoldDown() default 120;

    @AttributeDefinition(description = "Minimum interval between triggered (flash) updates")
    int flashUpdateInterval() default 5;

    @AttributeDefinition(description = "Lifetime of the prunes this router sends")
    int pruneLifetime() default 7200;

    @AttributeDefinition(description = "First graft retransmission (doubles each time)")
    int graftRetransmit() default 5;

    @AttributeDefinition(description = "Graft transmissions before giving up")
    int graftMaxAttempts() default 6;

    @AttributeDefinition(description = "RFC 2715 route injection: prefixes a.b.c.d/len (0.0.0.0/0 = default route; otherwise len 8..32, no host bits)"
            + " this router advertises on all its DVMRP interfaces as routes it originates, for sources reached through other protocols")
    String[] injectRoutes() default {};

    @AttributeDefinition(description = "Metric (1..31) of the injected routes")
    int injectMetric() default 1;
}
