package org.openmgm.api.win32;

import org.openmgm.api.Ipv4;

/**
 * MGM_IF_ENTRY (16 bytes in C): one candidate outgoing interface handed to a creation alert
 * ({@link MgmCallbacks.CreationAlertCallback}). As in C the entries are mutable: set
 * {@code bIsEnabled = false} to refuse forwarding on the interface; leave it {@code true} to accept.
 */
public final class MgmIfEntry {
    public final int dwIfIndex;
    /** Next hop ({@link Ipv4} int), 0 for broadcast and point-to-point interfaces. */
    public final int dwIfNextHopAddr;
    /** TRUE when IGMP is enabled on this interface. */
    public final boolean bIGMP;
    /** In: TRUE (forwarding proposed). Out: FALSE to veto. */
    public boolean bIsEnabled;

    public MgmIfEntry(int dwIfIndex, int dwIfNextHopAddr, boolean bIGMP, boolean bIsEnabled) {
        this.dwIfIndex = dwIfIndex;
        this.dwIfNextHopAddr = dwIfNextHopAddr;
        this.bIGMP = bIGMP;
        this.bIsEnabled = bIsEnabled;
    }

    @Override
    public String toString() {
        return "MGM_IF_ENTRY(if" + dwIfIndex + (dwIfNextHopAddr == 0 ? "" : "/" + Ipv4.format(dwIfNextHopAddr))
                + (bIGMP ? " igmp" : "") + (bIsEnabled ? "" : " refused") + ")";
    }
}
