package org.openmgm.dataplane.pcap;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openmgm.api.AcceptedConfiguration;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.spi.MfeCounters;
import org.openmgm.dataplane.pcap.engine.Dataplane;
import org.openmgm.dataplane.pcap.engine.DataplaneSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The data plane as an OSGi service: {@link PacketIo} for protocols and {@link Forwarder} for mgm-core.
 * Collects whiteboard {@link PacketListener}s by their {@value PacketListener#IP_PROTOCOL} property.
 * A configuration change restarts it (handles closed, reopened with the new settings).
 */
@Component(configurationPid = "org.openmgm.dataplane", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {PacketIo.class, Forwarder.class}, immediate = true)
@Designate(ocd = DataplaneConfig.class)
public final class PcapDataplaneComponent implements PacketIo, Forwarder {
    private static final System.Logger LOG = System.getLogger(PcapDataplaneComponent.class.getName());
    /** An invalid change keeps the settings accepted last (the data plane restarts with them). */
    private static final AcceptedConfiguration<DataplaneSettings> ACCEPTED = new AcceptedConfiguration<>("org.openmgm.dataplane");
    private final Dataplane dataplane;

    @Activate
    public PcapDataplaneComponent(Map<String, Object> properties) {
        this.dataplane = new Dataplane(ACCEPTED.accept(properties, DataplaneSettings::fromProperties));
        dataplane.start();
    }

    @Deactivate
    public void deactivate() {
        dataplane.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeListener")
    void addListener(PacketListener listener, Map<String, Object> props) {
        Object proto = props.get(PacketListener.IP_PROTOCOL);
        if (proto == null) {
            LOG.log(System.Logger.Level.WARNING, "dataplane: PacketListener without " + PacketListener.IP_PROTOCOL + " ignored: " + listener);
            return;
        }
        dataplane.addPacketListener(Integer.parseInt(proto.toString().trim()), listener);
    }

    void removeListener(PacketListener listener) {
        dataplane.removePacketListener(listener);
    }

    /** The engine behind this component (for commands in this bundle). */
    public Dataplane dataplane() {
        return dataplane;
    }

    @Override
    public List<NetInterface> interfaces() {
        return dataplane.interfaces();
    }

    @Override
    public Optional<NetInterface> interfaceByName(String name) {
        return dataplane.interfaceByName(name);
    }

    @Override
    public Optional<NetInterface> interfaceByIndex(int index) {
        return dataplane.interfaceByIndex(index);
    }

    @Override
    public void send(int ifIndex, byte[] ipPacket) {
        dataplane.send(ifIndex, ipPacket);
    }

    @Override
    public void attach(ForwarderUpcalls upcalls) {
        dataplane.attach(upcalls);
    }

    @Override
    public void install(ForwardingEntry entry) {
        dataplane.install(entry);
    }

    @Override
    public void update(ForwardingEntry entry) {
        dataplane.update(entry);
    }

    @Override
    public void remove(SourceGroup sourceGroup) {
        dataplane.remove(sourceGroup);
    }

    @Override
    public MfeCounters counters(SourceGroup sourceGroup) {
        return dataplane.counters(sourceGroup);
    }
}
