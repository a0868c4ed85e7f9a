package org.openmgm.api;

import java.util.List;

/**
 * The callbacks of a multicast routing protocol (mgm.h's ROUTING_PROTOCOL_CONFIG, plus routprot.h's
 * GetMfeStatus). Every method has a no-op default, as a null callback pointer in mgm.h. The MGM calls
 * them after the state change that caused them is complete and with no MGM lock held, so a callback
 * may call the MGM again — except that IGMP must not re-add memberships from inside
 * {@link #enableIgmp} (that call fails with {@link MgmError#CAN_NOT_COMPLETE}).
 *
 * <p><b>Whiteboard:</b> publish an implementation as an OSGi service with the properties
 * {@value #PROTOCOL_ID} and {@value #COMPONENT_ID} (integers). The MGM registers it, passes the
 * handle to {@link #registered}, and when the service goes away releases every interface the
 * protocol owns and deregisters it.
 */
public interface MgmProtocol {
    /** Service property: the protocol id (e.g. 10 for IGMP). */
    String PROTOCOL_ID = "openmgm.protocol.id";
    /** Service property: the component (instance) id. */
    String COMPONENT_ID = "openmgm.component.id";

    /** Whiteboard only: the MGM registered this service; take interfaces through the handle now. */
    default void registered(ProtocolHandle handle) {}

    /**
     * RPF check while an MFE is created; called on the owner of the RPF interface towards the source.
     * Change the request to choose another incoming interface, upstream neighbour or route.
     */
    default void rpf(RpfRequest request) {}

    /**
     * A new MFE is being created; {@code candidates} are this protocol's own candidate outgoing
     * interfaces, all enabled. Disable any on which this protocol refuses to forward.
     */
    default void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {}

    /**
     * Receivers for {@code key} went away. {@code memberDelete} true: a membership was deleted
     * (interface = where it was); false: an MFE's oif list became empty (interface = the MFE's iif,
     * and {@code timeout} sets how long the negative MFE lives).
     */
    default void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {}

    /** New receivers for {@code key}: true after a membership add, false when an MFE's oif list became non-empty. */
    default void joinAlert(MembershipKey key, boolean memberUpdate) {}

    /**
     * A packet of (source, group) arrived on {@code arrival}, an interface this protocol owns, which is
     * not the MFE's incoming interface. Only in RFC 2715 mode, rate limited, and only for protocols
     * that override this method (the "WrongIf alert mode" of RFC 2715).
     */
    default void wrongInterface(int source, int group, InterfaceKey arrival, byte[] packetHeader) {}

    /** IGMP added a membership on an interface this protocol owns. */
    default void localJoin(MembershipKey key, InterfaceKey iface) {}

    /** IGMP deleted a membership on an interface this protocol owns. */
    default void localLeave(MembershipKey key, InterfaceKey iface) {}

    /** IGMP only: a routing protocol takes or releases {@code iface}; stop changing memberships on it. */
    default void disableIgmp(InterfaceKey iface) {}

    /** IGMP only: the ownership change is complete; re-add all memberships on {@code iface}, but from another thread. */
    default void enableIgmp(InterfaceKey iface) {}

    /**
     * GetMfeStatus (mtrace): the status of (source, group) on {@code ifIndex}, the numerically highest
     * applicable code. Throw {@link MgmException} with CAN_NOT_COMPLETE if the protocol cannot answer,
     * INVALID_PARAMETER for an unknown interface.
     */
    default MfeStatus mfeStatus(int ifIndex, int group, int source) {
        return MfeStatus.NO_ERROR;
    }
}
