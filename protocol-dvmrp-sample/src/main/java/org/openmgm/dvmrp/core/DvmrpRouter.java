package org.openmgm.dvmrp.core;

import java.lang.System.Logger.Level;
import java.util.*;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.openmgm.api.*;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.spi.RpfRoute;
import org.openmgm.dvmrp.wire.*;
import org.openmgm.dvmrp.wire.DvmrpMessage.*;

/**
 * The DVMRP protocol machine (draft-ietf-idmr-dvmrp-v3-11) as an MGM client: neighbour discovery with
 * probes, distance-vector route exchange with split horizon and poison reverse, designated forwarders,
 * truncated broadcast trees, prunes and grafts. It is the {@link MgmProtocol} (RFC 2715 §4 DVMRP
 * component) and the {@link MulticastRib} of the sources it has routes to.
 *
 * <p>It does no I/O: packets go out through {@link Transport}, come in through {@link #receive}, time
 * through {@link Scheduler}. State is guarded by this object's monitor and the MGM is never called with
 * it held: MGM calls and packet sends are queued while the monitor is held and run after it is released.
 */
public final class DvmrpRouter implements MgmProtocol, MulticastRib {
    /** Protocol id: RouteProtocolDvmrp = 17 in Windows nldef.h (IANAipRouteProtocol dvmrp(17), RFC 4292). */
    public static final int PROTOCOL_ID = 17;
    public static final int INFINITY = 32;
    public static final int ALL_DVMRP_ROUTERS = 0xE0000004;
    /** The interface index of an injected (external) route: it comes from no DVMRP interface. */
    public static final int NO_INTERFACE = -1;

    private static final System.Logger LOG = System.getLogger(DvmrpRouter.class.getName());

    /** Where packets go out. */
    @FunctionalInterface
    public interface Transport {
        void send(int ifIndex, byte[] ipPacket);
    }

    private final DvmrpConfig config;
    private final Scheduler scheduler;
    private final Transport transport;
    private final int generationId;
    private final Map<Integer, Iface> ifaces = new LinkedHashMap<>();
    private final Set<Integer> ownAddresses = new HashSet<>();
    private final TreeMap<Long, Route> routes = new TreeMap<>(Long::compareUnsigned);
    /** Prunes received from downstream neighbours: (origin, mask, group) -> per (ifIndex, neighbour). */
    private final Map<PruneKey, Map<IfNbr, DownstreamPrune>> downstream = new HashMap<>();
    /** Prunes sent upstream and grafts waiting for their ack, per (S,G). */
    private final Map<SourceGroup, Upstream> upstream = new HashMap<>();

    private final Map<String, LongAdder> received = new TreeMap<>();
    private final Map<String, LongAdder> sent = new TreeMap<>();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final Map<String, LongAdder> events = new TreeMap<>();

    private volatile ProtocolHandle handle;
    private volatile MgmService mgm;
    private List<Runnable> pending = new ArrayList<>();
    /** MGM calls waiting to run outside the monitor, in the order they were queued. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> actions = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.locks.ReentrantLock actionLock = new java.util.concurrent.locks.ReentrantLock();
    private final List<Scheduler.Timer> timers = new ArrayList<>();
    private Scheduler.Timer flashTimer;
    private long lastFlashNanos = Long.MIN_VALUE / 2;
    private boolean running;

    public DvmrpRouter(DvmrpConfig config, Scheduler scheduler, Transport transport, int generationId) {
        this.config = config;
        this.scheduler = scheduler;
        this.transport = transport;
        this.generationId = generationId;
        for (DropReason r : DropReason.values()) dropped.put(r, new LongAdder());
        for (InterfaceConfig c : config.interfaces()) {
            if (ifaces.put(c.ifIndex(), new Iface(c)) != null) throw new IllegalArgumentException("interface index " + c.ifIndex() + " configured twice");
            ownAddresses.add(c.address());
        }
    }

    // ------------------------------------------------------------------------------------------------
    // state

    private static final class Iface {
        final InterfaceConfig cfg;
        final TreeMap<Integer, Neighbor> neighbors = new TreeMap<>(Integer::compareUnsigned);
        final Set<MembershipKey> localMembers = new HashSet<>();
        boolean wildcardJoined;

        Iface(InterfaceConfig cfg) {
            this.cfg = cfg;
        }

        boolean hasTwoWay() {
            for (Neighbor n : neighbors.values()) if (n.twoWay) return true;
            return false;
        }
    }

    private static final class Neighbor {
        final int address;
        final int ifIndex;
        int generationId;
        Header header;
        boolean twoWay;
        long upSince;
        long expiresAt;
        Scheduler.Timer expiry;

        Neighbor(int address, int ifIndex) {
            this.address = address;
            this.ifIndex = ifIndex;
        }
    }

    enum RouteState { ACTIVE, HOLD_DOWN }

    /**
     * A route of the table: learned from a DVMRP neighbour, local (an interface's subnet), or external
     * (injected by configuration for sources reached through another protocol, RFC 2715 §1: no
     * interface ({@link #NO_INTERFACE}), no upstream, never expires, never replaced by a report, and
     * not published for RPF).
     */
    private static final class Route {
        final int network, mask;
        final boolean local;
        final boolean external;
        int metric;
        int ifIndex;
        int upstream;
        RouteState state = RouteState.ACTIVE;
        long since;
        long expiresAt;
        Scheduler.Timer timer;
        boolean changed;
        /** Unpoisoned metrics heard from other routers on each interface (for the designated forwarder). */
        final Map<Integer, Map<Integer, Integer>> reports = new HashMap<>();
        /** Downstream routers that poisoned this route back to us, per interface. */
        final Map<Integer, Set<Integer>> dependents = new HashMap<>();

        Route(int network, int mask, boolean local) {
            this(network, mask, local, false);
        }

        Route(int network, int mask, boolean local, boolean external) {
            this.network = network;
            this.mask = mask;
            this.local = local;
            this.external = external;
        }

        long key() {
            return routeKey(network, mask);
        }

        boolean contains(int ip) {
            return (ip & mask) == network;
        }

        boolean reachable() {
            return state == RouteState.ACTIVE && metric < INFINITY;
        }

        String prefix() {
            return Ipv4.format(network) + "/" + Ipv4.prefixLength(mask);
        }
    }

    private static long routeKey(int network, int mask) {
        // longer masks first within the same network; ordering is only for stable output
        return ((long) network << 32) | (mask & 0xFFFFFFFFL);
    }

    record PruneKey(int network, int mask, int group) {}

    record IfNbr(int ifIndex, int neighbor) {}

    private static final class DownstreamPrune {
        long lifetime;
        long expiresAt;
        Scheduler.Timer timer;
    }

    private static final class Upstream {
        int ifIndex;
        int neighbor;
        boolean pruned;
        long lifetime;
        long expiresAt;
        Scheduler.Timer pruneTimer;
        Scheduler.Timer graftTimer;
        int graftAttempts;
    }

    // ------------------------------------------------------------------------------------------------
    // lifecycle

    /** Takes ownership of the interfaces and starts probing and reporting. */
    public void start(ProtocolHandle handle, MgmService mgm) {
        this.handle = handle;
        this.mgm = mgm;
        run(() -> {
            running = true;
            for (Iface i : ifaces.values()) enable(i);
            for (InjectedRoute p : config.injectRoutes()) inject(p);
            timers.add(scheduler.scheduleAtFixedRate(() -> run(() -> {
                if (running) for (Iface i : ifaces.values()) sendProbe(i);
            }), config.probeInterval(), TimeUnit.SECONDS));
            timers.add(scheduler.scheduleAtFixedRate(() -> run(() -> {
                if (running) for (Iface i : ifaces.values()) sendReport(i, false);
            }), config.reportInterval(), TimeUnit.SECONDS));
        });
        LOG.log(Level.INFO, "DVMRP started on {0} with generation id {1}", names(), Integer.toUnsignedString(generationId));
    }

    /** The interface's local route, ownership and first probe. */
    private void enable(Iface i) {
        Route r = new Route(i.cfg.network(), i.cfg.mask(), true);
        r.metric = i.cfg.metric();
        r.ifIndex = i.cfg.ifIndex();
        r.since = now();
        Route old = routes.put(r.key(), r);
        if (old != null && old.timer != null) old.timer.cancel();
        routeChanged(r);
        ProtocolHandle h = handle;
        later(() -> h.takeInterface(i.cfg.key()));
        sendProbe(i);
    }

    /**
     * RFC 2715 §1: a route this router originates for sources reached through another protocol. A
     * local subnet with the same prefix is kept (its sources are on that interface).
     */
    private void inject(InjectedRoute p) {
        Route existing = routes.get(routeKey(p.network(), p.mask()));
        if (existing != null && existing.local) {
            Iface i = ifaces.get(existing.ifIndex);
            LOG.log(Level.WARNING, "DVMRP: injected route {0} is the subnet of {1}; the interface route is kept", p, i == null ? "?" : i.cfg.name());
            return;
        }
        Route r = new Route(p.network(), p.mask(), false, true);
        r.metric = config.injectMetric();
        r.ifIndex = NO_INTERFACE;
        r.upstream = 0;
        r.since = now();
        Route old = routes.put(r.key(), r);
        if (old != null && old.timer != null) old.timer.cancel();
        routeChanged(r);
        count(events, "routesInjected");
        LOG.log(Level.INFO, "DVMRP injects {0} with metric {1} (RFC 2715 route injection)", p, r.metric);
    }

    /**
     * Adds an interface to a running router (one that was not available when it started): its subnet
     * becomes a local route, it is taken from the MGM and probing starts there.
     */
    public void addInterface(InterfaceConfig c) {
        run(() -> {
            if (ifaces.containsKey(c.ifIndex())) return;
            Iface i = new Iface(c);
            ifaces.put(c.ifIndex(), i);
            ownAddresses.add(c.address());
            if (running) enable(i);
            LOG.log(Level.INFO, "DVMRP runs on {0} now", c.name());
        });
    }

    /** Stops timers; the caller closes the handle (which releases the interfaces). */
    public void stop() {
        synchronized (this) {
            running = false;
            timers.forEach(Scheduler.Timer::cancel);
            timers.clear();
            if (flashTimer != null) flashTimer.cancel();
            for (Iface i : ifaces.values()) for (Neighbor n : i.neighbors.values()) if (n.expiry != null) n.expiry.cancel();
            for (Route r : routes.values()) if (r.timer != null) r.timer.cancel();
            for (Map<IfNbr, DownstreamPrune> m : downstream.values()) for (DownstreamPrune p : m.values()) if (p.timer != null) p.timer.cancel();
            for (Upstream u : upstream.values()) cancelUpstreamTimers(u);
            pending.clear();
            actions.clear();
        }
        LOG.log(Level.INFO, "DVMRP stopped on {0}", names());
    }

    private List<String> names() {
        return ifaces.values().stream().map(i -> i.cfg.name()).toList();
    }

    public int generationId() {
        return generationId;
    }

    public DvmrpConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------
    // the monitor and the queue of actions run outside it

    private void run(Runnable body) {
        synchronized (this) {
            body.run();
            actions.addAll(pending);
            pending = new ArrayList<>();
        }
        // MGM calls leave in the order the monitor queued them, whichever thread queued them: a membership
        // on an interface must not overtake the take of that interface queued by another thread. Never
        // wait for the action lock while holding the monitor (a callback re-entering run() takes the
        // monitor while this thread holds the action lock).
        actionLock.lock();
        try {
            for (Runnable r; (r = actions.poll()) != null; ) {
                try {
                    r.run();
                } catch (MgmException e) {
                    count(events, "mgmErrors");
                    LOG.log(Level.DEBUG, "MGM refused a DVMRP request: {0}", e.getMessage());
                } catch (RuntimeException e) {
                    count(events, "actionFailures");
                    LOG.log(Level.WARNING, "DVMRP action failed: " + e, e);
                }
            }
        } finally {
            actionLock.unlock();
        }
    }

    private void later(Runnable r) {
        pending.add(r);
    }

    private long now() {
        return scheduler.nanoTime();
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    private Long remaining(long expiresAt) {
        long left = expiresAt - now();
        return left <= 0 ? 0L : (left + 999_999_999L) / 1_000_000_000L;
    }

    private static void count(Map<String, LongAdder> m, String key) {
        synchronized (m) {
            m.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    private void drop(DropReason reason, String detail) {
        dropped.get(reason).increment();
        LOG.log(Level.DEBUG, "DVMRP dropped a packet ({0}): {1}", reason, detail);
    }

    // ------------------------------------------------------------------------------------------------
    // sending

    private void send(Iface i, int destination, DvmrpMessage m) {
        byte[] packet = DvmrpCodec.encodeIp(i.cfg.address(), destination, m);
        int ifIndex = i.cfg.ifIndex();
        String kind = kind(m);
        later(() -> {
            try {
                transport.send(ifIndex, packet);
                count(sent, kind);
            } catch (RuntimeException e) {
                count(events, "sendFailures");
                LOG.log(Level.DEBUG, "DVMRP could not send a {0} on if{1}: {2}", kind, ifIndex, e.getMessage());
            }
        });
    }

    private static String kind(DvmrpMessage m) {
        return switch (m) {
            case Probe p -> "probe";
            case Report r -> "report";
            case AskNeighbors2 a -> "askNeighbors2";
            case Neighbors2 n -> "neighbors2";
            case Prune p -> "prune";
            case Graft g -> "graft";
            case GraftAck g -> "graftAck";
        };
    }

    private void sendProbe(Iface i) {
        send(i, ALL_DVMRP_ROUTERS, new Probe(Header.OPENMGM, generationId, List.copyOf(i.neighbors.keySet())));
    }

    /** Sends the routing table (or only changed routes) on {@code i}, with split horizon and poison reverse. */
    private void sendReport(Iface i, boolean changedOnly) {
        if (!i.hasTwoWay()) return;
        List<RouteEntry> entries = new ArrayList<>();
        List<Route> ordered = new ArrayList<>(routes.values());
        ordered.sort(Comparator.comparingInt((Route r) -> ~r.mask).thenComparing((a, b) -> Integer.compareUnsigned(a.network, b.network)));
        for (Route r : ordered) {
            if (changedOnly && !r.changed) continue;
            if (r.local && r.ifIndex == i.cfg.ifIndex()) continue; // the link's own subnet: every router on it has it
            if (Ipv4.prefixLength(r.mask) < 8 && r.mask != 0) continue;
            int metric = Math.min(r.metric, INFINITY);
            if (r.state == RouteState.HOLD_DOWN) metric = INFINITY;
            if (!r.local && r.ifIndex == i.cfg.ifIndex() && metric < INFINITY) metric += INFINITY; // poison reverse
            entries.add(new RouteEntry(r.network, r.mask, metric));
        }
        if (entries.isEmpty()) return;
        int max = Math.min(i.cfg.mtu(), 1500) - DvmrpCodec.IP_HEADER_LENGTH;
        for (Report rep : DvmrpCodec.splitReports(Header.OPENMGM, entries, max)) send(i, ALL_DVMRP_ROUTERS, rep);
    }

    private void routeChanged(Route r) {
        r.changed = true;
        if (flashTimer != null || !running) return;
        long earliest = lastFlashNanos + TimeUnit.SECONDS.toNanos(config.flashUpdateInterval());
        long delay = Math.max(0, earliest - now());
        flashTimer = scheduler.schedule(() -> run(this::flash), delay, TimeUnit.NANOSECONDS);
    }

    private void flash() {
        flashTimer = null;
        if (!running) return;
        lastFlashNanos = now();
        count(events, "flashUpdates");
        for (Iface i : ifaces.values()) sendReport(i, true);
        for (Route r : routes.values()) r.changed = false;
    }

    // ------------------------------------------------------------------------------------------------
    // receiving

    /** A packet (IP protocol 2) arrived on {@code ifIndex}. Non-DVMRP IGMP is ignored without counting. */
    public void receive(int ifIndex, byte[] ip) {
        DvmrpCodec.IpDvmrp p;
        try {
            p = DvmrpCodec.parseIp(ip, ip.length);
        } catch (DvmrpParseException e) {
            drop(e.reason(), e.getMessage());
            return;
        }
        if (p == null) return;
        run(() -> dispatch(ifIndex, p));
    }

    private void dispatch(int ifIndex, DvmrpCodec.IpDvmrp p) {
        if (!running) return;
        Iface i = ifaces.get(ifIndex);
        if (i == null) {
            drop(DropReason.NOT_DVMRP_INTERFACE, "if" + ifIndex);
            return;
        }
        int from = p.source();
        if (ownAddresses.contains(from)) {
            drop(DropReason.FROM_SELF, Ipv4.format(from));
            return;
        }
        DvmrpMessage m = p.message();
        count(received, kind(m));
        if (m instanceof AskNeighbors2) {
            // mrinfo may ask from anywhere; answer with the Neighbors2 list
            send(i, from, neighbors2());
            return;
        }
        if (!i.cfg.onLink(from)) {
            drop(DropReason.NOT_ON_LINK, Ipv4.format(from) + " on " + i.cfg.name());
            return;
        }
        if (m.header().major() < 3) {
            drop(DropReason.OLD_VERSION, Ipv4.format(from) + " speaks DVMRP " + m.header().major() + "." + m.header().minor());
            return;
        }
        switch (m) {
            case Probe pr -> onProbe(i, from, pr);
            case Report r -> onReport(i, from, r);
            case Prune pr -> onPrune(i, from, pr);
            case Graft g -> onGraft(i, from, g);
            case GraftAck a -> onGraftAck(i, from, a);
            case Neighbors2 n -> { } // answers to someone's mrinfo: nothing to learn
            case AskNeighbors2 a -> { }
        }
    }

    private Neighbors2 neighbors2() {
        List<Neighbors2Entry> entries = new ArrayList<>();
        for (Iface i : ifaces.values()) {
            List<Integer> nbrs = new ArrayList<>(i.neighbors.keySet());
            int flags = nbrs.isEmpty() ? Neighbors2Entry.FLAG_LEAF : 0;
            if (nbrs.isEmpty()) nbrs.add(0);
            entries.add(new Neighbors2Entry(i.cfg.address(), i.cfg.metric(), i.cfg.threshold(), flags, nbrs));
        }
        return new Neighbors2(Header.OPENMGM, entries);
    }

    // ------------------------------------------------------------------------------------------------
    // neighbours

    private void onProbe(Iface i, int from, Probe p) {
        Neighbor n = i.neighbors.get(from);
        boolean isNew = n == null;
        if (n != null && n.generationId != p.generationId()) {
            count(events, "generationIdChanges");
            LOG.log(Level.INFO, "DVMRP neighbour {0} on {1} restarted (generation id {2} -> {3})",
                    Ipv4.format(from), i.cfg.name(), Integer.toUnsignedString(n.generationId), Integer.toUnsignedString(p.generationId()));
            loseNeighbor(i, n);
            isNew = true;
            n = null;
        }
        if (n == null) {
            n = new Neighbor(from, i.cfg.ifIndex());
            n.upSince = now();
            i.neighbors.put(from, n);
            count(events, "neighborsUp");
        }
        n.generationId = p.generationId();
        n.header = p.header();
        boolean wasTwoWay = n.twoWay && !isNew;
        n.twoWay = p.neighbors().contains(i.cfg.address());
        refreshNeighbor(i, n);
        if (isNew) {
            LOG.log(Level.INFO, "DVMRP neighbour {0} on {1} ({2})", Ipv4.format(from), i.cfg.name(), n.twoWay ? "two-way" : "one-way");
            sendProbe(i); // let it see us at once
        }
        if (n.twoWay && !wasTwoWay) {
            if (!isNew) LOG.log(Level.INFO, "DVMRP neighbour {0} on {1} is two-way", Ipv4.format(from), i.cfg.name());
            sendReport(i, false);
            updateWildcard(i);
        } else if (!n.twoWay && wasTwoWay) {
            LOG.log(Level.INFO, "DVMRP neighbour {0} on {1} no longer lists us", Ipv4.format(from), i.cfg.name());
            forgetNeighborState(i, n);
            updateWildcard(i);
        }
    }

    private void refreshNeighbor(Iface i, Neighbor n) {
        if (n.expiry != null) n.expiry.cancel();
        n.expiresAt = now() + TimeUnit.SECONDS.toNanos(config.neighborTimeout());
        n.expiry = scheduler.schedule(() -> run(() -> {
            if (i.neighbors.get(n.address) == n && now() >= n.expiresAt) {
                LOG.log(Level.INFO, "DVMRP neighbour {0} on {1} timed out", Ipv4.format(n.address), i.cfg.name());
                count(events, "neighborsTimedOut");
                loseNeighbor(i, n);
            }
        }), config.neighborTimeout(), TimeUnit.SECONDS);
    }

    private void loseNeighbor(Iface i, Neighbor n) {
        if (n.expiry != null) n.expiry.cancel();
        i.neighbors.remove(n.address);
        forgetNeighborState(i, n);
        updateWildcard(i);
    }

    /** Everything learned from a neighbour: its routes, its dependency and prunes, our prunes sent to it. */
    private void forgetNeighborState(Iface i, Neighbor n) {
        int ifIndex = i.cfg.ifIndex();
        for (Route r : routes.values()) {
            Map<Integer, Integer> rep = r.reports.get(ifIndex);
            if (rep != null) rep.remove(n.address);
            Set<Integer> deps = r.dependents.get(ifIndex);
            if (deps != null) deps.remove(n.address);
            if (!r.local && r.upstream == n.address && r.ifIndex == ifIndex && r.state == RouteState.ACTIVE) holdDown(r);
        }
        for (Map<IfNbr, DownstreamPrune> m : downstream.values()) {
            DownstreamPrune p = m.remove(new IfNbr(ifIndex, n.address));
            if (p != null && p.timer != null) p.timer.cancel();
        }
        downstream.values().removeIf(Map::isEmpty);
        for (Iterator<Map.Entry<SourceGroup, Upstream>> it = upstream.entrySet().iterator(); it.hasNext(); ) {
            Upstream u = it.next().getValue();
            if (u.ifIndex == ifIndex && u.neighbor == n.address) {
                cancelUpstreamTimers(u);
                it.remove();
            }
        }
        reconcileLater(sg -> true);
    }

    /** RFC 2715 §4: DVMRP is a wildcard receiver on every interface with a DVMRP neighbour. */
    private void updateWildcard(Iface i) {
        boolean want = i.hasTwoWay() && running;
        if (want == i.wildcardJoined) return;
        i.wildcardJoined = want;
        InterfaceKey key = i.cfg.key();
        ProtocolHandle h = handle;
        if (h == null) return;
        if (want) {
            later(() -> h.addMembership(MembershipKey.WILDCARD, key, MgmConstants.MGM_JOIN_STATE_FLAG));
            reconcileLater(sg -> true);
        } else {
            later(() -> h.deleteMembership(MembershipKey.WILDCARD, key, MgmConstants.MGM_JOIN_STATE_FLAG));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // routes

    private void onReport(Iface i, int from, Report rep) {
        Neighbor n = i.neighbors.get(from);
        if (n == null || !n.twoWay) {
            drop(DropReason.NOT_NEIGHBOR, "report from " + Ipv4.format(from) + " on " + i.cfg.name());
            return;
        }
        refreshNeighbor(i, n);
        int ifIndex = i.cfg.ifIndex();
        boolean forwardingChanged = false;
        for (RouteEntry e : rep.routes()) {
            int m = e.metric();
            if (m == 0 || m >= 2 * INFINITY) {
                drop(DropReason.BAD_ROUTE, e + " from " + Ipv4.format(from));
                continue;
            }
            Route r = routes.get(routeKey(e.network(), e.mask()));
            if (m > INFINITY) {
                // poison reverse: the sender's route to the origin goes through us
                if (r != null) {
                    if (heardRemove(r, ifIndex, from)) forwardingChanged = true;
                    if (!r.local && r.upstream == from && r.ifIndex == ifIndex) {
                        if (r.state == RouteState.ACTIVE) holdDown(r); // our upstream now routes through us
                        forwardingChanged = true;
                        continue;
                    }
                    if (r.ifIndex != ifIndex && r.dependents.computeIfAbsent(ifIndex, k -> new HashSet<>()).add(from)) forwardingChanged = true;
                }
                continue;
            }
            if (r != null) {
                Set<Integer> deps = r.dependents.get(ifIndex);
                if (deps != null && deps.remove(from)) forwardingChanged = true;
            }
            int adjusted = Math.min(m + i.cfg.metric(), INFINITY);
            if (r == null) {
                if (adjusted >= INFINITY) continue;
                r = new Route(e.network(), e.mask(), false);
                r.metric = adjusted;
                r.ifIndex = ifIndex;
                r.upstream = from;
                r.since = now();
                routes.put(r.key(), r);
                refreshRoute(r);
                routeChanged(r);
                count(events, "routesLearned");
                LOG.log(Level.DEBUG, "DVMRP route {0} via {1} metric {2}", r.prefix(), Ipv4.format(from), adjusted);
                continue;
            }
            if (r.local || r.external) {
                // our own subnet or an injected route: authoritative here; the report only counts for
                // the designated-forwarder choice on that link
                if (heard(r, ifIndex, from, m)) forwardingChanged = true;
                continue;
            }
            if (r.upstream == from && r.ifIndex == ifIndex) {
                if (adjusted >= INFINITY) {
                    if (r.state == RouteState.ACTIVE) holdDown(r);
                } else {
                    boolean changed = adjusted != r.metric || r.state != RouteState.ACTIVE;
                    r.metric = adjusted;
                    r.state = RouteState.ACTIVE;
                    refreshRoute(r);
                    if (changed) {
                        routeChanged(r);
                        forwardingChanged = true;
                    }
                }
                continue;
            }
            boolean better = adjusted < INFINITY && (!r.reachable() || adjusted < r.metric
                    || (adjusted == r.metric && Integer.compareUnsigned(from, r.upstream) < 0));
            if (better) {
                LOG.log(Level.INFO, "DVMRP route {0} moves to {1} via {2} metric {3}", r.prefix(), i.cfg.name(), Ipv4.format(from), adjusted);
                r.metric = adjusted;
                r.ifIndex = ifIndex;
                r.upstream = from;
                r.state = RouteState.ACTIVE;
                r.since = now();
                r.dependents.remove(ifIndex);
                Map<Integer, Integer> h = r.reports.get(ifIndex);
                if (h != null) h.remove(from);
                refreshRoute(r);
                routeChanged(r);
                forwardingChanged = true;
                count(events, "routeChanges");
            } else if (heard(r, ifIndex, from, m)) {
                forwardingChanged = true; // the designated forwarder on that interface may have changed
            }
        }
        if (forwardingChanged) reconcileLater(sg -> true);
    }

    /** Records another router's metric for the designated-forwarder choice; true if it changed. */
    private boolean heard(Route r, int ifIndex, int from, int metric) {
        if (metric >= INFINITY) return heardRemove(r, ifIndex, from);
        Integer old = r.reports.computeIfAbsent(ifIndex, k -> new HashMap<>()).put(from, metric);
        return old == null || old != metric;
    }

    private boolean heardRemove(Route r, int ifIndex, int from) {
        Map<Integer, Integer> h = r.reports.get(ifIndex);
        return h != null && h.remove(from) != null;
    }

    private void refreshRoute(Route r) {
        if (r.timer != null) r.timer.cancel();
        r.expiresAt = now() + TimeUnit.SECONDS.toNanos(config.routeExpiration());
        r.timer = scheduler.schedule(() -> run(() -> {
            if (routes.get(r.key()) == r && r.state == RouteState.ACTIVE && now() >= r.expiresAt) {
                LOG.log(Level.INFO, "DVMRP route {0} expired, held down", r.prefix());
                count(events, "routesExpired");
                holdDown(r);
            }
        }), config.routeExpiration(), TimeUnit.SECONDS);
    }

    /** The route becomes unreachable: advertised with infinity for the hold-down time, then deleted. */
    private void holdDown(Route r) {
        r.state = RouteState.HOLD_DOWN;
        r.metric = INFINITY;
        r.dependents.clear();
        if (r.timer != null) r.timer.cancel();
        r.expiresAt = now() + TimeUnit.SECONDS.toNanos(config.routeHoldDown());
        r.timer = scheduler.schedule(() -> run(() -> {
            if (routes.get(r.key()) == r && r.state == RouteState.HOLD_DOWN && now() >= r.expiresAt) {
                routes.remove(r.key());
                count(events, "routesDeleted");
                LOG.log(Level.DEBUG, "DVMRP route {0} deleted after hold-down", r.prefix());
            }
        }), config.routeHoldDown(), TimeUnit.SECONDS);
        routeChanged(r);
    }

    /**
     * The longest reachable learned or local route to {@code source}: the one RPF, upstream prunes and
     * grafts go by. Injected (external) routes are not in it: the incoming interface for their sources
     * comes from the other protocol or the kernel.
     */
    private Route lookupRoute(int source) {
        return longestMatch(source, false);
    }

    /**
     * The route the truncated broadcast tree of {@code source} hangs on when the source is reached
     * through another protocol: the longest match if it is an injected route, else null.
     */
    private Route injectedFor(int source) {
        Route r = longestMatch(source, true);
        return r != null && r.external ? r : null;
    }

    /** Downstream prunes and grafts are keyed by the longest match, injected routes included. */
    private Route pruneRoute(int source) {
        return longestMatch(source, true);
    }

    private Route longestMatch(int source, boolean withInjected) {
        Route best = null;
        for (Route r : routes.values())
            if ((withInjected || !r.external) && r.reachable() && r.contains(source)
                    && (best == null || Integer.compareUnsigned(r.mask, best.mask) > 0)) best = r;
        return best;
    }

    /** Draft §3.4.7: on {@code ifIndex} the router with the lowest metric to the origin forwards, ties to the lowest address. */
    private boolean designatedForwarder(Route r, Iface i) {
        if (r.ifIndex == i.cfg.ifIndex()) return false; // never true for an injected route (NO_INTERFACE)
        Map<Integer, Integer> heard = r.reports.get(i.cfg.ifIndex());
        if (heard == null) return true;
        for (Map.Entry<Integer, Integer> e : heard.entrySet()) {
            Neighbor n = i.neighbors.get(e.getKey());
            if (n == null || !n.twoWay) continue;
            int m = e.getValue();
            if (m < r.metric || (m == r.metric && Integer.compareUnsigned(e.getKey(), i.cfg.address()) < 0)) return false;
        }
        return true;
    }

    @Override
    public synchronized Optional<RpfRoute> lookup(int source) {
        Route r = lookupRoute(source);
        if (r == null) return Optional.empty();
        return Optional.of(new RpfRoute(InterfaceKey.of(r.ifIndex), r.upstream, new RouteInfo(PROTOCOL_ID, r.network, r.mask)));
    }

    // ------------------------------------------------------------------------------------------------
    // forwarding decisions

    private boolean localMember(Iface i, int source, int group) {
        for (MembershipKey k : i.localMembers) if (k.covers(source, group)) return true;
        return false;
    }

    /** True if this router should forward (S,G) out of {@code i} (truncated broadcast with prunes). */
    private boolean wants(Iface i, int source, int group, Route r) {
        if (r == null) {
            // a source reached through another protocol: wildcard receiver for it on DVMRP links
            if (localMember(i, source, group)) return true;
            for (Neighbor n : i.neighbors.values())
                if (n.twoWay && !isPruned(i.cfg.ifIndex(), n.address, source, group, null)) return true;
            return false;
        }
        if (!designatedForwarder(r, i)) return false;
        if (localMember(i, source, group)) return true;
        Set<Integer> deps = r.dependents.get(i.cfg.ifIndex());
        if (deps == null) return false;
        for (int n : deps) {
            Neighbor nb = i.neighbors.get(n);
            if (nb != null && nb.twoWay && !isPruned(i.cfg.ifIndex(), n, source, group, r)) return true;
        }
        return false;
    }

    private boolean isPruned(int ifIndex, int neighbor, int source, int group, Route r) {
        PruneKey key = r != null ? new PruneKey(r.network, r.mask, group) : new PruneKey(source, -1, group);
        Map<IfNbr, DownstreamPrune> m = downstream.get(key);
        return m != null && m.containsKey(new IfNbr(ifIndex, neighbor));
    }

    /** Is the route for the source of an MFE whose incoming interface is ours? */
    private Route routeIfOurs(SourceGroup sg, InterfaceKey iif) {
        if (iif == null || !ifaces.containsKey(iif.ifIndex())) return null;
        Route r = lookupRoute(sg.source());
        return r != null && r.ifIndex == iif.ifIndex() ? r : null;
    }

    @Override
    public void rpf(RpfRequest request) {
        synchronized (this) {
            Route r = lookupRoute(request.sourceGroup().source());
            if (r != null && r.ifIndex == request.incomingInterface().ifIndex()) request.setUpstreamNeighbor(r.upstream);
        }
    }

    /** Should (S,G) with incoming interface {@code iif} go out of {@code i}? */
    private boolean desired(Iface i, SourceGroup sg, InterfaceKey iif) {
        if (i.cfg.key().equals(iif)) return false;
        boolean iifOurs = iif != null && ifaces.containsKey(iif.ifIndex());
        // a source reached through another protocol: truncated broadcast on the injected route covering
        // it (dependents that poison-reversed it, not pruned), else any unpruned neighbour (wildcard receiver)
        if (!iifOurs) return wants(i, sg.source(), sg.group(), injectedFor(sg.source()));
        Route r = routeIfOurs(sg, iif);
        if (r == null) return localMember(i, sg.source(), sg.group());
        return wants(i, sg.source(), sg.group(), r);
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {
        run(() -> {
            for (IfEntry e : candidates) {
                Iface i = ifaces.get(e.iface().ifIndex());
                if (i != null && !desired(i, sg, incomingInterface)) e.setEnabled(false);
            }
            count(events, "creationAlerts");
        });
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
        if (!memberDelete && key.kind() == MembershipKey.Kind.SOURCE_GROUP) {
            SourceGroup sg = new SourceGroup(key.source(), key.group());
            run(() -> {
                count(events, "pruneAlerts");
                long lifetime = pruneUpstream(sg, iface);
                if (lifetime > 0) timeout.setSeconds((int) Math.min(Integer.MAX_VALUE, lifetime));
            });
        } else {
            run(() -> {
                count(events, "pruneAlerts");
                reconcileLater(sg -> key.covers(sg.source(), sg.group()));
            });
        }
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        run(() -> {
            count(events, "joinAlerts");
            reconcileLater(sg -> key.covers(sg.source(), sg.group()));
        });
    }

    @Override
    public void localJoin(MembershipKey key, InterfaceKey iface) {
        run(() -> {
            Iface i = ifaces.get(iface.ifIndex());
            if (i == null) return;
            i.localMembers.add(key);
            count(events, "localJoins");
            reconcileLater(sg -> key.covers(sg.source(), sg.group()));
        });
    }

    @Override
    public void localLeave(MembershipKey key, InterfaceKey iface) {
        run(() -> {
            Iface i = ifaces.get(iface.ifIndex());
            if (i == null) return;
            i.localMembers.remove(key);
            count(events, "localLeaves");
            reconcileLater(sg -> key.covers(sg.source(), sg.group()));
        });
    }

    @Override
    public MfeStatus mfeStatus(int ifIndex, int group, int source) {
        synchronized (this) {
            Iface i = ifaces.get(ifIndex);
            if (i == null) throw new MgmException(MgmError.INVALID_PARAMETER, "DVMRP does not run on if" + ifIndex);
            SourceGroup sg = new SourceGroup(source, group);
            Route r = lookupRoute(source);
            Route injected = injectedFor(source);
            Upstream u = upstream.get(sg);
            boolean prunedUp = r != null && r.ifIndex == ifIndex && u != null && u.pruned;
            boolean oifPruned = (r == null || r.ifIndex != ifIndex) && !wants(i, source, group, injected != null ? injected : r);
            return MfeStatus.highest(prunedUp ? MfeStatus.PRUNED_UPSTREAM : MfeStatus.NO_ERROR, oifPruned ? MfeStatus.OIF_PRUNED : MfeStatus.NO_ERROR);
        }
    }

    /**
     * Sends a prune towards the source of (S,G) if nothing downstream wants it; returns the lifetime
     * (0 if no prune applies: source on a local subnet, or no upstream neighbour).
     */
    private long pruneUpstream(SourceGroup sg, InterfaceKey iif) {
        Route r = routeIfOurs(sg, iif);
        if (r == null) return 0;
        if (r.local || r.upstream == 0) return config.pruneLifetime();
        Upstream u = upstream.get(sg);
        if (u != null && u.pruned && u.neighbor == r.upstream) return seconds(u.expiresAt - now());
        long lifetime = config.pruneLifetime();
        // draft §3.5: no longer than the shortest remaining downstream prune
        for (Map.Entry<PruneKey, Map<IfNbr, DownstreamPrune>> e : downstream.entrySet()) {
            PruneKey k = e.getKey();
            if (k.group() != sg.group() || !(k.network() == r.network && k.mask() == r.mask)) continue;
            for (DownstreamPrune p : e.getValue().values()) lifetime = Math.min(lifetime, Math.max(1, seconds(p.expiresAt - now())));
        }
        if (u == null) {
            u = new Upstream();
            upstream.put(sg, u);
        }
        cancelUpstreamTimers(u);
        u.ifIndex = r.ifIndex;
        u.neighbor = r.upstream;
        u.pruned = true;
        u.lifetime = lifetime;
        u.expiresAt = now() + TimeUnit.SECONDS.toNanos(lifetime);
        Upstream fu = u;
        u.pruneTimer = scheduler.schedule(() -> run(() -> {
            if (upstream.get(sg) == fu && fu.pruned) {
                // the upstream router forwards again now; if nothing here wants (S,G) yet, prune again
                // (the data plane reports no hits on a negative MFE, so nothing else would)
                upstream.remove(sg);
                count(events, "prunesExpired");
                reconcileLater(x -> x.equals(sg));
            }
        }), lifetime, TimeUnit.SECONDS);
        Iface i = ifaces.get(r.ifIndex);
        send(i, r.upstream, new Prune(Header.OPENMGM, sg.source(), sg.group(), (int) lifetime, null));
        count(events, "prunesSent");
        LOG.log(Level.INFO, "DVMRP prune {0} sent to {1} on {2} for {3} s", sg, Ipv4.format(r.upstream), i.cfg.name(), lifetime);
        return lifetime;
    }

    private void graftUpstream(SourceGroup sg) {
        Upstream u = upstream.get(sg);
        if (u == null || !u.pruned) return;
        cancelUpstreamTimers(u);
        u.pruned = false;
        u.graftAttempts = 0;
        sendGraft(sg, u);
    }

    private void sendGraft(SourceGroup sg, Upstream u) {
        Iface i = ifaces.get(u.ifIndex);
        if (i == null || !i.neighbors.containsKey(u.neighbor)) {
            upstream.remove(sg);
            return;
        }
        send(i, u.neighbor, new Graft(Header.OPENMGM, sg.source(), sg.group(), null));
        count(events, u.graftAttempts == 0 ? "graftsSent" : "graftRetransmissions");
        if (u.graftAttempts == 0) LOG.log(Level.INFO, "DVMRP graft {0} sent to {1} on {2}", sg, Ipv4.format(u.neighbor), i.cfg.name());
        long delay = (long) config.graftRetransmit() << Math.min(u.graftAttempts, 10);
        u.graftAttempts++;
        u.graftTimer = scheduler.schedule(() -> run(() -> {
            if (upstream.get(sg) != u || u.pruned) return;
            if (u.graftAttempts >= config.graftMaxAttempts()) {
                LOG.log(Level.WARNING, "DVMRP graft {0} to {1} not acknowledged after {2} attempts", sg, Ipv4.format(u.neighbor), u.graftAttempts);
                upstream.remove(sg);
                return;
            }
            sendGraft(sg, u);
        }), delay, TimeUnit.SECONDS);
    }

    private static void cancelUpstreamTimers(Upstream u) {
        if (u.pruneTimer != null) u.pruneTimer.cancel();
        if (u.graftTimer != null) u.graftTimer.cancel();
        u.pruneTimer = null;
        u.graftTimer = null;
    }

    // ------------------------------------------------------------------------------------------------
    // prunes and grafts from downstream

    private void onPrune(Iface i, int from, Prune p) {
        Neighbor n = i.neighbors.get(from);
        if (n == null || !n.twoWay) {
            drop(DropReason.NOT_NEIGHBOR, "prune from " + Ipv4.format(from));
            return;
        }
        Route r = pruneRoute(p.source());
        PruneKey key;
        if (r != null) {
            Set<Integer> deps = r.dependents.get(i.cfg.ifIndex());
            if (deps == null || !deps.contains(from)) {
                drop(DropReason.NOT_DEPENDENT, p + " from " + Ipv4.format(from));
                return;
            }
            key = new PruneKey(r.network, r.mask, p.group());
        } else {
            key = new PruneKey(p.source(), -1, p.group()); // external source (wildcard receiver case)
        }
        long lifetime = Math.max(1, Math.min(p.lifetimeSeconds(), 24 * 3600L));
        IfNbr who = new IfNbr(i.cfg.ifIndex(), from);
        DownstreamPrune dp = downstream.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(who, k -> new DownstreamPrune());
        if (dp.timer != null) dp.timer.cancel();
        dp.lifetime = lifetime;
        dp.expiresAt = now() + TimeUnit.SECONDS.toNanos(lifetime);
        dp.timer = scheduler.schedule(() -> run(() -> {
            Map<IfNbr, DownstreamPrune> m = downstream.get(key);
            if (m != null && m.get(who) == dp) {
                m.remove(who);
                if (m.isEmpty()) downstream.remove(key);
                count(events, "receivedPrunesExpired");
                reconcileLater(sg -> sg.group() == key.group() && matches(key, sg.source()));
            }
        }), lifetime, TimeUnit.SECONDS);
        count(events, "prunesReceived");
        LOG.log(Level.INFO, "DVMRP prune from {0} on {1}: {2}", Ipv4.format(from), i.cfg.name(), p);
        reconcileLater(sg -> sg.group() == key.group() && matches(key, sg.source()));
    }

    private static boolean matches(PruneKey k, int source) {
        return k.mask() == -1 ? k.network() == source : (source & k.mask()) == k.network();
    }

    private void onGraft(Iface i, int from, Graft g) {
        Neighbor n = i.neighbors.get(from);
        if (n == null || !n.twoWay) {
            drop(DropReason.NOT_NEIGHBOR, "graft from " + Ipv4.format(from));
            return;
        }
        send(i, from, new GraftAck(Header.OPENMGM, g.source(), g.group(), g.sourceMask()));
        count(events, "graftsReceived");
        LOG.log(Level.INFO, "DVMRP graft from {0} on {1}: {2}", Ipv4.format(from), i.cfg.name(), g);
        Route r = pruneRoute(g.source());
        PruneKey key = r != null ? new PruneKey(r.network, r.mask, g.group()) : new PruneKey(g.source(), -1, g.group());
        Map<IfNbr, DownstreamPrune> m = downstream.get(key);
        if (m != null) {
            DownstreamPrune dp = m.remove(new IfNbr(i.cfg.ifIndex(), from));
            if (dp != null && dp.timer != null) dp.timer.cancel();
            if (m.isEmpty()) downstream.remove(key);
        }
        if (r != null && r.ifIndex != i.cfg.ifIndex()) r.dependents.computeIfAbsent(i.cfg.ifIndex(), k -> new HashSet<>()).add(from);
        reconcileLater(sg -> sg.group() == key.group() && matches(key, sg.source()));
    }

    private void onGraftAck(Iface i, int from, GraftAck a) {
        for (Map.Entry<SourceGroup, Upstream> e : upstream.entrySet()) {
            SourceGroup sg = e.getKey();
            Upstream u = e.getValue();
            if (sg.group() != a.group() || u.neighbor != from || u.pruned) continue;
            Route r = lookupRoute(sg.source());
            boolean match = sg.source() == a.source() || (r != null && r.contains(a.source()) && r.network == a.source());
            if (!match) continue;
            cancelUpstreamTimers(u);
            upstream.remove(sg);
            count(events, "graftAcksReceived");
            return;
        }
        count(events, "unexpectedGraftAcks");
    }

    // ------------------------------------------------------------------------------------------------
    // keeping the MGM's forwarding entries in step with DVMRP state

    /** After the monitor is released: re-check every MFE matching {@code which}. */
    private void reconcileLater(Predicate<SourceGroup> which) {
        MgmService m = mgm;
        if (m == null || handle == null) return;
        later(() -> {
            SourceGroup after = null;
            while (true) {
                List<Mfe> page = m.mfes(after, 256);
                if (page == null || page.isEmpty()) break;
                for (Mfe mfe : page) if (which.test(mfe.sourceGroup())) reconcile(mfe);
                if (page.size() < 256) break;
                after = page.getLast().sourceGroup();
            }
        });
    }

    /**
     * Makes the MFE's oifs on DVMRP interfaces match the truncated broadcast tree (FORWARD_STATE edits),
     * then prunes or grafts upstream when this router owns the incoming interface and the oif list
     * became empty or non-empty (the MGM sends no alert when iif and oif have the same owner).
     */
    private void reconcile(Mfe mfe) {
        ProtocolHandle h = handle;
        SourceGroup sg = mfe.sourceGroup();
        // an MFE made without any route (negative on its arrival interface) is not a tree DVMRP builds
        if (mfe.route() == null || RouteInfo.NONE.equals(mfe.route())) return;
        List<InterfaceKey> add = new ArrayList<>(), remove = new ArrayList<>();
        boolean othersForward;
        synchronized (this) {
            if (!running) return;
            InterfaceKey iif = mfe.incomingInterface();
            Set<InterfaceKey> current = new HashSet<>();
            othersForward = false;
            for (OifView o : mfe.outgoing()) {
                if (ifaces.containsKey(o.iface().ifIndex())) current.add(o.iface());
                else othersForward = true;
            }
            for (Iface i : ifaces.values()) {
                InterfaceKey k = i.cfg.key();
                if (k.equals(iif)) continue;
                boolean want = desired(i, sg, iif);
                if (want && !current.contains(k)) add.add(k);
                if (!want && current.contains(k)) remove.add(k);
            }
        }
        for (InterfaceKey k : remove) {
            try {
                h.deleteMembership(MembershipKey.of(sg), k, MgmConstants.MGM_FORWARD_STATE_FLAG);
                count(events, "oifsPruned");
            } catch (MgmException e) {
                LOG.log(Level.DEBUG, "DVMRP could not remove {0} from {1}: {2}", k, sg, e.getMessage());
            }
        }
        for (InterfaceKey k : add) {
            try {
                h.addMembership(MembershipKey.of(sg), k, MgmConstants.MGM_FORWARD_STATE_FLAG);
                count(events, "oifsGrafted");
            } catch (MgmException e) {
                LOG.log(Level.DEBUG, "DVMRP could not add {0} to {1}: {2}", k, sg, e.getMessage());
            }
        }
        Mfe now;
        try {
            now = mgm.mfe(sg);
        } catch (MgmException e) {
            return;
        }
        if (now == null) return;
        boolean empty = now.outgoing().isEmpty();
        run(() -> {
            InterfaceKey iif = now.incomingInterface();
            if (routeIfOurs(sg, iif) == null) return;
            Upstream u = upstream.get(sg);
            if (empty && (u == null || !u.pruned)) pruneUpstream(sg, iif);
            else if (!empty && u != null && u.pruned) graftUpstream(sg);
        });
    }

    // ------------------------------------------------------------------------------------------------
    // views for commands and tests

    public synchronized List<Views.NeighborView> neighbors() {
        List<Views.NeighborView> out = new ArrayList<>();
        for (Iface i : ifaces.values())
            for (Neighbor n : i.neighbors.values()) {
                List<String> caps = new ArrayList<>();
                Header h = n.header;
                if (h.has(Header.CAP_LEAF)) caps.add("leaf");
                if (h.has(Header.CAP_PRUNE)) caps.add("prune");
                if (h.has(Header.CAP_GENID)) caps.add("genid");
                if (h.has(Header.CAP_MTRACE)) caps.add("mtrace");
                if (h.has(Header.CAP_SNMP)) caps.add("snmp");
                if (h.has(Header.CAP_NETMASK)) caps.add("netmask");
                out.add(new Views.NeighborView(i.cfg.name(), i.cfg.ifIndex(), Ipv4.format(n.address), Integer.toUnsignedLong(n.generationId),
                        h.major() + "." + h.minor(), caps, n.twoWay, seconds(now() - n.upSince), remaining(n.expiresAt)));
            }
        return out;
    }

    public synchronized List<Views.RouteView> routes() {
        List<Views.RouteView> out = new ArrayList<>();
        for (Route r : routes.values()) {
            Iface in = ifaces.get(r.ifIndex);
            List<String> df = new ArrayList<>();
            for (Iface i : ifaces.values()) if (r.reachable() && designatedForwarder(r, i)) df.add(i.cfg.name());
            Map<String, List<String>> deps = new TreeMap<>();
            r.dependents.forEach((ifIndex, set) -> {
                if (!set.isEmpty() && ifaces.containsKey(ifIndex))
                    deps.put(ifaces.get(ifIndex).cfg.name(), set.stream().sorted(Integer::compareUnsigned).map(Ipv4::format).toList());
            });
            out.add(new Views.RouteView(r.prefix(), in == null ? null : in.cfg.name(), r.ifIndex, r.upstream == 0 ? null : Ipv4.format(r.upstream),
                    r.metric, r.local ? "local" : r.external ? "injected" : r.state == RouteState.ACTIVE ? "active" : "hold-down", r.local,
                    seconds(now() - r.since), r.local || r.external ? null : remaining(r.expiresAt), df, deps));
        }
        return out;
    }

    public synchronized List<Views.PruneView> prunes() {
        List<Views.PruneView> out = new ArrayList<>();
        downstream.forEach((k, m) -> m.forEach((who, p) -> {
            Iface i = ifaces.get(who.ifIndex());
            String src = k.mask() == -1 ? Ipv4.format(k.network()) : Ipv4.format(k.network()) + "/" + Ipv4.prefixLength(k.mask());
            out.add(new Views.PruneView("received", src, Ipv4.format(k.group()), i == null ? null : i.cfg.name(), who.ifIndex(),
                    Ipv4.format(who.neighbor()), p.lifetime, remaining(p.expiresAt)));
        }));
        upstream.forEach((sg, u) -> {
            Iface i = ifaces.get(u.ifIndex);
            out.add(new Views.PruneView(u.pruned ? "sent" : "graft-pending", Ipv4.format(sg.source()), Ipv4.format(sg.group()), i == null ? null : i.cfg.name(),
                    u.ifIndex, Ipv4.format(u.neighbor), u.lifetime, u.pruned ? remaining(u.expiresAt) : null));
        });
        out.sort(Comparator.comparing(Views.PruneView::group).thenComparing(Views.PruneView::source).thenComparing(Views.PruneView::direction));
        return out;
    }

    public Views.StatsView stats() {
        Map<String, Long> rx = snapshot(received), tx = snapshot(sent), ev = snapshot(events);
        Map<String, Long> dr = new TreeMap<>();
        dropped.forEach((k, v) -> dr.put(k.name(), v.sum()));
        return new Views.StatsView(rx, tx, dr, ev);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        synchronized (m) {
            Map<String, Long> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    public long dropped(DropReason reason) {
        return dropped.get(reason).sum();
    }

    /** The interface name for an index, or null (for commands). */
    public synchronized String interfaceName(int ifIndex) {
        Iface i = ifaces.get(ifIndex);
        return i == null ? null : i.cfg.name();
    }
}
