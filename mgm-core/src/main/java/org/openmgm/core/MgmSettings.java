package org.openmgm.core;

import java.util.Locale;
import java.util.Map;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Metatype of PID {@code org.openmgm.core} (etc/org.openmgm.core.cfg) and its validation. */
@ObjectClassDefinition(id = MgmComponent.PID, name = "OpenMGM core", description = "Multicast Group Manager settings")
public @interface MgmSettings {

    @AttributeDefinition(description = "WINDOWS: the wrong-interface callback is never called (as RRAS). RFC: called on the arrival interface's owner, rate limited (RFC 2715 rule 2).",
            options = {@Option(value = "WINDOWS"), @Option(value = "RFC")})
    String wrongInterfaceMode() default "WINDOWS";

    @AttributeDefinition(description = "OWNERS: creation alerts only to the owners of candidate outgoing interfaces (as RRAS). ALL: to every registered protocol, with an empty list when it owns none (RFC 2715 rule 3; a PIM-SM border router needs it to register sources of other domains).",
            options = {@Option(value = "OWNERS"), @Option(value = "ALL")})
    String creationAlerts() default "OWNERS";

    @AttributeDefinition(min = "1", description = "Minimum interval between two wrong-interface callbacks for one (S,G,interface), in ms")
    long wrongInterfaceIntervalMillis() default 1000;

    @AttributeDefinition(min = "1", description = "Lifetime of a new MFE and default prune-alert timeout, in seconds")
    int defaultMfeTimeoutSeconds() default 900;

    @AttributeDefinition(min = "0", description = "Protocol id that identifies the IGMP client")
    int igmpProtocolId() default 10;

    @AttributeDefinition(description = "Count a membership for the interface's routing owner (true) or for the client that added it (false)")
    boolean attributeToOwner() default true;

    @AttributeDefinition(description = "FORWARD_STATE changes of a missing MFE fail with NOT_FOUND")
    boolean strictForwardState() default false;

    @AttributeDefinition(description = "Only the owner of an MFE's incoming interface may change its upstream neighbour")
    boolean strictSetMfe() default false;

    @AttributeDefinition(description = "Renew the lifetime of MFEs that forwarded packets since the last sweep")
    boolean refreshOnTraffic() default false;

    @AttributeDefinition(min = "0", description = "Maximum number of MFEs (0 = unlimited)")
    int maxMfes() default 0;

    @AttributeDefinition(min = "0", description = "Maximum membership records per interface (0 = unlimited)")
    int maxGroupsPerInterface() default 0;

    @AttributeDefinition(min = "10", description = "Interval of the MFE expiry sweep, in ms")
    long sweepIntervalMillis() default 1000;
}
