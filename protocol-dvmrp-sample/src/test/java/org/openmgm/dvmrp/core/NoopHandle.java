package org.openmgm.dvmrp.core;

import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.*;

/** A ProtocolHandle that does nothing (tests of other packages). */
public final class NoopHandle implements ProtocolHandle {


    @Override public ProtocolId id() { return new ProtocolId(DvmrpRouter.PROTOCOL_ID, 1); }
    @Override public synchronized void takeInterface(InterfaceKey iface) {  }
    @Override public synchronized void releaseInterface(InterfaceKey iface) {  }
    @Override public synchronized void addMembership(MembershipKey key, InterfaceKey iface, int flags) {  }
    @Override public synchronized void deleteMembership(MembershipKey key, InterfaceKey iface, int flags) {  }
    @Override public void setMfeUpstreamNeighbor(SourceGroup sg, int upstreamNeighbor) { }
    @Override public GroupEnumeration startGroupEnumeration(EnumerationType type) { throw new UnsupportedOperationException(); }
    @Override public void deregister() { }
    @Override public void close() { }
}
