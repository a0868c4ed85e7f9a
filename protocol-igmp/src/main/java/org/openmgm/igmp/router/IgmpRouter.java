package org.openmgm.igmp.router;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.Scheduler;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.igmp.packet.DropReason;
import org.openmgm.igmp.packet.IgmpMessage;

/**
 * The IGMP state machine of the whole router: one {@link RouterInterface} per router-mode (or proxy
 * downstream) interface and, in proxy mode, one {@link ProxyUpstream}. Pure: fed with parsed messages and
 * {@link Scheduler} timers, it produces packets and membership changes through a {@link RouterOutput}.
 *
 * <p>Threading: every entry point takes one lock; outputs are queued under it and delivered in order after it
 * is released, by one thread at a time, so the MGM may call back into {@link #forwards} (creation alert) from
 * any thread without deadlock.
 */
public final class IgmpRouter {
    private static final System.Logger LOG = System.getLogger("org.openmgm.igmp");

    private final Scheduler scheduler;
    private final RouterOutput output;
    private final RandomGenerator random;
    private final Object lock = new Object();
    private final ArrayDeque<Consumer<RouterOutput>> pending = new ArrayDeque<>();
    private final ReentrantLock delivery = new ReentrantLock();
    private final Map<Integer, RouterInterface> interfaces = new TreeMap<>();
    private final Map<Integer, Counters> countersByIf = new TreeMap<>();
    private final Counters global = new Counters();
    private ProxyUpstream upstream;
    private final Set<Integer> suspended = new TreeSet<>();

    public IgmpRouter(Scheduler scheduler, RouterOutput output, RandomGenerator random) {
        this.scheduler = scheduler;
        this.output = output;
        this.random = random;
    }

    public IgmpRouter(Scheduler scheduler, RouterOutput output) {
        this(scheduler, output, RandomGenerator.of("L64X128MixRandom"));
    }

    // ------------------------------------------------------------------ configuration

    /** Runs IGMP in router mode (or as a proxy's downstream) on {@code nif}; starts querying at once. */
    public void addInterface(NetInterface nif, IgmpParameters params) {
        locked(() -> {
            if (interfaces.containsKey(nif.index()) || (upstream != null && upstream.ifIndex == nif.index()))
                throw new IllegalArgumentException("IGMP already runs on " + nif.name());
            RouterInterface ri = new RouterInterface(this, nif, params, countersFor(nif.index()));
            interfaces.put(nif.index(), ri);
            log("igmp: " + nif.name() + ": IGMPv" + params.version() + " router on " + org.openmgm.api.Ipv4.format(ri.address));
            ri.start();
        });
    }

    /**
     * Makes {@code nif} the proxy's upstream interface (RFC 4605): host behaviour there, and a (*,*)
     * membership so that traffic from downstream sources is forwarded upstream.
     */
    public void setUpstream(NetInterface nif, IgmpParameters params) {
        locked(() -> {
            if (upstream != null || interfaces.containsKey(nif.index()))
                throw new IllegalArgumentException("an upstream interface is already set, or IGMP runs on " + nif.name());
            upstream = new ProxyUpstream(this, nif, params, countersFor(nif.index()), random);
            log("igmp: " + nif.name() + ": proxy upstream interface");
            emit(o -> o.addMembership(nif.index(), MembershipKey.WILDCARD));
            for (RouterInterface ri : interfaces.values()) for (int g : ri.groups.keySet()) downstreamChanged(g);
        });
    }

    public void removeInterface(int ifIndex) {
        locked(() -> {
            RouterInterface ri = interfaces.remove(ifIndex);
            if (ri != null) {
                ri.stop();
                for (int g : new ArrayList<>(ri.groups.keySet())) downstreamChanged(g);
            }
            if (upstream != null && upstream.ifIndex == ifIndex) {
                upstream.stop();
                emit(o -> o.deleteMembership(ifIndex, MembershipKey.WILDCARD));
                upstream = null;
            }
        });
    }

    /** Stops everything: withdraws memberships and leaves upstream groups. */
    public void close() {
        List<Integer> all = new ArrayList<>();
        synchronized (lock) {
            all.addAll(interfaces.keySet());
            if (upstream != null) all.add(upstream.ifIndex);
        }
        for (int i : all) removeInterface(i);
    }

    // ------------------------------------------------------------------ input

    /** A parsed message arrived on {@code ifIndex}. Returns the drop reason (also counted), or null if it was used. */
    public DropReason receive(int ifIndex, IgmpMessage message) {
        DropReason[] r = new DropReason[1];
        locked(() -> {
            if (upstream != null && upstream.ifIndex == ifIndex) r[0] = upstream.receive(message);
            else {
                RouterInterface ri = interfaces.get(ifIndex);
                r[0] = ri == null ? DropReason.INTERFACE_NOT_ENABLED : ri.receive(message);
            }
        });
        if (r[0] != null) countDrop(ifIndex, r[0]);
        return r[0];
    }

    /** Counts a drop (the parser's too) globally and on the interface. */
    public void countDrop(int ifIndex, DropReason reason) {
        global.increment("drop." + reason.jsonName());
        Counters c;
        synchronized (lock) {
            c = countersByIf.get(ifIndex);
        }
        if (c != null) c.increment("drop." + reason.jsonName());
    }

    /** Counts a packet of another protocol on IP protocol 2 (DVMRP, mtrace): ignored, not bad. */
    public void countIgnored(int igmpType) {
        global.increment("ignored.type0x" + Integer.toHexString(igmpType));
    }

    /** True if (source, group) should be forwarded out of {@code ifIndex} as far as IGMP is concerned. */
    public boolean forwards(int ifIndex, int source, int group) {
        synchronized (lock) {
            if (upstream != null && upstream.ifIndex == ifIndex) return true;
            RouterInterface ri = interfaces.get(ifIndex);
            return ri != null && ri.forwards(source, group);
        }
    }

    /** The MGM suspended membership changes on {@code ifIndex} (disable-IGMP); only recorded for views. */
    public void setSuspended(int ifIndex, boolean value) {
        synchronized (lock) {
            if (value) suspended.add(ifIndex); else suspended.remove(ifIndex);
        }
    }

    /** Emits every membership this router holds on {@code ifIndex} again (after enable-IGMP). */
    public void reinstall(int ifIndex) {
        locked(() -> {
            RouterInterface ri = interfaces.get(ifIndex);
            if (ri != null) ri.reinstall();
            if (upstream != null && upstream.ifIndex == ifIndex) emit(o -> o.addMembership(ifIndex, MembershipKey.WILDCARD));
        });
    }

    // ------------------------------------------------------------------ views

    public List<Snapshots.InterfaceInfo> interfaces() {
        synchronized (lock) {
            List<Snapshots.InterfaceInfo> out = new ArrayList<>();
            String role = upstream == null ? "router" : "proxy-downstream";
            for (RouterInterface ri : interfaces.values()) out.add(ri.info(role, suspended.contains(ri.ifIndex)));
            if (upstream != null) out.add(upstream.info(suspended.contains(upstream.ifIndex)));
            out.sort((a, b) -> Integer.compare(a.ifIndex(), b.ifIndex()));
            return out;
        }
    }

    public List<Snapshots.GroupInfo> groups() {
        synchronized (lock) {
            List<Snapshots.GroupInfo> out = new ArrayList<>();
            for (RouterInterface ri : interfaces.values()) out.addAll(ri.groupInfos());
            out.sort((a, b) -> {
                int c = Integer.compareUnsigned(org.openmgm.api.Ipv4.parse(a.group()), org.openmgm.api.Ipv4.parse(b.group()));
                return c != 0 ? c : Integer.compare(a.ifIndex(), b.ifIndex());
            });
            return out;
        }
    }

    public List<Snapshots.UpstreamGroupInfo> upstreamGroups() {
        synchronized (lock) {
            return upstream == null ? List.of() : upstream.groupInfos();
        }
    }

    public boolean isQuerier(int ifIndex) {
        synchronized (lock) {
            RouterInterface ri = interfaces.get(ifIndex);
            return ri != null && ri.querier();
        }
    }

    public Counters globalCounters() {
        return global;
    }

    /** Counters per interface index. */
    public Map<Integer, Counters> interfaceCounters() {
        synchronized (lock) {
            return new TreeMap<>(countersByIf);
        }
    }

    public String interfaceName(int ifIndex) {
        synchronized (lock) {
            RouterInterface ri = interfaces.get(ifIndex);
            if (ri != null) return ri.nif.name();
            return upstream != null && upstream.ifIndex == ifIndex ? upstream.nif.name() : null;
        }
    }

    // ------------------------------------------------------------------ internals for the package

    long now() {
        return scheduler.nanoTime();
    }

    void emit(Consumer<RouterOutput> action) {
        pending.add(action); // under lock
    }

    void log(String message) {
        LOG.log(System.Logger.Level.INFO, message);
    }

    /** Arms {@code slot} to run {@code task} under the lock after {@code delayNanos}. Call under the lock. */
    void arm(TimerSlot slot, long delayNanos, Runnable task) {
        slot.cancel();
        long gen = slot.generation();
        long delay = Math.max(0, delayNanos);
        Scheduler.Timer t = scheduler.schedule(() -> locked(() -> {
            if (slot.fire(gen)) task.run();
        }), delay, TimeUnit.NANOSECONDS);
        slot.set(t, now() + delay);
    }

    /** Recomputes the proxy's merged state of {@code group} (RFC 4605 §4.1). Call under the lock. */
    void downstreamChanged(int group) {
        if (upstream == null) return;
        RouterInterface.HostState merged = null;
        Set<Integer> excludeIntersection = null;
        Set<Integer> includeUnion = new TreeSet<>(Integer::compareUnsigned);
        for (RouterInterface ri : interfaces.values()) {
            RouterInterface.HostState st = ri.hostState(group);
            if (st == null) continue;
            if (st.mode() == FilterMode.EXCLUDE) {
                if (excludeIntersection == null) excludeIntersection = new TreeSet<>(st.sources());
                else excludeIntersection.retainAll(st.sources());
            } else includeUnion.addAll(st.sources());
        }
        if (excludeIntersection != null) {
            excludeIntersection.removeAll(includeUnion);
            merged = new RouterInterface.HostState(FilterMode.EXCLUDE, excludeIntersection);
        } else if (!includeUnion.isEmpty()) merged = new RouterInterface.HostState(FilterMode.INCLUDE, includeUnion);
        upstream.update(group, merged, upstream.params.robustness());
    }

    private Counters countersFor(int ifIndex) {
        return countersByIf.computeIfAbsent(ifIndex, k -> new Counters());
    }

    /** Runs {@code body} under the lock, then delivers the outputs it queued. */
    private void locked(Runnable body) {
        synchronized (lock) {
            body.run();
        }
        deliver();
    }

    private void deliver() {
        if (delivery.isHeldByCurrentThread()) return; // re-entered from an output: the outer loop delivers
        delivery.lock();
        try {
            while (true) {
                Consumer<RouterOutput> next;
                synchronized (lock) {
                    next = pending.poll();
                }
                if (next == null) return;
                try {
                    next.accept(output);
                } catch (RuntimeException e) {
                    global.increment("outputFault");
                    LOG.log(System.Logger.Level.WARNING, "igmp: output failed: " + e);
                }
            }
        } finally {
            delivery.unlock();
        }
    }
}
