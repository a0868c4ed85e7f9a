package org.openmgm.api;

import java.util.List;

/**
 * The Multicast Group Manager. Registration gives a {@link ProtocolHandle} for the operations that
 * need one; the read operations below need none (mgm.h's administrative clients). Every method throws
 * {@link MgmException} with the status mgm.h would return.
 */
public interface MgmService {

    /** MgmRegisterMProtocol. The (protocolId, componentId) pair must be unique; {@code name} is for operators. */
    ProtocolHandle register(int protocolId, int componentId, String name, MgmProtocol callbacks);

    default ProtocolHandle register(int protocolId, int componentId, MgmProtocol callbacks) {
        return register(protocolId, componentId, null, callbacks);
    }

    /** MgmGetProtocolOnInterface: the routing owner, or IGMP on an IGMP-only interface; NOT_FOUND if unknown. */
    ProtocolId protocolOnInterface(InterfaceKey iface);

    /** MgmGetMfe; NOT_FOUND if there is no MFE for {@code sg}. */
    Mfe mfe(SourceGroup sg);

    /** MgmGetMfeStats; NOT_FOUND if there is no MFE for {@code sg}. */
    MfeStats mfeStats(SourceGroup sg);

    /**
     * MgmGetFirstMfe/MgmGetNextMfe: up to {@code max} MFEs in (group, source) order, starting after
     * {@code after} (null: from the first). If {@code after} no longer exists, continues at the next greater key.
     */
    List<Mfe> mfes(SourceGroup after, int max);

    /** The stats variant of {@link #mfes}. */
    List<MfeStats> mfeStats(SourceGroup after, int max);

    /** Number of MFEs. */
    int mfeCount();

    /** Registered protocols, in registration order. */
    List<ProtocolView> protocols();

    /** Interfaces known to the MGM (taken by at least one protocol), by key. */
    List<InterfaceView> interfaces();

    /** Every membership record, (group, source, interface) ordered. */
    List<MembershipView> memberships();

    /**
     * The membership records of one key, interface ordered: what a protocol re-reads when an alert reaches it
     * (alerts caused on different threads may arrive out of order; the records are the truth now).
     */
    default List<MembershipView> memberships(MembershipKey key) {
        return memberships().stream().filter(v -> v.key().equals(key)).toList();
    }
}
