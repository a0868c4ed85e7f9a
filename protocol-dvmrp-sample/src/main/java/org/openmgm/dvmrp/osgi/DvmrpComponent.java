package org.openmgm.dvmrp.osgi;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.openmgm.api.*;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.packet.ReceivedPacket;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.spi.RpfRoute;
import org.openmgm.dvmrp.core.DvmrpConfig;
import org.openmgm.dvmrp.core.DvmrpRouter;
import org.openmgm.dvmrp.core.InjectedRoute;
import org.openmgm.dvmrp.core.InterfaceConfig;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * DVMRP as OSGi services: the {@link MgmProtocol} the MGM's whiteboard registers (protocol
 * {@value DvmrpRouter#PROTOCOL_ID}, component 1), the {@link PacketListener} for IP protocol 2 (IGMP
 * type 0x13 only; other IGMP types are ignored), and the {@link MulticastRib} of DVMRP routes, ranked
 * above the kernel's. Runs only when {@code org.openmgm.dvmrp} is configured.
 */
@Designate(ocd = DvmrpSettings.class)
@Component(configurationPid = DvmrpComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {MgmProtocol.class, PacketListener.class, MulticastRib.class, DvmrpComponent.class},
        property = {
                MgmProtocol.PROTOCOL_ID + ":Integer=" + DvmrpRouter.PROTOCOL_ID,
                MgmProtocol.COMPONENT_ID + ":Integer=1",
                PacketListener.IP_PROTOCOL + ":Integer=2",
                Constants.SERVICE_RANKING + ":Integer=" + DvmrpComponent.RIB_RANKING})
public final class DvmrpComponent implements MgmProtocol, PacketListener, MulticastRib {
    public static final String PID = "org.openmgm.dvmrp";
    /** Above the kernel RIB (ranking 0): on equal prefixes, DVMRP's route decides RPF on DVMRP interfaces. */
    public static final int RIB_RANKING = 100;
    private static final System.Logger LOG = System.getLogger(DvmrpComponent.class.getName());

    private final DvmrpRouter router;
    private final MgmService mgm;
    private final PacketIo io;
    private final DvmrpSettings settings;
    private final List<String> missing = new CopyOnWriteArrayList<>();
    private volatile Scheduler.Timer retry;

    /** An invalid change keeps the settings accepted last (DVMRP restarts with them); with none, DVMRP does not start. */
    static final AcceptedConfiguration<DvmrpSettings> ACCEPTED = new AcceptedConfiguration<>(PID);

    @Activate
    public DvmrpComponent(@Reference PacketIo io, @Reference Scheduler scheduler, @Reference MgmService mgm, DvmrpSettings settings,
            Map<String, Object> properties) {
        this(io, scheduler, mgm, ACCEPTED.accept(properties, p -> validated(settings)));
    }

    /** With settings already accepted; throws IllegalArgumentException (naming the key) if they are invalid. */
    DvmrpComponent(PacketIo io, Scheduler scheduler, MgmService mgm, DvmrpSettings settings) {
        this.mgm = mgm;
        this.io = io;
        this.settings = settings;
        List<InterfaceConfig> ifs = new ArrayList<>();
        for (String name : names(settings.interfaces())) {
            InterfaceConfig c = map(io, settings, name);
            if (c != null) ifs.add(c);
            else missing.add(name);
        }
        DvmrpConfig config = config(settings, ifs);
        int genId = (int) (System.currentTimeMillis() / 1000);
        this.router = new DvmrpRouter(config, scheduler, io::send, genId);
        if (ifs.isEmpty() && missing.isEmpty())
            LOG.log(Level.INFO, "DVMRP: no interfaces configured (interfaces= in etc/{0}.cfg); idle", PID);
        if (!missing.isEmpty()) {
            LOG.log(Level.WARNING, "DVMRP: interfaces {0} are not served by the data plane (or have no IPv4 address) yet; trying again every {1} s",
                    missing, RETRY_SECONDS);
            retry = scheduler.scheduleAtFixedRate(this::retryMissing, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    static final int RETRY_SECONDS = 5;

    private static DvmrpConfig config(DvmrpSettings s, List<InterfaceConfig> ifs) {
        return new DvmrpConfig(ifs, s.probeInterval(), s.neighborTimeout(), s.reportInterval(), s.routeExpiration(), s.routeHoldDown(),
                s.flashUpdateInterval(), s.pruneLifetime(), s.graftRetransmit(), s.graftMaxAttempts(), injectRoutes(s.injectRoutes()), s.injectMetric());
    }

    /** {@code s} if every value in it is valid (interface names are checked against the data plane later). */
    static DvmrpSettings validated(DvmrpSettings s) {
        pairs(names(s.metrics()), "metrics");
        pairs(names(s.thresholds()), "thresholds");
        config(s, List.of());
        return s;
    }

    /** The DVMRP settings of one interface from the data plane's view, or null if it is not there (or has no address). */
    static InterfaceConfig map(PacketIo io, DvmrpSettings s, String name) {
        Optional<NetInterface> ni = io.interfaceByName(name);
        if (ni.isEmpty() || ni.get().addresses().isEmpty()) return null;
        NetInterface n = ni.get();
        NetInterface.InterfaceAddress a = n.addresses().getFirst();
        Map<String, Integer> metrics = pairs(names(s.metrics()), "metrics");
        Map<String, Integer> thresholds = pairs(names(s.thresholds()), "thresholds");
        return new InterfaceConfig(name, n.index(), a.address(), a.prefixLength(), metrics.getOrDefault(name, 1),
                thresholds.getOrDefault(name, Math.max(1, n.ttlThreshold())), n.mtu() > 0 ? n.mtu() : 1500);
    }

    private void retryMissing() {
        for (String name : missing) {
            InterfaceConfig c;
            try {
                c = map(io, settings, name);
            } catch (RuntimeException e) {
                continue;
            }
            if (c == null) continue;
            missing.remove(name);
            router.addInterface(c);
        }
        Scheduler.Timer t = retry;
        if (missing.isEmpty() && t != null) t.cancel();
    }

    /**
     * The configured list, tolerating the forms a .cfg file may hand over: a real array, one
     * comma-separated string, or the text of an array ({@code [ "eth1", "eth2" ]}) when the file was
     * read without typed values.
     */
    static List<String> names(String[] configured) {
        return org.openmgm.api.ConfigValues.list(configured);
    }

    /**
     * The {@code injectRoutes} list ({@code a.b.c.d/len} each, read with {@link org.openmgm.api.ConfigValues});
     * a bad entry throws an {@link IllegalArgumentException} naming the key and the entry.
     */
    static List<InjectedRoute> injectRoutes(String[] configured) {
        List<InjectedRoute> out = new ArrayList<>();
        for (String e : names(configured)) {
            try {
                out.add(InjectedRoute.parse(e));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("injectRoutes: " + x.getMessage());
            }
        }
        return out;
    }

    private static Map<String, Integer> pairs(List<String> entries, String what) {
        Map<String, Integer> out = new HashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException(what + ": expected NAME=VALUE, got " + e);
            try {
                out.put(e.substring(0, eq).trim(), Integer.parseInt(e.substring(eq + 1).trim()));
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException(what + ": not a number in " + e);
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        Scheduler.Timer t = retry;
        if (t != null) t.cancel();
        router.stop();
    }

    /** The protocol machine (for the dvmrp:* commands). */
    public DvmrpRouter router() {
        return router;
    }

    // --- MgmProtocol --------------------------------------------------------------------------

    @Override
    public void registered(ProtocolHandle handle) {
        router.start(handle, mgm);
    }

    @Override
    public void rpf(RpfRequest request) {
        router.rpf(request);
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {
        router.creationAlert(sg, incomingInterface, candidates);
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
        router.pruneAlert(key, iface, memberDelete, timeout);
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        router.joinAlert(key, memberUpdate);
    }

    @Override
    public void localJoin(MembershipKey key, InterfaceKey iface) {
        router.localJoin(key, iface);
    }

    @Override
    public void localLeave(MembershipKey key, InterfaceKey iface) {
        router.localLeave(key, iface);
    }

    @Override
    public MfeStatus mfeStatus(int ifIndex, int group, int source) {
        return router.mfeStatus(ifIndex, group, source);
    }

    // --- PacketListener, MulticastRib ---------------------------------------------------------

    @Override
    public void received(ReceivedPacket packet) {
        router.receive(packet.iface().index(), packet.ip());
    }

    @Override
    public Optional<RpfRoute> lookup(int source) {
        return router.lookup(source);
    }
}
