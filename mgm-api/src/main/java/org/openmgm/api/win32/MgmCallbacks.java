package org.openmgm.api.win32;

import org.openmgm.api.RouteInfo;

/**
 * The nine callback typedefs of mgm.h as functional interfaces. Parameters keep their mgm.h names and
 * order; a {@code DWORD*} in/out parameter is a one-element {@code int[]} (read {@code p[0]} for the
 * value the MGM passed in, write {@code p[0]} to hand a value back). Addresses are {@link
 * org.openmgm.api.Ipv4} ints. Every callback returns a Win32 status that the MGM ignores, as
 * mgm.h documents. The MGM calls them synchronously, with no MGM lock held.
 */
public final class MgmCallbacks {
    private MgmCallbacks() {}

    /**
     * PMGM_RPF_CALLBACK: an MFE is being created; called on the owner of the RPF interface towards the
     * source. {@code pdwInIfIndex}/{@code pdwInIfNextHopAddr} (in: the RIB's choice; out: the incoming
     * interface the protocol wants), {@code pdwUpStreamNbr} (in/out, becomes the MFE's dwUpStrmNgbr),
     * {@code pbPacketHdr} (IP header and first payload bytes of the triggering packet).
     * {@code pRoute} stands for {@code pbRoute} (an RTM_DEST_INFO in Windows): in/out one-element array
     * with the route whose protocol, network and mask fill the MFE's dwRoute* fields.
     */
    @FunctionalInterface
    public interface RpfCallback {
        int call(int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask, int[] pdwInIfIndex,
                 int[] pdwInIfNextHopAddr, int[] pdwUpStreamNbr, int dwHdrSize, byte[] pbPacketHdr, RouteInfo[] pRoute);
    }

    /**
     * PMGM_CREATION_ALERT_CALLBACK: a new MFE; {@code pmieOutIfList} holds this protocol's own
     * candidate outgoing interfaces ({@code dwIfCount} of them), all enabled. Set
     * {@code bIsEnabled = false} on any interface that must not forward.
     */
    @FunctionalInterface
    public interface CreationAlertCallback {
        int call(int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask, int dwInIfIndex,
                 int dwInIfNextHopAddr, int dwIfCount, MgmIfEntry[] pmieOutIfList);
    }

    /**
     * PMGM_PRUNE_ALERT_CALLBACK: receivers went away. {@code bMemberDelete} TRUE: a membership was
     * deleted on the interface given; FALSE: an MFE's oif list became empty (interface = its iif) and
     * {@code pdwTimeout[0]} (seconds, 900 on entry) sets how long the negative MFE lives.
     */
    @FunctionalInterface
    public interface PruneAlertCallback {
        int call(int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask, int dwIfIndex,
                 int dwIfNextHopAddr, boolean bMemberDelete, int[] pdwTimeout);
    }

    /** PMGM_JOIN_ALERT_CALLBACK: new receivers; {@code bMemberUpdate} TRUE after a membership add, FALSE when an MFE's oif list became non-empty. */
    @FunctionalInterface
    public interface JoinAlertCallback {
        int call(int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask, boolean bMemberUpdate);
    }

    /** PMGM_WRONG_IF_CALLBACK: a packet arrived on an interface this protocol owns that is not the MFE's iif (only in RFC 2715 mode). */
    @FunctionalInterface
    public interface WrongIfCallback {
        int call(int dwSourceAddr, int dwGroupAddr, int dwIfIndex, int dwIfNextHopAddr, int dwHdrSize, byte[] pbPacketHdr);
    }

    /** PMGM_LOCAL_JOIN_CALLBACK: IGMP added a membership on an interface this protocol owns. */
    @FunctionalInterface
    public interface LocalJoinCallback {
        int call(int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask, int dwIfIndex, int dwIfNextHopAddr);
    }

    /** PMGM_LOCAL_LEAVE_CALLBACK: IGMP deleted a membership on an interface this protocol owns. */
    @FunctionalInterface
    public interface LocalLeaveCallback {
        int call(int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask, int dwIfIndex, int dwIfNextHopAddr);
    }

    /** PMGM_DISABLE_IGMP_CALLBACK (IGMP only): a routing protocol takes or releases the interface; stop changing memberships on it. */
    @FunctionalInterface
    public interface DisableIgmpCallback {
        int call(int dwIfIndex, int dwIfNextHopAddr);
    }

    /**
     * PMGM_ENABLE_IGMP_CALLBACK (IGMP only): the ownership change is complete; re-add every membership
     * on the interface — from another thread, never inside this callback (such a call fails with
     * ERROR_CAN_NOT_COMPLETE).
     */
    @FunctionalInterface
    public interface EnableIgmpCallback {
        int call(int dwIfIndex, int dwIfNextHopAddr);
    }
}
