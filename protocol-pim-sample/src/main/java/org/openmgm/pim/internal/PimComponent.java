package org.openmgm.pim.internal;

import java.util.List;
import java.util.Map;
import org.openmgm.api.AcceptedConfiguration;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MfeStatus;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.RpfRequest;
import org.openmgm.api.Scheduler;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.packet.ReceivedPacket;
import org.openmgm.pim.engine.PimRouter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * PIM as an MGM protocol (whiteboard: protocol id 103 — PIM's IP protocol number — component 1) and
 * as the data plane's listener for IP protocol 103. Needs configuration PID {@code org.openmgm.pim};
 * a changed configuration restarts the component (goodbye hellos, interfaces released, then taken again).
 */
@Component(service = {MgmProtocol.class, PacketListener.class, PimComponent.class}, configurationPid = PimComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        property = {MgmProtocol.PROTOCOL_ID + ":Integer=" + PimComponent.PROTOCOL_ID, MgmProtocol.COMPONENT_ID + ":Integer=1",
                PacketListener.IP_PROTOCOL + ":Integer=103"})
@Designate(ocd = PimConfiguration.class)
public final class PimComponent implements MgmProtocol, PacketListener {
    public static final String PID = "org.openmgm.pim";
    /** PIM's IP protocol number doubles as its MGM protocol id. */
    public static final int PROTOCOL_ID = 103;

    /** An invalid change keeps the options accepted last (PIM restarts with them). */
    private static final AcceptedConfiguration<PimOptions> ACCEPTED = new AcceptedConfiguration<>("org.openmgm.pim");
    private final PimRuntime runtime;
    private final MgmService mgm;

    @Activate
    public PimComponent(@Reference PacketIo io, @Reference Scheduler scheduler, @Reference MgmService mgm, Map<String, Object> properties) {
        this.mgm = mgm;
        this.runtime = new PimRuntime(ACCEPTED.accept(properties, PimOptions::fromMap), io, scheduler);
        runtime.router().setMgm(mgm);
    }

    @Deactivate
    void deactivate() {
        runtime.close();
    }

    public PimRouter router() {
        return runtime.router();
    }

    public PimRuntime runtime() {
        return runtime;
    }

    @Override
    public void received(ReceivedPacket packet) {
        runtime.received(packet);
    }

    @Override
    public void registered(ProtocolHandle handle) {
        runtime.attach(handle, mgm);
    }

    @Override
    public void rpf(RpfRequest request) {
        router().rpf(request);
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {
        router().creationAlert(sg, incomingInterface, candidates);
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
        router().pruneAlert(key, iface, memberDelete, timeout);
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        router().joinAlert(key, memberUpdate);
    }

    @Override
    public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] packetHeader) {
        router().wrongInterface(source, group, arrival, packetHeader);
    }

    @Override
    public void localJoin(MembershipKey key, InterfaceKey iface) {
        router().localJoin(key, iface);
    }

    @Override
    public void localLeave(MembershipKey key, InterfaceKey iface) {
        router().localLeave(key, iface);
    }

    @Override
    public MfeStatus mfeStatus(int ifIndex, int group, int source) {
        return router().mfeStatus(ifIndex, group, source);
    }
}
