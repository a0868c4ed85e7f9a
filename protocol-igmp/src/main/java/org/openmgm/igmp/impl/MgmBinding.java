package org.openmgm.igmp.impl;

import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmException;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.igmp.router.Counters;
import org.openmgm.igmp.router.RouterOutput;

/**
 * Carries the state machine's output to the MGM and the data plane. Between the MGM's disable-IGMP and
 * enable-IGMP callbacks for an interface it makes no membership call for that interface (spec §5.8); the
 * MGM withdraws IGMP's memberships there, and after enable-IGMP the component re-adds all of them from
 * the scheduler's thread (never inside the callback, spec §5.9).
 */
final class MgmBinding implements RouterOutput {
    private static final System.Logger LOG = System.getLogger("org.openmgm.igmp");

    private volatile ProtocolHandle handle;
    private volatile PacketIo packetIo;
    private final Set<Integer> suspended = ConcurrentHashMap.newKeySet();
    final Counters counters = new Counters();

    void setHandle(ProtocolHandle h) {
        handle = h;
    }

    ProtocolHandle handle() {
        return handle;
    }

    void setPacketIo(PacketIo io) {
        packetIo = io;
    }

    void suspend(int ifIndex) {
        suspended.add(ifIndex);
    }

    void resume(int ifIndex) {
        suspended.remove(ifIndex);
    }

    boolean suspended(int ifIndex) {
        return suspended.contains(ifIndex);
    }

    @Override
    public void send(int ifIndex, byte[] ipPacket) {
        PacketIo io = packetIo;
        if (io == null) {
            counters.increment("sendError.noPacketIo");
            return;
        }
        try {
            io.send(ifIndex, ipPacket);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            counters.increment("sendError.io");
            LOG.log(System.Logger.Level.DEBUG, "igmp: send on ifIndex " + ifIndex + " failed: " + e.getMessage());
        }
    }

    @Override
    public void addMembership(int ifIndex, MembershipKey key) {
        call("add", ifIndex, key, MgmConstants.MGM_JOIN_STATE_FLAG, true);
    }

    @Override
    public void deleteMembership(int ifIndex, MembershipKey key) {
        call("delete", ifIndex, key, MgmConstants.MGM_JOIN_STATE_FLAG, false);
    }

    @Override
    public void blockSource(int ifIndex, int source, int group) {
        call("block", ifIndex, MembershipKey.sourceGroup(source, group), MgmConstants.MGM_FORWARD_STATE_FLAG, false);
    }

    @Override
    public void unblockSource(int ifIndex, int source, int group) {
        call("unblock", ifIndex, MembershipKey.sourceGroup(source, group), MgmConstants.MGM_FORWARD_STATE_FLAG, true);
    }

    private void call(String what, int ifIndex, MembershipKey key, int flags, boolean add) {
        ProtocolHandle h = handle;
        if (h == null) return;
        if (suspended.contains(ifIndex)) {
            counters.increment("mgm.suspendedSkip");
            return;
        }
        try {
            if (add) h.addMembership(key, InterfaceKey.of(ifIndex), flags);
            else h.deleteMembership(key, InterfaceKey.of(ifIndex), flags);
            counters.increment("mgm." + what);
        } catch (MgmException e) {
            counters.increment("mgmError." + e.error());
            LOG.log(System.Logger.Level.WARNING, "igmp: MGM " + what + " " + key + " on ifIndex " + ifIndex + " failed: " + e.getMessage());
        }
    }
}
