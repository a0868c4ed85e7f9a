package org.openmgm.core;

import java.util.List;
import org.openmgm.api.*;
import org.openmgm.api.spi.*;

/** STUB — being written; the signatures are final. */
public final class MgmEngine implements MgmService, AutoCloseable {
    public MgmEngine(MgmConfig config, Scheduler scheduler) { throw new UnsupportedOperationException("engine not written yet"); }
    public void setForwarder(Forwarder forwarder) {}
    public void addRib(MulticastRib rib, int ranking) {}
    public void removeRib(MulticastRib rib) {}
    public ForwarderUpcalls upcalls() { return null; }
    public long callbackFaults(ProtocolId id) { return 0; }
    public MgmConfig config() { return null; }
    public void reconfigure(MgmConfig config) {}
    @Override public void close() {}
    @Override public ProtocolHandle register(int protocolId, int componentId, String name, MgmProtocol callbacks) { return null; }
    @Override public ProtocolId protocolOnInterface(InterfaceKey iface) { return null; }
    @Override public Mfe mfe(SourceGroup sg) { return null; }
    @Override public MfeStats mfeStats(SourceGroup sg) { return null; }
    @Override public List<Mfe> mfes(SourceGroup after, int max) { return null; }
    @Override public List<MfeStats> mfeStats(SourceGroup after, int max) { return null; }
    @Override public int mfeCount() { return 0; }
    @Override public List<ProtocolView> protocols() { return null; }
    @Override public List<InterfaceView> interfaces() { return null; }
    @Override public List<MembershipView> memberships() { return null; }
}
