package org.openmgm.core;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openmgm.api.AcceptedConfiguration;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.InterfaceView;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MfeStats;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.Scheduler;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.MulticastRib;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The MGM as an OSGi service, configured by PID {@code org.openmgm.core}, and the whiteboard that
 * registers every {@link MgmProtocol} service: when one appears it is registered with its protocol and
 * component id and handed its handle; when it goes away every interface it held is released (with the
 * alerts of spec §4.4) and it is deregistered.
 */
@Component(service = {MgmService.class, MgmComponent.class}, configurationPid = MgmComponent.PID, immediate = true)
@Designate(ocd = MgmSettings.class)
public final class MgmComponent implements MgmService {
    public static final String PID = "org.openmgm.core";
    private static final System.Logger LOG = System.getLogger("org.openmgm.core");

    private final MgmEngine engine;
    private final Map<MgmProtocol, Future<ProtocolHandle>> whiteboard = new ConcurrentHashMap<>();
    private final ExecutorService registrar = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "openmgm-whiteboard");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public MgmComponent(@Reference Scheduler scheduler, Map<String, Object> properties) {
        MgmConfig cfg;
        try {
            cfg = MgmSettingsReader.toConfig(properties);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "configuration rejected ({0}): {1}; starting with defaults", AcceptedConfiguration.source(PID, properties), e.getMessage());
            cfg = MgmConfig.defaults();
        }
        engine = new MgmEngine(cfg, scheduler);
        LOG.log(Level.INFO, "MGM started: {0}", cfg);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            MgmConfig cfg = MgmSettingsReader.toConfig(properties);
            engine.reconfigure(cfg);
            LOG.log(Level.INFO, "MGM reconfigured: {0}", cfg);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "configuration rejected ({0}): {1}; previous configuration stays in force",
                    AcceptedConfiguration.source(PID, properties), e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        registrar.shutdown();
        try {
            registrar.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
    }

    /** The engine behind this service (for the shell and tests). */
    public MgmEngine engine() {
        return engine;
    }

    // --- whiteboard -------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindProtocol(MgmProtocol protocol, Map<String, Object> props) {
        int pid, cid;
        try {
            pid = intProperty(props, MgmProtocol.PROTOCOL_ID);
            cid = intProperty(props, MgmProtocol.COMPONENT_ID);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "protocol service {0} ignored: {1}", props.get(Constants.SERVICE_ID), e.getMessage());
            return;
        }
        String name = String.valueOf(props.getOrDefault("component.name", protocol.getClass().getSimpleName()));
        // Registration runs on our own thread so a protocol's registered() never runs inside SCR's bind.
        whiteboard.put(protocol, registrar.submit(() -> {
            try {
                ProtocolHandle h = engine.register(pid, cid, name, protocol);
                try {
                    protocol.registered(h);
                } catch (RuntimeException e) {
                    // Keep the handle: whatever the protocol did before failing is cleaned up when it leaves.
                    engine.countFault(h.id(), "registered", e);
                }
                return h;
            } catch (MgmException e) {
                LOG.log(Level.ERROR, "protocol {0} ({1}) could not register: {2}", name, pid + "/" + cid, e.getMessage());
                return null;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "protocol " + name + " failed in registered(): " + e, e);
                return null;
            }
        }));
    }

    void unbindProtocol(MgmProtocol protocol) {
        Future<ProtocolHandle> f = whiteboard.remove(protocol);
        if (f == null) return;
        try {
            Future<?> done = registrar.isShutdown() ? null : registrar.submit(() -> closeHandle(f));
            if (done != null) done.get(30, TimeUnit.SECONDS);
            else closeHandle(f);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "cleanup of a departing protocol failed: " + e, e);
        }
    }

    private static void closeHandle(Future<ProtocolHandle> f) {
        try {
            ProtocolHandle h = f.get(30, TimeUnit.SECONDS);
            if (h != null) {
                h.close();
                LOG.log(Level.INFO, "protocol {0} left: its interfaces were released and it was deregistered", h.id());
            }
        } catch (Exception e) {
            LOG.log(Level.ERROR, "cleanup of a departing protocol failed: " + e, e);
        }
    }

    static int intProperty(Map<String, Object> props, String key) {
        Object v = props.get(key);
        if (v instanceof Number n) return n.intValue();
        if (v instanceof String s) {
            try {
                return Integer.decode(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is not an integer: " + s);
            }
        }
        throw new IllegalArgumentException("service property " + key + " is missing");
    }

    // --- SPI consumers ----------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindForwarder(Forwarder f) {
        engine.setForwarder(f);
    }

    void unbindForwarder(Forwarder f) {
        engine.setForwarder(null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindRib(MulticastRib rib, Map<String, Object> props) {
        Object r = props.get(Constants.SERVICE_RANKING);
        engine.addRib(rib, r instanceof Integer i ? i : 0);
    }

    void unbindRib(MulticastRib rib) {
        engine.removeRib(rib);
    }

    // --- MgmService -------------------------------------------------------------------------

    @Override
    public ProtocolHandle register(int protocolId, int componentId, String name, MgmProtocol callbacks) {
        return engine.register(protocolId, componentId, name, callbacks);
    }

    @Override
    public ProtocolId protocolOnInterface(InterfaceKey iface) {
        return engine.protocolOnInterface(iface);
    }

    @Override
    public Mfe mfe(SourceGroup sg) {
        return engine.mfe(sg);
    }

    @Override
    public MfeStats mfeStats(SourceGroup sg) {
        return engine.mfeStats(sg);
    }

    @Override
    public java.util.List<Mfe> mfes(SourceGroup after, int max) {
        return engine.mfes(after, max);
    }

    @Override
    public java.util.List<MfeStats> mfeStats(SourceGroup after, int max) {
        return engine.mfeStats(after, max);
    }

    @Override
    public int mfeCount() {
        return engine.mfeCount();
    }

    @Override
    public java.util.List<ProtocolView> protocols() {
        return engine.protocols();
    }

    @Override
    public java.util.List<InterfaceView> interfaces() {
        return engine.interfaces();
    }

    @Override
    public java.util.List<MembershipView> memberships() {
        return engine.memberships();
    }

    @Override
    public java.util.List<MembershipView> memberships(MembershipKey key) {
        return engine.memberships(key);
    }
}
