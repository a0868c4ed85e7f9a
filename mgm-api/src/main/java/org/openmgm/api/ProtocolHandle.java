package org.openmgm.api;

/**
 * A registered protocol's handle: the operations of mgm.h that need one. Every method throws
 * {@link MgmException} with the status mgm.h would return; after {@link #deregister()} every call fails
 * with INVALID_PARAMETER.
 */
public interface ProtocolHandle extends AutoCloseable {

    ProtocolId id();

    /** MgmTakeInterfaceOwnership. */
    void takeInterface(InterfaceKey iface);

    /** MgmReleaseInterfaceOwnership: also deletes this protocol's memberships and the MFEs whose iif it is. */
    void releaseInterface(InterfaceKey iface);

    /** MgmAddGroupMembershipEntry; {@code flags} is JOIN_STATE, FORWARD_STATE or both. */
    void addMembership(MembershipKey key, InterfaceKey iface, int flags);

    /** MgmDeleteGroupMembershipEntry. */
    void deleteMembership(MembershipKey key, InterfaceKey iface, int flags);

    /** MgmSetMfe: replaces the upstream neighbour of the MFE for {@code sg}. */
    void setMfeUpstreamNeighbor(SourceGroup sg, int upstreamNeighbor);

    /** MgmGroupEnumerationStart. */
    GroupEnumeration startGroupEnumeration(EnumerationType type);

    /** MgmDeRegisterMProtocol: fails with CAN_NOT_COMPLETE while any interface is still owned. */
    void deregister();

    /** Releases every interface this protocol owns, then deregisters. Idempotent. */
    @Override
    void close();
}
