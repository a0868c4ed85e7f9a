package org.openmgm.dvmrp.core;

import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.*;

/** A ProtocolHandle that records what the protocol asked of the MGM (for tests without an engine). */
final class RecordingHandle implements ProtocolHandle {
    final List<String> calls = new ArrayList<>();

    @Override public ProtocolId id() { return new ProtocolId(DvmrpRouter.PROTOCOL_ID, 1); }
    @Override public synchronized void takeInterface(InterfaceKey iface) { calls.add("take " + iface); }
    @Override public synchronized void releaseInterface(InterfaceKey iface) { calls.add("release " + iface); }
    @Override public synchronized void addMembership(MembershipKey key, InterfaceKey iface, int flags) { calls.add("add " + key + " " + iface + " " + flags); }
    @Override public synchronized void deleteMembership(MembershipKey key, InterfaceKey iface, int flags) { calls.add("delete " + key + " " + iface + " " + flags); }
    @Override public void setMfeUpstreamNeighbor(SourceGroup sg, int upstreamNeighbor) { }
    @Override public GroupEnumeration startGroupEnumeration(EnumerationType type) { throw new UnsupportedOperationException(); }
    @Override public void deregister() { }
    @Override public void close() { }
}
