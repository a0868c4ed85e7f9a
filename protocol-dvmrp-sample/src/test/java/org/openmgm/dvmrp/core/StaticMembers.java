package org.openmgm.dvmrp.core;

import org.openmgm.api.*;

/**
 * A stand-in for IGMP in tests: registers with IGMP's protocol id, takes interfaces and adds or
 * deletes (*,G) memberships as a host join or leave would make IGMP do.
 */
final class StaticMembers implements MgmProtocol {
    ProtocolHandle handle;

    StaticMembers register(MgmService mgm) {
        handle = mgm.register(MgmConstants.PROTO_IP_IGMP, 1, "static-members", this);
        return this;
    }

    void join(int ifIndex, int group) {
        handle.addMembership(MembershipKey.anySource(group), InterfaceKey.of(ifIndex), MgmConstants.MGM_JOIN_STATE_FLAG);
    }

    void leave(int ifIndex, int group) {
        handle.deleteMembership(MembershipKey.anySource(group), InterfaceKey.of(ifIndex), MgmConstants.MGM_JOIN_STATE_FLAG);
    }
}
