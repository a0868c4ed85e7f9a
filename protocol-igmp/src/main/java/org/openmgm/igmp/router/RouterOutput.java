package org.openmgm.igmp.router;

import org.openmgm.api.MembershipKey;

/**
 * What the state machine asks the world to do. Calls arrive in order, on the thread that drove the state
 * machine, after its lock is released.
 */
public interface RouterOutput {

    /** Send the complete IPv4 packet {@code ipPacket} out of {@code ifIndex}. */
    void send(int ifIndex, byte[] ipPacket);

    /** Receivers for {@code key} appeared on {@code ifIndex}: JOIN_STATE membership. */
    void addMembership(int ifIndex, MembershipKey key);

    /** Receivers for {@code key} went away on {@code ifIndex}. */
    void deleteMembership(int ifIndex, MembershipKey key);

    /** In an EXCLUDE-mode group, {@code source} is excluded on {@code ifIndex}: stop forwarding (S,G) there (FORWARD_STATE delete). */
    void blockSource(int ifIndex, int source, int group);

    /** A previously blocked source is wanted again: forward (S,G) there if its MFE exists (FORWARD_STATE add). */
    void unblockSource(int ifIndex, int source, int group);
}
