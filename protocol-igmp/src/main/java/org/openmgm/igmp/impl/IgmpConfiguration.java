package org.openmgm.igmp.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code org.openmgm.igmp}. Timers follow RFC 3376 §8 and its defaults. */
@ObjectClassDefinition(id = "org.openmgm.igmp", name = "OpenMGM IGMP",
        description = "IGMP router (RFC 3376/2236/1112) on the listed interfaces, or an IGMP proxy (RFC 4605) when an upstream interface is set.")
public @interface IgmpConfiguration {
    @AttributeDefinition(description = "Interfaces (by name) where IGMP runs as a router; in proxy mode the downstream interfaces")
    String[] interfaces() default {};

    @AttributeDefinition(description = "IGMP version spoken on the interfaces: 1, 2 or 3")
    int version() default 3;

    @AttributeDefinition(description = "Per-interface version overrides, NAME=VERSION (e.g. r-eth2=2)")
    String[] interfaceVersions() default {};

    @AttributeDefinition(description = "Robustness Variable")
    int robustness() default 2;

    @AttributeDefinition(description = "Query Interval, seconds")
    int queryInterval() default 125;

    @AttributeDefinition(description = "Query Response Interval (Max Response Time of general queries), tenths of a second")
    int queryResponseInterval() default 100;

    @AttributeDefinition(description = "Last Member Query Interval, tenths of a second")
    int lastMemberQueryInterval() default 10;

    @AttributeDefinition(description = "Last Member Query Count; 0 = the Robustness Variable")
    int lastMemberQueryCount() default 0;

    @AttributeDefinition(description = "Startup Query Interval, seconds; 0 = a quarter of the Query Interval")
    int startupQueryInterval() default 0;

    @AttributeDefinition(description = "Startup Query Count; 0 = the Robustness Variable")
    int startupQueryCount() default 0;

    @AttributeDefinition(description = "SSM range (RFC 4604) where EXCLUDE-mode requests are ignored; empty = none")
    String ssmRange() default "232.0.0.0/8";

    @AttributeDefinition(description = "Drop IGMPv2/v3 messages that lack the IP Router Alert option")
    boolean requireRouterAlert() default true;

    @AttributeDefinition(description = "Proxy mode (RFC 4605): the upstream interface; empty = router mode")
    String proxyUpstream() default "";

    @AttributeDefinition(description = "Proxy mode: service ranking of the proxy's multicast RIB (RPF of every non-downstream source to the upstream)")
    int proxyRibRanking() default 100;

    @AttributeDefinition(description = "How often the configured interfaces are checked (taken when they appear, restarted when their index or address changes), seconds")
    int retryInterval() default 5;
}
