package org.openmgm.dvmrp.core;

import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.*;

/**
 * A ProtocolHandle that records what the protocol asked of the MGM: alone (tests without an engine),
 * or in front of the engine's handle, passing every call on.
 */
final class RecordingHandle implements ProtocolHandle {
    final List<String> calls = new ArrayList<>();
    private final ProtocolHandle next;

    RecordingHandle() {
        this(null);
    }

    RecordingHandle(ProtocolHandle next) {
        this.next = next;
    }

    @Override public ProtocolId id() { return next != null ? next.id() : new ProtocolId(DvmrpRouter.PROTOCOL_ID, 1); }
    @Override public void takeInterface(InterfaceKey iface) { record("take " + iface); if (next != null) next.takeInterface(iface); }
    @Override public void releaseInterface(InterfaceKey iface) { record("release " + iface); if (next != null) next.releaseInterface(iface); }
    @Override public void addMembership(MembershipKey key, InterfaceKey iface, int flags) {
        record("add " + key + " " + iface + " " + flags);
        if (next != null) next.addMembership(key, iface, flags);
    }
    @Override public void deleteMembership(MembershipKey key, InterfaceKey iface, int flags) {
        record("delete " + key + " " + iface + " " + flags);
        if (next != null) next.deleteMembership(key, iface, flags);
    }
    @Override public void setMfeUpstreamNeighbor(SourceGroup sg, int upstreamNeighbor) { if (next != null) next.setMfeUpstreamNeighbor(sg, upstreamNeighbor); }
    @Override public GroupEnumeration startGroupEnumeration(EnumerationType type) {
        if (next != null) return next.startGroupEnumeration(type);
        throw new UnsupportedOperationException();
    }
    @Override public void deregister() { if (next != null) next.deregister(); }
    @Override public void close() { if (next != null) next.close(); }

    private synchronized void record(String call) {
        calls.add(call);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
