package org.openmgm.pim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = PimComponent.PID, name = "OpenMGM PIM-SM", description = "PIM-SM/SSM sample (RFC 7761 subset) with a static RP")
public @interface PimConfiguration {
    @AttributeDefinition(description = "interfaces PIM runs on, by name")
    String[] interfaces() default {};

    @AttributeDefinition(description = "static RP for 224.0.0.0/4 outside the SSM range (empty: SSM only)")
    String rpAddress() default "";

    @AttributeDefinition(description = "SSM range")
    String ssmRange() default "232.0.0.0/8";

    @AttributeDefinition(description = "when a last-hop DR moves to the source tree: immediate (first packet) or never")
    String sptPolicy() default "immediate";

    @AttributeDefinition(description = "Hello_Period in seconds (holdtime is 3.5 times it)")
    int helloPeriod() default 30;

    @AttributeDefinition(description = "DR priority announced in hellos")
    long drPriority() default 1;

    @AttributeDefinition(description = "join/prune refresh period t_periodic in seconds")
    int joinPrunePeriod() default 60;

    @AttributeDefinition(description = "static unicast routes for RPF: 'PREFIX via GATEWAY' or 'PREFIX dev IF [via GATEWAY]'")
    String[] staticRoutes() default {};

    @AttributeDefinition(description = "assert metric preference of kernel routes with a gateway (connected: 0, static: 1)")
    int kernelRoutePreference() default 1;

    @AttributeDefinition(description = "open the raw IP protocol 103 socket for unicast PIM (needs CAP_NET_RAW)")
    boolean rawSocket() default true;
}
