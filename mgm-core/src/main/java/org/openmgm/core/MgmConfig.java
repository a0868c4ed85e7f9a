package org.openmgm.core;

import org.openmgm.api.MgmConstants;

/**
 * The MGM's settings (PID {@code org.openmgm.core}); every [INF] decision of the spec that is
 * configurable is here.
 *
 * @param wrongInterfaceMode WINDOWS: the wrong-interface callback is never called (as RRAS); RFC: called on
 *        the owner of the arrival interface, at most once per (S,G,interface) per {@code wrongInterfaceIntervalMillis}
 * @param defaultMfeTimeoutSeconds lifetime of a new MFE and the initial value of a prune alert's timeout
 * @param igmpProtocolId the protocol id that identifies the IGMP client
 * @param attributeToOwner true: a membership on an interface counts for the interface's routing owner (spec §6.6.1);
 *        false: it counts for the client that added it
 * @param strictForwardState FORWARD_STATE add/delete on a missing MFE fails with NOT_FOUND instead of doing nothing
 * @param strictSetMfe MgmSetMfe by a protocol that does not own the MFE's iif fails with INVALID_PARAMETER
 * @param refreshOnTraffic a positive MFE whose packet count grew since the last sweep gets its lifetime renewed
 * @param maxMfes maximum number of MFEs (0 = unlimited); data beyond it creates no MFE and is counted
 * @param maxGroupsPerInterface maximum membership keys per interface (0 = unlimited); adds beyond it fail with NOT_ENOUGH_MEMORY
 * @param sweepIntervalMillis how often MFE expiry is checked
 * @param creationAlerts OWNERS: a new MFE's creation alert goes only to the owners of candidate oifs (as RRAS,
 *        spec D15); ALL: every registered protocol gets one, with an empty list if it owns no candidate
 *        (RFC 2715 rule 3), so that a border component (a PIM-SM DR for sources of other domains) learns of it
 */
public record MgmConfig(
        WrongInterfaceMode wrongInterfaceMode,
        long wrongInterfaceIntervalMillis,
        int defaultMfeTimeoutSeconds,
        int igmpProtocolId,
        boolean attributeToOwner,
        boolean strictForwardState,
        boolean strictSetMfe,
        boolean refreshOnTraffic,
        int maxMfes,
        int maxGroupsPerInterface,
        long sweepIntervalMillis,
        CreationAlerts creationAlerts) {

    public enum WrongInterfaceMode { WINDOWS, RFC }

    public enum CreationAlerts { OWNERS, ALL }

    public static MgmConfig defaults() {
        return new MgmConfig(WrongInterfaceMode.WINDOWS, 1000, MgmConstants.DEFAULT_MFE_TIMEOUT_SECONDS,
                MgmConstants.PROTO_IP_IGMP, true, false, false, false, 0, 0, 1000, CreationAlerts.OWNERS);
    }

    public MgmConfig withWrongInterfaceMode(WrongInterfaceMode mode) {
        return new MgmConfig(mode, wrongInterfaceIntervalMillis, defaultMfeTimeoutSeconds, igmpProtocolId, attributeToOwner,
                strictForwardState, strictSetMfe, refreshOnTraffic, maxMfes, maxGroupsPerInterface, sweepIntervalMillis, creationAlerts);
    }

    public MgmConfig withLimits(int maxMfes, int maxGroupsPerInterface) {
        return new MgmConfig(wrongInterfaceMode, wrongInterfaceIntervalMillis, defaultMfeTimeoutSeconds, igmpProtocolId, attributeToOwner,
                strictForwardState, strictSetMfe, refreshOnTraffic, maxMfes, maxGroupsPerInterface, sweepIntervalMillis, creationAlerts);
    }

    public MgmConfig withCreationAlerts(CreationAlerts alerts) {
        return new MgmConfig(wrongInterfaceMode, wrongInterfaceIntervalMillis, defaultMfeTimeoutSeconds, igmpProtocolId, attributeToOwner,
                strictForwardState, strictSetMfe, refreshOnTraffic, maxMfes, maxGroupsPerInterface, sweepIntervalMillis, alerts);
    }
}
