package org.openmgm.itests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.StaticRib;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The probe's side of an MGM test: an in-memory forwarder (published with the highest ranking, so
 * the MGM binds it even if a data plane is installed), a static multicast RIB, and recording
 * protocols, all published as services; plus readable views of the MGM's state. {@link #close()}
 * unregisters everything.
 */
public final class MgmFixture implements AutoCloseable {
    public final Osgi osgi;
    public final MgmService mgm;
    public final InMemoryForwarder forwarder = new InMemoryForwarder();
    public final StaticRib rib = new StaticRib(99);
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    public MgmFixture(Osgi osgi) {
        this(osgi, null);
    }

    /** With {@code custom} as the forwarder instead of the in-memory one ({@link #forwarder} is then unused). */
    public MgmFixture(Osgi osgi, Forwarder custom) {
        this.osgi = osgi;
        this.mgm = osgi.service(MgmService.class);
        registrations.add(osgi.context().registerService(Forwarder.class, custom != null ? custom : forwarder, Osgi.dict(Constants.SERVICE_RANKING, Integer.MAX_VALUE)));
        registrations.add(osgi.context().registerService(MulticastRib.class, rib, Osgi.dict(Constants.SERVICE_RANKING, 100)));
    }

    /** Publishes a protocol that accepts every callback silently (for floods) and returns its handle. */
    public ProtocolHandle quiet(int protocolId, int componentId) {
        ProtocolHandle[] box = new ProtocolHandle[1];
        MgmProtocol p = new MgmProtocol() {
            @Override
            public void registered(ProtocolHandle h) {
                box[0] = h;
            }
        };
        registrations.add(osgi.context().registerService(MgmProtocol.class, p,
                Osgi.dict(MgmProtocol.PROTOCOL_ID, protocolId, MgmProtocol.COMPONENT_ID, componentId, "component.name", "quiet-" + protocolId)));
        return Await.value("quiet protocol " + protocolId + " registered", Duration.ofSeconds(10), () -> box[0]);
    }

    /** Publishes a recording protocol and waits until the MGM handed it its handle. */
    public RecordingProtocol recorder(int protocolId, int componentId) {
        RecordingProtocol p = new RecordingProtocol();
        ServiceRegistration<MgmProtocol> r = osgi.context().registerService(MgmProtocol.class, p,
                Osgi.dict(MgmProtocol.PROTOCOL_ID, protocolId, MgmProtocol.COMPONENT_ID, componentId, "component.name", "recorder-" + protocolId));
        registrations.add(r);
        p.awaitHandle();
        return p;
    }

    public static int ip(String dotted) {
        return Ipv4.parse(dotted);
    }

    public static String formatSource(SourceGroup sg) {
        return Ipv4.format(sg.source());
    }

    public static SourceGroup sg(String s, String g) {
        return SourceGroup.parse(s, g);
    }

    /** One data packet through the in-memory forwarder (creates the MFE on the first one). */
    public void packet(String s, String g, int arrivalIfIndex) {
        forwarder.packet(sg(s, g), InterfaceKey.of(arrivalIfIndex), 100);
    }

    public Mfe mfeOrNull(SourceGroup sg) {
        try {
            return mgm.mfe(sg);
        } catch (MgmException e) {
            if (e.error() == MgmError.NOT_FOUND) return null;
            throw e;
        }
    }

    /** The MFE's oifs as "ifN" text in order, e.g. "[if3, if4]"; "absent" if there is no MFE. */
    public String oifs(String s, String g) {
        Mfe m = mfeOrNull(sg(s, g));
        if (m == null) return "absent";
        TreeSet<String> out = new TreeSet<>();
        for (OifView o : m.outgoing()) out.add(o.iface().toString());
        return out.toString();
    }

    public ProtocolId owner(int ifIndex) {
        try {
            return mgm.protocolOnInterface(InterfaceKey.of(ifIndex));
        } catch (MgmException e) {
            if (e.error() == MgmError.NOT_FOUND) return null;
            throw e;
        }
    }

    public ProtocolView protocol(int protocolId) {
        return mgm.protocols().stream().filter(v -> v.id().protocolId() == protocolId).findFirst().orElse(null);
    }

    public boolean registered(int protocolId) {
        return protocol(protocolId) != null;
    }

    /** Memberships held by {@code protocolId}, as "key@ifN" text. */
    public List<String> membershipsOf(int protocolId) {
        List<String> out = new ArrayList<>();
        for (MembershipView m : mgm.memberships()) if (m.holder().protocolId() == protocolId) out.add(m.key() + "@" + m.iface());
        return out;
    }

    public void awaitRegistered(int protocolId, Duration timeout) {
        Await.until("protocol " + protocolId + " registered", timeout, () -> registered(protocolId));
    }

    public void awaitGone(int protocolId) {
        Await.until("protocol " + protocolId + " deregistered", () -> !registered(protocolId));
    }

    @Override
    public void close() {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test
            }
        }
        registrations.clear();
    }
}
