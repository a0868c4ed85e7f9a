package org.openmgm.api;

import java.util.List;

/**
 * A read-only view of an MFE (MIB_IPMCAST_MFE). Times are in seconds; {@code expirySeconds} counts down
 * from {@code timeoutSeconds} and the MFE is deleted at 0.
 */
public record Mfe(
        int source,
        int sourceMask,
        int group,
        int upstreamNeighbor,
        InterfaceKey incomingInterface,
        ProtocolId incomingOwner,
        RouteInfo route,
        long upTimeSeconds,
        long expirySeconds,
        long timeoutSeconds,
        List<OifView> outgoing) {

    public SourceGroup sourceGroup() {
        return new SourceGroup(source, group);
    }

    /** dwInIfProtocol: the protocol id owning the incoming interface, 0 if nobody does. */
    public int incomingProtocolId() {
        return incomingOwner == null ? 0 : incomingOwner.protocolId();
    }

    public boolean negative() {
        return outgoing.isEmpty();
    }
}
