package org.openmgm.dataplane.pcap;

import java.util.Map;
import java.util.Optional;
import org.openmgm.api.AcceptedConfiguration;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.spi.RpfRoute;
import org.openmgm.dataplane.pcap.engine.DataplaneSettings;
import org.openmgm.dataplane.pcap.engine.KernelRib;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * The kernel's unicast table (/proc/net/route) plus {@code staticRoutes} of PID
 * {@code org.openmgm.dataplane}, as a {@link MulticastRib} over the data plane's interfaces.
 */
@Component(configurationPid = "org.openmgm.dataplane", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = MulticastRib.class)
public final class KernelRibComponent implements MulticastRib {
    private static final AcceptedConfiguration<DataplaneSettings> ACCEPTED = new AcceptedConfiguration<>("org.openmgm.dataplane");
    private final KernelRib rib;

    @Activate
    public KernelRibComponent(@Reference PacketIo io, Map<String, Object> properties) {
        this.rib = new KernelRib(io, ACCEPTED.accept(properties, DataplaneSettings::fromProperties).staticRoutes());
    }

    @Override
    public Optional<RpfRoute> lookup(int source) {
        return rib.lookup(source);
    }
}
