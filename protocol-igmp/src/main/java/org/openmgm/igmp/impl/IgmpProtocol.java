package org.openmgm.igmp.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.Scheduler;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.packet.ReceivedPacket;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.igmp.packet.IgmpCodec;
import org.openmgm.igmp.packet.ParseResult;
import org.openmgm.igmp.router.IgmpRouter;

/**
 * IGMP as the MGM's IGMP client (protocol id 10), without OSGi: takes the configured interfaces when
 * registered, feeds received packets to the {@link IgmpRouter}, answers creation alerts from the router's
 * forwarding state, and follows the disable/enable-IGMP bracket. {@link IgmpComponent} publishes it.
 */
public final class IgmpProtocol implements MgmProtocol, PacketListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.openmgm.igmp");

    private final IgmpSettings settings;
    private final Scheduler scheduler;
    private final PacketIo io;
    private final IgmpCodec codec;
    private final MgmBinding binding = new MgmBinding();
    private final IgmpRouter router;
    private final Object attachLock = new Object();
    /** Configured interfaces IGMP runs on, as they were when taken. */
    private final java.util.Map<String, NetInterface> attached = new java.util.LinkedHashMap<>();
    private volatile Scheduler.Timer watch;
    private volatile boolean closed;
    private List<String> lastMissing = List.of();

    public IgmpProtocol(IgmpSettings settings, Scheduler scheduler, PacketIo io) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.io = io;
        this.codec = new IgmpCodec(settings.requireRouterAlert());
        this.router = new IgmpRouter(scheduler, binding);
        binding.setPacketIo(io);
    }

    public IgmpRouter router() {
        return router;
    }

    public IgmpSettings settings() {
        return settings;
    }

    /** MGM-side counters: membership calls made, skipped while suspended, and MGM errors by code. */
    public java.util.Map<String, Long> mgmCounters() {
        var m = new java.util.LinkedHashMap<String, Long>();
        m.putAll(binding.counters.withPrefix("mgm"));
        binding.counters.withPrefix("mgmError").forEach((k, v) -> m.put("error." + k, v));
        binding.counters.withPrefix("sendError").forEach((k, v) -> m.put("sendError." + k, v));
        return m;
    }

    /** The proxy's RIB, or null in router mode. */
    public MulticastRib proxyRib() {
        return settings.proxy() ? new ProxyRib(io, settings.proxyUpstream(), settings.interfaces()) : null;
    }

    // ------------------------------------------------------------------ MGM callbacks

    @Override
    public void registered(ProtocolHandle handle) {
        binding.setHandle(handle);
        LOG.log(System.Logger.Level.INFO, "igmp: registered with the MGM as " + handle.id() + (settings.proxy()
                ? ", proxy mode, upstream " + settings.proxyUpstream() + ", downstream " + settings.interfaces()
                : ", router mode on " + settings.interfaces()));
        attachInterfaces();
        // Interfaces that appear later, go away, or change index or address are followed every retryInterval.
        watch = scheduler.scheduleAtFixedRate(this::checkInterfaces, settings.retryIntervalSeconds(), TimeUnit.SECONDS);
    }

    /** Detaches interfaces that disappeared or changed (index, primary address), then attaches what is missing. */
    void checkInterfaces() {
        synchronized (attachLock) {
            ProtocolHandle h = binding.handle();
            if (h == null || closed) return;
            for (var e : new ArrayList<>(attached.entrySet())) {
                NetInterface was = e.getValue();
                NetInterface now = io.interfaceByName(e.getKey()).orElse(null);
                if (now != null && now.index() == was.index() && now.primaryAddress() == was.primaryAddress()) continue;
                LOG.log(System.Logger.Level.INFO, "igmp: " + e.getKey() + (now == null ? " is gone" : " changed (ifIndex " + now.index()
                        + ", address " + org.openmgm.api.Ipv4.format(now.primaryAddress()) + ")") + "; IGMP stops there");
                attached.remove(e.getKey());
                router.removeInterface(was.index());
                try {
                    h.releaseInterface(was.key());
                } catch (MgmException ex) {
                    LOG.log(System.Logger.Level.WARNING, "igmp: releasing " + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        attachInterfaces();
    }

    /** Takes every configured interface the data plane knows and starts IGMP on it; retries the others later. */
    void attachInterfaces() {
        List<String> missing = new ArrayList<>();
        synchronized (attachLock) {
            ProtocolHandle h = binding.handle();
            if (h == null || closed) return;
            List<String> wanted = new ArrayList<>(settings.interfaces());
            if (settings.proxy()) wanted.add(0, settings.proxyUpstream());
            for (String name : wanted) {
                if (attached.containsKey(name)) continue;
                Optional<NetInterface> nif = io.interfaceByName(name);
                if (nif.isEmpty()) {
                    missing.add(name);
                    continue;
                }
                try {
                    h.takeInterface(nif.get().key());
                } catch (MgmException e) {
                    if (e.error() != MgmError.ALREADY_EXISTS) {
                        LOG.log(System.Logger.Level.WARNING, "igmp: cannot take " + name + ": " + e.getMessage());
                        missing.add(name);
                        continue;
                    }
                    LOG.log(System.Logger.Level.WARNING, "igmp: " + name + ": " + e.getMessage() + " (IGMP continues on it)");
                }
                if (name.equals(settings.proxyUpstream())) router.setUpstream(nif.get(), settings.parametersFor(name));
                else router.addInterface(nif.get(), settings.parametersFor(name));
                attached.put(name, nif.get());
            }
            if (!missing.isEmpty() && !missing.equals(lastMissing))
                LOG.log(System.Logger.Level.INFO, "igmp: interfaces not available yet " + missing + "; looking again every "
                        + settings.retryIntervalSeconds() + " s");
            lastMissing = missing;
        }
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {
        for (IfEntry e : candidates) {
            if (router.interfaceName(e.iface().ifIndex()) == null) continue; // not ours: leave the MGM's default
            if (!router.forwards(e.iface().ifIndex(), sg.source(), sg.group())) e.setEnabled(false);
        }
    }

    @Override
    public void disableIgmp(InterfaceKey iface) {
        binding.suspend(iface.ifIndex());
        router.setSuspended(iface.ifIndex(), true);
        LOG.log(System.Logger.Level.INFO, "igmp: membership changes on " + name(iface) + " suspended (ownership change)");
    }

    @Override
    public void enableIgmp(InterfaceKey iface) {
        binding.resume(iface.ifIndex());
        router.setSuspended(iface.ifIndex(), false);
        // Spec §5.9: never re-add from inside this callback; the scheduler's thread does it.
        scheduler.schedule(() -> {
            LOG.log(System.Logger.Level.INFO, "igmp: re-adding every membership on " + name(iface));
            router.reinstall(iface.ifIndex());
        }, 0, TimeUnit.MILLISECONDS);
    }

    private String name(InterfaceKey k) {
        String n = router.interfaceName(k.ifIndex());
        return n != null ? n : k.toString();
    }

    // ------------------------------------------------------------------ packets

    @Override
    public void received(ReceivedPacket packet) {
        if (closed) return;
        int ifIndex = packet.iface().index();
        switch (codec.parse(packet.ip())) {
            case ParseResult.Parsed p -> router.receive(ifIndex, p.message());
            case ParseResult.Ignored i -> router.countIgnored(i.type());
            case ParseResult.Dropped d -> {
                router.countDrop(ifIndex, d.reason());
                LOG.log(System.Logger.Level.DEBUG, "igmp: dropped a packet on " + packet.iface().name() + ": " + d);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Scheduler.Timer t = watch;
        if (t != null) t.cancel();
        // The MGM withdraws our memberships when it releases our interfaces (whiteboard) or when the handle's
        // owner closes it; only the proxy's upstream leaves still go out.
        binding.setHandle(null);
        router.close();
    }
}
