package org.openmgm.igmp.impl;

import java.util.Hashtable;
import java.util.List;
import org.openmgm.api.AcceptedConfiguration;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.Scheduler;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.packet.ReceivedPacket;
import org.openmgm.api.spi.MulticastRib;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * IGMP as an OSGi component: the MGM's IGMP client (whiteboard {@link MgmProtocol}, protocol id 10, component
 * id 1) and the data plane's listener for IP protocol 2. Configured by PID {@code org.openmgm.igmp}; a
 * configuration change restarts it. In proxy mode it also publishes the proxy's {@link MulticastRib}.
 */
@Component(configurationPid = "org.openmgm.igmp", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {MgmProtocol.class, PacketListener.class, IgmpComponent.class},
        property = {MgmProtocol.PROTOCOL_ID + ":Integer=10", MgmProtocol.COMPONENT_ID + ":Integer=1", PacketListener.IP_PROTOCOL + ":Integer=2"})
@Designate(ocd = IgmpConfiguration.class)
public final class IgmpComponent implements MgmProtocol, PacketListener {
    private static final System.Logger LOG = System.getLogger("org.openmgm.igmp");
    private final IgmpProtocol protocol;
    private final ServiceRegistration<MulticastRib> ribRegistration;

    private static final AcceptedConfiguration<IgmpSettings> ACCEPTED = new AcceptedConfiguration<>("org.openmgm.igmp");

    @Activate
    public IgmpComponent(@Reference Scheduler scheduler, @Reference PacketIo io, java.util.Map<String, Object> properties, BundleContext context) {
        IgmpSettings settings;
        try {
            settings = ACCEPTED.accept(properties, IgmpSettings::fromProperties); // an invalid change keeps the last good settings
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "igmp: no valid configuration yet; IGMP runs on no interface");
            settings = new IgmpSettings(List.of(), java.util.Map.of(), org.openmgm.igmp.router.IgmpParameters.defaults(), true, "", 100, 5);
        }
        protocol = new IgmpProtocol(settings, scheduler, io);
        MulticastRib rib = protocol.proxyRib();
        if (rib != null) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Constants.SERVICE_RANKING, settings.proxyRibRanking());
            props.put("openmgm.rib", "igmp-proxy");
            ribRegistration = context.registerService(MulticastRib.class, rib, props);
        } else ribRegistration = null;
    }

    @Deactivate
    void deactivate() {
        if (ribRegistration != null) {
            try {
                ribRegistration.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        }
        protocol.close();
    }

    /** The protocol behind this component (for the commands). */
    public IgmpProtocol protocol() {
        return protocol;
    }

    @Override
    public void registered(ProtocolHandle handle) {
        protocol.registered(handle);
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {
        protocol.creationAlert(sg, incomingInterface, candidates);
    }

    @Override
    public void disableIgmp(InterfaceKey iface) {
        protocol.disableIgmp(iface);
    }

    @Override
    public void enableIgmp(InterfaceKey iface) {
        protocol.enableIgmp(iface);
    }

    @Override
    public void received(ReceivedPacket packet) {
        protocol.received(packet);
    }
}
