package org.openmgm.core;

import static org.openmgm.api.MgmConstants.MGM_FORWARD_STATE_FLAG;
import static org.openmgm.api.MgmConstants.MGM_JOIN_STATE_FLAG;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.GroupEnumeration;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.InterfaceView;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MfeStats;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.OifStats;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.RpfRequest;
import org.openmgm.api.Scheduler;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.spi.MfeCounters;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.spi.RpfRoute;

/**
 * The Multicast Group Manager: every rule of MGM-SPEC §4–§6 in one place.
 *
 * <p>Concurrency: one lock serialises every state change (API calls, forwarder upcalls, timers). An
 * operation changes the state under the lock and collects the callbacks it causes; they are delivered
 * after the lock is released, on the calling thread, so a protocol may call the MGM from a callback.
 * Operations that need a callback answer before they can finish (MFE creation: RPF and creation
 * alerts; ownership changes on IGMP interfaces: Disable/Enable) release the lock around that callback
 * and re-check the state afterwards.
 */
public final class MgmEngine implements MgmService, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.openmgm.core");
    private static final System.Logger MFE_LOG = System.getLogger("org.openmgm.core.mfe");
    private static final ThreadLocal<Boolean> INSIDE_ENABLE_IGMP = new ThreadLocal<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Scheduler scheduler;
    private volatile MgmConfig config;

    // --- state, guarded by lock ---
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final Map<ProtocolId, Client> clientsById = new HashMap<>();
    private final Map<InterfaceKey, Interface> interfaces = new HashMap<>();
    private final Map<MembershipKey, MembershipRecords> memberships = new HashMap<>();
    private final TreeMap<Long, MfeEntry> mfes = new TreeMap<>(Long::compareUnsigned);
    /** Number of MFEs per group: (*,G) changes on a group without MFEs skip the ordered table. */
    private final Map<Integer, Integer> mfesPerGroup = new HashMap<>();
    private final Set<Long> creating = new HashSet<>();
    private final Map<Long, EnumerationHandle> enumerations = new HashMap<>();
    private final Map<WrongIfKey, Long> wrongIfLastAlert = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<WrongIfKey, Long> eldest) {
            return size() > 4096;
        }
    };
    private static final int MFE_LOG_LINES_PER_SECOND = 20;
    private long mfeLogSecond = Long.MIN_VALUE;
    private int mfeLogLines;
    private long mfeLogSuppressed;
    private long mfeLimitDrops;
    private boolean mfeHighWaterLogged;

    private final AtomicLong handles = new AtomicLong();
    private final CopyOnWriteArrayList<RankedRib> ribs = new CopyOnWriteArrayList<>();
    private volatile Forwarder forwarder;
    private volatile Scheduler.Timer sweepTimer;
    private final Upcalls upcalls = new Upcalls();

    private record RankedRib(MulticastRib rib, int ranking) {}

    private record WrongIfKey(int source, int group, InterfaceKey arrival) {}

    public MgmEngine(MgmConfig config, Scheduler scheduler) {
        this.config = validate(config);
        this.scheduler = scheduler;
        scheduleSweep();
    }

    // =====================================================================================
    // wiring
    // =====================================================================================

    /** Binds the forwarder (null unbinds): attaches the upcalls and installs every current MFE. */
    public void setForwarder(Forwarder f) {
        lock.lock();
        try {
            Forwarder old = forwarder;
            if (old == f) return;
            if (old != null) old.attach(null);
            forwarder = f;
            if (f != null) {
                f.attach(upcalls);
                for (MfeEntry e : mfes.values()) f.install(entryOf(e));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds a multicast RIB; on equal prefix lengths the higher ranking wins. */
    public void addRib(MulticastRib rib, int ranking) {
        ribs.add(new RankedRib(rib, ranking));
        // MFEs made while no route was known would stay negative for their whole lifetime; let the next
        // packet create them again through the new RIB (spec 6.5 allows deleting MFEs on routing changes).
        lock.lock();
        try {
            List<Long> noRoute = new ArrayList<>();
            for (Map.Entry<Long, MfeEntry> me : mfes.entrySet())
                if (me.getValue().route == RouteInfo.NONE && me.getValue().oifs.length == 0) noRoute.add(me.getKey());
            for (Long k : noRoute) deleteMfe(k, "a multicast RIB appeared; re-created on the next packet");
        } finally {
            lock.unlock();
        }
    }

    public void removeRib(MulticastRib rib) {
        ribs.removeIf(r -> r.rib() == rib);
    }

    /** The forwarder's upcalls into this MGM. */
    public ForwarderUpcalls upcalls() {
        return upcalls;
    }

    public MgmConfig config() {
        return config;
    }

    /** Applies new settings; throws IllegalArgumentException (and keeps the old ones) if they are invalid. */
    public void reconfigure(MgmConfig newConfig) {
        MgmConfig old = config;
        config = validate(newConfig);
        if (old.sweepIntervalMillis() != newConfig.sweepIntervalMillis()) scheduleSweep();
    }

    /** Number of callbacks of {@code id} that threw. */
    public long callbackFaults(ProtocolId id) {
        lock.lock();
        try {
            Client c = clientsById.get(id);
            return c == null ? 0 : c.faults.get();
        } finally {
            lock.unlock();
        }
    }

    /** Counts and logs a fault of protocol {@code id} that happened outside a callback the MGM made (e.g. in whiteboard start-up). */
    public void countFault(ProtocolId id, String where, Throwable t) {
        Client c;
        lock.lock();
        try {
            c = clientsById.get(id);
        } finally {
            lock.unlock();
        }
        if (c != null) Callbacks.invoke(c, where, p -> {
            throw t instanceof RuntimeException re ? re : new RuntimeException(t);
        });
    }

    /** Packets for which no MFE was created because {@link MgmConfig#maxMfes()} was reached. */
    public long mfeLimitDrops() {
        lock.lock();
        try {
            return mfeLimitDrops;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Scheduler.Timer t = sweepTimer;
        if (t != null) t.cancel();
        setForwarder(null);
    }

    static MgmConfig validate(MgmConfig c) {
        if (c == null) throw new IllegalArgumentException("configuration is missing");
        if (c.wrongInterfaceMode() == null) throw new IllegalArgumentException("wrongInterfaceMode: must be WINDOWS or RFC");
        if (c.wrongInterfaceIntervalMillis() < 1) throw new IllegalArgumentException("wrongInterfaceIntervalMillis: must be >= 1, got " + c.wrongInterfaceIntervalMillis());
        if (c.defaultMfeTimeoutSeconds() < 1) throw new IllegalArgumentException("defaultMfeTimeoutSeconds: must be >= 1, got " + c.defaultMfeTimeoutSeconds());
        if (c.igmpProtocolId() < 0) throw new IllegalArgumentException("igmpProtocolId: must be >= 0, got " + c.igmpProtocolId());
        if (c.maxMfes() < 0) throw new IllegalArgumentException("maxMfes: must be >= 0 (0 = unlimited), got " + c.maxMfes());
        if (c.maxGroupsPerInterface() < 0) throw new IllegalArgumentException("maxGroupsPerInterface: must be >= 0 (0 = unlimited), got " + c.maxGroupsPerInterface());
        if (c.sweepIntervalMillis() < 10) throw new IllegalArgumentException("sweepIntervalMillis: must be >= 10, got " + c.sweepIntervalMillis());
        return c;
    }

    private void scheduleSweep() {
        Scheduler.Timer old = sweepTimer;
        if (old != null) old.cancel();
        sweepTimer = scheduler.scheduleAtFixedRate(this::sweep, config.sweepIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    // =====================================================================================
    // registration (spec 4.1, 4.2)
    // =====================================================================================

    @Override
    public ProtocolHandle register(int protocolId, int componentId, String name, MgmProtocol callbacks) {
        if (callbacks == null) throw new MgmException(MgmError.INVALID_PARAMETER, "callbacks are missing");
        ProtocolId id = new ProtocolId(protocolId, componentId);
        lock.lock();
        try {
            if (clientsById.containsKey(id)) throw new MgmException(MgmError.ALREADY_EXISTS, "protocol " + id + " is already registered");
            Client c = new Client(handles.incrementAndGet(), id, name == null ? "protocol-" + protocolId : name, callbacks,
                    protocolId == config.igmpProtocolId());
            clients.put(c.handle, c);
            clientsById.put(id, c);
            LOG.log(Level.INFO, "protocol {0} registered", c);
            return new Handle(c);
        } finally {
            lock.unlock();
        }
    }

    private Client check(Client c) {
        if (!c.registered) throw new MgmException(MgmError.INVALID_PARAMETER, "invalid protocol handle");
        return c;
    }

    private void deregister(Client c) {
        lock.lock();
        try {
            check(c);
            if (!c.interfaces.isEmpty())
                throw new MgmException(MgmError.CAN_NOT_COMPLETE, "protocol " + c + " still owns " + c.interfaces);
            c.registered = false;
            clients.remove(c.handle);
            clientsById.remove(c.id);
            enumerations.values().removeIf(e -> e.owner == c);
            LOG.log(Level.INFO, "protocol {0} deregistered", c);
        } finally {
            lock.unlock();
        }
    }

    // =====================================================================================
    // interface ownership (spec 4.3, 4.4, 4.5, 6.8, 6.9)
    // =====================================================================================

    @Override
    public ProtocolId protocolOnInterface(InterfaceKey iface) {
        lock.lock();
        try {
            Interface i = iface == null ? null : interfaces.get(iface);
            if (i == null) throw new MgmException(MgmError.NOT_FOUND, "no protocol has taken " + iface);
            return i.owner().id;
        } finally {
            lock.unlock();
        }
    }

    private void take(Client c, InterfaceKey key) {
        Interface i;
        Client igmp;
        lock.lock();
        try {
            check(c);
            requireKey(key);
            i = interfaces.get(key);
            if (i != null && i.changing) throw new MgmException(MgmError.CAN_NOT_COMPLETE, "an ownership change of " + key + " is in progress");
            if (c.igmp) {
                if (i != null && i.igmp != null) throw new MgmException(MgmError.ALREADY_EXISTS, "IGMP is already enabled on " + key);
                if (i == null) interfaces.put(key, i = new Interface(key));
                i.igmp = c;
                c.interfaces.add(key);
                LOG.log(Level.INFO, "interface {0} taken by {1}", key, c);
                return;
            }
            if (i != null && i.routingOwner != null)
                throw new MgmException(MgmError.ALREADY_EXISTS, key + " is already owned by " + i.routingOwner);
            if (i == null || i.igmp == null) {
                if (i == null) interfaces.put(key, i = new Interface(key));
                i.routingOwner = c;
                c.interfaces.add(key);
                LOG.log(Level.INFO, "interface {0} taken by {1}", key, c);
                return;
            }
            // IGMP is on the interface: Disable -> change -> Enable (spec 4.3).
            igmp = i.igmp;
            i.changing = true;
            i.igmpDisabled = true;
        } finally {
            lock.unlock();
        }
        Callbacks.invoke(igmp, "disableIgmp", p -> p.disableIgmp(key));
        Callbacks cbs = new Callbacks();
        lock.lock();
        try {
            // IGMP's memberships are withdrawn; it re-adds them after Enable, then they count for the new owner.
            withdrawAll(i, igmp, cbs, false);
            if (c.registered) {
                i.routingOwner = c;
                c.interfaces.add(key);
            }
            i.changing = false;
            i.igmpDisabled = false;
            LOG.log(Level.INFO, "interface {0} taken by {1} (IGMP also enabled)", key, c);
        } finally {
            lock.unlock();
        }
        cbs.deliver();
        enableIgmp(igmp, key);
    }

    private void enableIgmp(Client igmp, InterfaceKey key) {
        INSIDE_ENABLE_IGMP.set(Boolean.TRUE);
        try {
            Callbacks.invoke(igmp, "enableIgmp", p -> p.enableIgmp(key));
        } finally {
            INSIDE_ENABLE_IGMP.remove();
        }
    }

    private void release(Client c, InterfaceKey key) {
        Interface i;
        Client igmp = null;
        Callbacks cbs = new Callbacks();
        lock.lock();
        try {
            check(c);
            i = key == null ? null : interfaces.get(key);
            if (i == null) throw new MgmException(MgmError.INVALID_PARAMETER, "interface " + key + " is not known to the MGM");
            if (i.routingOwner != c && i.igmp != c) throw new MgmException(MgmError.INVALID_PARAMETER, key + " is not held by " + c);
            if (i.changing) throw new MgmException(MgmError.CAN_NOT_COMPLETE, "an ownership change of " + key + " is in progress");
            if (c.igmp && i.igmp == c) {
                // IGMP leaves; its memberships go (LocalLeave to the routing owner, if any).
                withdrawAll(i, c, cbs, true);
                i.igmp = null;
                c.interfaces.remove(key);
                if (i.routingOwner == null) dropInterface(i, cbs);
                LOG.log(Level.INFO, "interface {0} released by {1}", key, c);
            } else if (i.igmp == null) {
                releaseRoutingOwner(i, c, cbs);
            } else {
                igmp = i.igmp;
                i.changing = true;
                i.igmpDisabled = true;
            }
        } finally {
            lock.unlock();
        }
        if (igmp == null) {
            cbs.deliver();
            return;
        }
        Client theIgmp = igmp;
        Callbacks.invoke(theIgmp, "disableIgmp", p -> p.disableIgmp(key));
        lock.lock();
        try {
            releaseRoutingOwner(i, c, cbs);
            withdrawAll(i, theIgmp, cbs, false);
            i.changing = false;
            i.igmpDisabled = false;
        } finally {
            lock.unlock();
        }
        cbs.deliver();
        enableIgmp(theIgmp, key);
    }

    /** Spec 6.9: MFEs with iif I deleted, I removed from other MFEs, P's memberships on I deleted, owner cleared. */
    private void releaseRoutingOwner(Interface i, Client c, Callbacks cbs) {
        InterfaceKey key = i.key;
        deleteMfesWithIif(key);
        removeOifEverywhere(key, cbs);
        withdrawAll(i, c, cbs, false);
        i.routingOwner = null;
        c.interfaces.remove(key);
        if (i.empty()) interfaces.remove(key);
        LOG.log(Level.INFO, "interface {0} released by {1}", key, c);
    }

    /** The last holder left an interface: it leaves the table with its MFEs and oifs. */
    private void dropInterface(Interface i, Callbacks cbs) {
        deleteMfesWithIif(i.key);
        removeOifEverywhere(i.key, cbs);
        interfaces.remove(i.key);
    }

    private void deleteMfesWithIif(InterfaceKey key) {
        List<Long> doomed = new ArrayList<>();
        for (Map.Entry<Long, MfeEntry> e : mfes.entrySet()) if (e.getValue().iif.equals(key)) doomed.add(e.getKey());
        for (Long k : doomed) deleteMfe(k, "incoming interface " + key + " released");
    }

    private void removeOifEverywhere(InterfaceKey key, Callbacks cbs) {
        for (MfeEntry e : mfes.values()) removeOif(e, key, cbs);
    }

    /** Deletes every membership {@code holder} has on {@code i}, with the usual alerts. */
    private void withdrawAll(Interface i, Client holder, Callbacks cbs, boolean localLeave) {
        List<MembershipKey> keys = new ArrayList<>();
        for (Map.Entry<MembershipKey, MembershipRecords> e : memberships.entrySet())
            if (e.getValue().find(holder, i.key) != null) keys.add(e.getKey());
        keys.sort(KEY_ORDER);
        for (MembershipKey k : keys) {
            deleteJoinState(holder, i, k, cbs);
            if (localLeave && i.routingOwner != null && i.routingOwner != holder) {
                Client owner = i.routingOwner;
                cbs.local(owner, "localLeave", p -> p.localLeave(k, i.key));
            }
        }
    }

    private static final java.util.Comparator<MembershipKey> KEY_ORDER = (a, b) -> {
        int c = Integer.compareUnsigned(a.group(), b.group());
        return c != 0 ? c : Integer.compareUnsigned(a.source(), b.source());
    };

    // =====================================================================================
    // membership (spec 4.6, 4.7, 6.3, 6.5, 6.6)
    // =====================================================================================

    private Interface checkMembershipCall(Client c, MembershipKey key, InterfaceKey iface, int flags, boolean add) {
        check(c);
        if (flags != MGM_JOIN_STATE_FLAG && flags != MGM_FORWARD_STATE_FLAG && flags != (MGM_JOIN_STATE_FLAG | MGM_FORWARD_STATE_FLAG))
            throw new MgmException(MgmError.INVALID_PARAMETER, "flags must be JOIN_STATE (1), FORWARD_STATE (2) or both, got " + flags);
        if (key == null) throw new MgmException(MgmError.INVALID_PARAMETER, "membership key is missing");
        key.validate();
        if (flags == MGM_FORWARD_STATE_FLAG && key.kind() != MembershipKey.Kind.SOURCE_GROUP)
            throw new MgmException(MgmError.INVALID_PARAMETER, "FORWARD_STATE needs an (S,G) key, got " + key);
        requireKey(iface);
        Interface i = interfaces.get(iface);
        if (i == null) {
            if (add) throw new MgmException(MgmError.INVALID_PARAMETER, "interface " + iface + " is not known to the MGM");
            throw new MgmException(MgmError.NOT_FOUND, "interface " + iface + " is not known to the MGM");
        }
        if (i.routingOwner != c && i.igmp != c) throw new MgmException(MgmError.INVALID_PARAMETER, iface + " is not held by " + c);
        if (c.igmp && i.igmp == c) {
            if (Boolean.TRUE.equals(INSIDE_ENABLE_IGMP.get()))
                throw new MgmException(MgmError.CAN_NOT_COMPLETE, "IGMP must not change memberships from inside enableIgmp; queue them to another thread");
            if (i.igmpDisabled) throw new MgmException(MgmError.CAN_NOT_COMPLETE, "IGMP is disabled on " + iface + " while its ownership changes");
        }
        return i;
    }

    private void addMembership(Client c, MembershipKey key, InterfaceKey iface, int flags) {
        Callbacks cbs = new Callbacks();
        lock.lock();
        try {
            Interface i = checkMembershipCall(c, key, iface, flags, true);
            if ((flags & MGM_FORWARD_STATE_FLAG) != 0 && key.kind() == MembershipKey.Kind.SOURCE_GROUP) {
                MfeEntry e = mfes.get(SourceGroup.pack(key.source(), key.group()));
                if (e == null && config.strictForwardState() && (flags & MGM_JOIN_STATE_FLAG) == 0)
                    throw new MgmException(MgmError.NOT_FOUND, "no MFE for " + key);
                if (e != null) addOif(e, iface, cbs);
            }
            if ((flags & MGM_JOIN_STATE_FLAG) != 0) addJoinState(c, i, key, cbs);
        } finally {
            lock.unlock();
        }
        cbs.deliver();
    }

    private void addJoinState(Client c, Interface i, MembershipKey key, Callbacks cbs) {
        MembershipRecords recs = memberships.get(key);
        if (recs != null && recs.find(c, i.key) != null) return; // idempotent (spec 4.6)
        int limit = config.maxGroupsPerInterface();
        if (limit > 0 && i.memberships >= limit)
            throw new MgmException(MgmError.NOT_ENOUGH_MEMORY, "interface " + i.key + " has reached its limit of " + limit + " memberships");
        if (recs == null) memberships.put(key, recs = new MembershipRecords());
        Client attributed = config.attributeToOwner() && i.routingOwner != null ? i.routingOwner : c;
        Client first = recs.clientCount() == 1 ? recs.attributedCounts.keySet().iterator().next() : null;
        boolean newClient = recs.add(c, i.key, attributed);
        i.memberships++;
        if (limit > 0 && i.memberships == limit)
            LOG.log(Level.WARNING, "interface {0} reached its limit of {1} memberships (high-water mark)", i.key, String.valueOf(limit));

        if (c.igmp && i.routingOwner != null && i.routingOwner != c) {
            Client owner = i.routingOwner;
            cbs.local(owner, "localJoin", p -> p.localJoin(key, i.key));
        }
        if (newClient) {
            int n = recs.clientCount();
            if (key.kind() == MembershipKey.Kind.SOURCE_GROUP) {
                if (n == 1) {
                    Client up = rpfOwner(key.source(), key.group());
                    if (up != null && up != attributed && up != c) cbs.member(up, "joinAlert", p -> p.joinAlert(key, true));
                }
            } else if (n == 1) {
                for (Client o : clients.values())
                    if (o != attributed && o != c) cbs.member(o, "joinAlert", p -> p.joinAlert(key, true));
            } else if (n == 2 && first != null && first != c) {
                cbs.member(first, "joinAlert", p -> p.joinAlert(key, true));
            }
        }
        forEachCovered(key, e -> addOif(e, i.key, cbs));
    }

    private void deleteMembership(Client c, MembershipKey key, InterfaceKey iface, int flags) {
        Callbacks cbs = new Callbacks();
        lock.lock();
        try {
            Interface i = checkMembershipCall(c, key, iface, flags, false);
            if ((flags & MGM_JOIN_STATE_FLAG) != 0) {
                boolean had = deleteJoinState(c, i, key, cbs);
                if (had && c.igmp && i.routingOwner != null && i.routingOwner != c) {
                    Client owner = i.routingOwner;
                    cbs.local(owner, "localLeave", p -> p.localLeave(key, i.key));
                }
            }
            if ((flags & MGM_FORWARD_STATE_FLAG) != 0 && key.kind() == MembershipKey.Kind.SOURCE_GROUP) {
                MfeEntry e = mfes.get(SourceGroup.pack(key.source(), key.group()));
                if (e == null && config.strictForwardState() && (flags & MGM_JOIN_STATE_FLAG) == 0)
                    throw new MgmException(MgmError.NOT_FOUND, "no MFE for " + key);
                if (e != null) removeOif(e, iface, cbs);
            }
        } finally {
            lock.unlock();
        }
        cbs.deliver();
    }

    /** Removes one membership record with its TRUE prune alerts and MFE effects; false if there was none. */
    private boolean deleteJoinState(Client c, Interface i, MembershipKey key, Callbacks cbs) {
        MembershipRecords recs = memberships.get(key);
        MembershipRecords.Holder h = recs == null ? null : recs.find(c, i.key);
        if (h == null) return false; // spec 4.7: deleting what does not exist is NO_ERROR
        Client attributed = h.attributed();
        boolean gone = recs.remove(h, i.key);
        i.memberships--;
        if (recs.isEmpty()) memberships.remove(key);
        if (gone) {
            int n = recs.clientCount();
            if (key.kind() == MembershipKey.Kind.SOURCE_GROUP) {
                if (n == 0) {
                    Client up = rpfOwner(key.source(), key.group());
                    if (up != null && up != attributed && up != c)
                        cbs.member(up, "pruneAlert", p -> p.pruneAlert(key, i.key, true, new PruneTimeout(config.defaultMfeTimeoutSeconds())));
                }
            } else if (n == 0) {
                for (Client o : clients.values())
                    if (o != attributed && o != c)
                        cbs.member(o, "pruneAlert", p -> p.pruneAlert(key, i.key, true, new PruneTimeout(config.defaultMfeTimeoutSeconds())));
            } else if (n == 1) {
                Client remaining = recs.attributedCounts.keySet().iterator().next();
                if (remaining != c)
                    cbs.member(remaining, "pruneAlert", p -> p.pruneAlert(key, i.key, true, new PruneTimeout(config.defaultMfeTimeoutSeconds())));
            }
        }
        forEachCovered(key, e -> {
            if (!covered(e.source, e.group, i.key)) removeOif(e, i.key, cbs);
        });
        return true;
    }

    /** True if {@code iface} holds a membership making it a candidate for MFE (s, g) (spec 6.2). */
    private boolean covered(int s, int g, InterfaceKey iface) {
        MembershipRecords r = memberships.get(MembershipKey.sourceGroup(s, g));
        if (r != null && r.covers(iface)) return true;
        r = memberships.get(MembershipKey.anySource(g));
        if (r != null && r.covers(iface)) return true;
        r = memberships.get(MembershipKey.WILDCARD);
        return r != null && r.covers(iface);
    }

    private void forEachCovered(MembershipKey key, java.util.function.Consumer<MfeEntry> action) {
        switch (key.kind()) {
            case SOURCE_GROUP -> {
                MfeEntry e = mfes.get(SourceGroup.pack(key.source(), key.group()));
                if (e != null) action.accept(e);
            }
            case ANY_SOURCE -> {
                if (!mfesPerGroup.containsKey(key.group())) return;
                long lo = SourceGroup.pack(0, key.group());
                long hi = SourceGroup.pack(0xFFFFFFFF, key.group());
                for (MfeEntry e : mfes.subMap(lo, true, hi, true).values()) action.accept(e);
            }
            case WILDCARD -> {
                for (MfeEntry e : mfes.values()) action.accept(e);
            }
        }
    }

    /** The client owning the incoming interface towards S: the MFE's iif owner, else the RIB's interface owner. */
    private Client rpfOwner(int source, int group) {
        MfeEntry e = mfes.get(SourceGroup.pack(source, group));
        if (e != null) return ownerOf(e.iif);
        RpfRoute r = lookup(source);
        if (r == null) return null;
        Interface i = interfaces.get(r.iface());
        return i == null ? null : i.owner();
    }

    private Client ownerOf(InterfaceKey key) {
        Interface i = interfaces.get(key);
        return i == null ? null : i.owner();
    }

    /** Adds an oif (never the iif); empty -> non-empty sends the FALSE join alert of spec 6.5. */
    private void addOif(MfeEntry e, InterfaceKey oif, Callbacks cbs) {
        if (oif.equals(e.iif) || e.hasOif(oif)) return;
        boolean wasEmpty = e.oifs.length == 0;
        e.addOif(oif);
        if (wasEmpty) e.setTimeout(scheduler.nanoTime(), config.defaultMfeTimeoutSeconds());
        updateForwarder(e);
        Client owner = ownerOf(e.iif);
        if (wasEmpty && owner != null && ownerOf(oif) != owner) {
            MembershipKey k = MembershipKey.sourceGroup(e.source, e.group);
            cbs.mfe(owner, "joinAlert", p -> p.joinAlert(k, false), null);
        }
    }

    /** Removes an oif; non-empty -> empty sends the FALSE prune alert whose timeout sets the MFE's lifetime. */
    private void removeOif(MfeEntry e, InterfaceKey oif, Callbacks cbs) {
        Client oifOwner = ownerOf(oif);
        if (!e.removeOif(oif)) return;
        updateForwarder(e);
        if (e.oifs.length > 0) return;
        Client owner = ownerOf(e.iif);
        if (owner != null && oifOwner != owner) pruneToIifOwner(e, owner, cbs);
        else e.setTimeout(scheduler.nanoTime(), config.defaultMfeTimeoutSeconds());
    }

    private void pruneToIifOwner(MfeEntry e, Client iifOwner, Callbacks cbs) {
        MembershipKey k = MembershipKey.sourceGroup(e.source, e.group);
        PruneTimeout t = new PruneTimeout(config.defaultMfeTimeoutSeconds());
        e.setTimeout(scheduler.nanoTime(), t.seconds());
        cbs.mfe(iifOwner, "pruneAlert", p -> p.pruneAlert(k, e.iif, false, t), () -> applyPruneTimeout(e, t));
    }

    private void applyPruneTimeout(MfeEntry e, PruneTimeout t) {
        lock.lock();
        try {
            if (mfes.get(SourceGroup.pack(e.source, e.group)) == e && e.oifs.length == 0 && t.seconds() != e.timeoutSeconds)
                e.setTimeout(scheduler.nanoTime(), t.seconds());
        } finally {
            lock.unlock();
        }
    }

    // =====================================================================================
    // MFE creation (spec 6.4), wrong interface (6.10), expiry (6.12)
    // =====================================================================================

    private final class Upcalls implements ForwarderUpcalls {
        @Override
        public void noCache(int source, int group, InterfaceKey arrival, byte[] header) {
            createMfe(source, group, arrival, header);
        }

        @Override
        public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] header) {
            wrongIf(source, group, arrival, header);
        }
    }

    private void createMfe(int source, int group, InterfaceKey arrival, byte[] header) {
        long k = SourceGroup.pack(source, group);
        SourceGroup sg = new SourceGroup(source, group);
        RpfRoute route;
        Client rpfOwner;
        lock.lock();
        try {
            if (mfes.containsKey(k) || !creating.add(k)) return;
            int max = config.maxMfes();
            if (max > 0 && mfes.size() >= max) {
                creating.remove(k);
                mfeLimitDrops++;
                if (!mfeHighWaterLogged) {
                    mfeHighWaterLogged = true;
                    LOG.log(Level.WARNING, "MFE table full ({0} entries, maxMfes); new flows are not forwarded until entries expire", String.valueOf(max));
                }
                return;
            }
            route = lookup(source);
            if (route == null) {
                // No route: a negative MFE on the arrival interface stops repeated creation (spec 5.1).
                MfeEntry e = new MfeEntry(source, group, arrival, 0, RouteInfo.NONE, scheduler.nanoTime(), config.defaultMfeTimeoutSeconds());
                insertMfe(k, e);
                creating.remove(k);
                return;
            }
            rpfOwner = ownerOf(route.iface());
        } finally {
            lock.unlock();
        }
        try {
            RpfRequest rpf = new RpfRequest(sg, route.iface(), route.upstreamNeighbor(), route.route(), header == null ? new byte[0] : header);
            if (rpfOwner != null) Callbacks.invoke(rpfOwner, "rpf", p -> p.rpf(rpf));

            Map<Client, List<IfEntry>> proposals = new LinkedHashMap<>();
            InterfaceKey iif;
            Client iifOwner;
            lock.lock();
            try {
                iif = rpf.incomingInterface();
                if (!usableIncoming(iif, route, rpfOwner)) {
                    MfeEntry e = new MfeEntry(source, group, arrival, 0, RouteInfo.NONE, scheduler.nanoTime(), config.defaultMfeTimeoutSeconds());
                    insertMfe(k, e);
                    return;
                }
                iifOwner = ownerOf(iif);
                for (InterfaceKey cand : candidates(source, group, iif)) {
                    Interface ci = interfaces.get(cand);
                    proposals.computeIfAbsent(ci.owner(), x -> new ArrayList<>()).add(new IfEntry(cand, ci.igmp != null));
                }
                if (config.creationAlerts() == MgmConfig.CreationAlerts.ALL) // RFC 2715 rule 3: every component hears of it
                    for (Client c : clients.values()) proposals.putIfAbsent(c, new ArrayList<>());
            } finally {
                lock.unlock();
            }
            for (Map.Entry<Client, List<IfEntry>> p : proposals.entrySet()) {
                List<IfEntry> mine = Collections.unmodifiableList(p.getValue());
                Callbacks.invoke(p.getKey(), "creationAlert", cb -> cb.creationAlert(sg, iif, mine));
            }
            Callbacks cbs = new Callbacks();
            lock.lock();
            try {
                // The callbacks ran without the lock: re-validate against the state as it is now.
                if (!usableIncoming(iif, route, rpfOwner)) {
                    insertMfe(k, new MfeEntry(source, group, arrival, 0, RouteInfo.NONE, scheduler.nanoTime(), config.defaultMfeTimeoutSeconds()));
                    return;
                }
                iifOwner = ownerOf(iif);
                MfeEntry e = new MfeEntry(source, group, iif, rpf.upstreamNeighbor(),
                        rpf.route() == null ? RouteInfo.NONE : rpf.route(), scheduler.nanoTime(), config.defaultMfeTimeoutSeconds());
                Set<InterfaceKey> refused = new HashSet<>();
                for (List<IfEntry> entries : proposals.values())
                    for (IfEntry ie : entries)
                        if (!ie.enabled()) refused.add(ie.iface());
                // Interfaces covered now: the accepted candidates, plus any that gained a membership while the
                // alerts ran (as a JOIN_STATE add after creation would have added them); gone ones drop out.
                for (InterfaceKey cand : candidates(source, group, iif))
                    if (!refused.contains(cand)) e.addOif(cand);
                insertMfe(k, e);
                if (e.oifs.length == 0 && iifOwner != null) pruneToIifOwner(e, iifOwner, cbs); // RFC 2715 rule 4
            } finally {
                lock.unlock();
            }
            cbs.deliver();
            if (!arrival.equals(iif)) wrongIf(source, group, arrival, header);
        } finally {
            lock.lock();
            try {
                creating.remove(k);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Whether {@code iif} can be an MFE's incoming interface: one the MGM knows, or the RIB's own answer
     * when no protocol held that interface to begin with (spec 5.1: anything else is "no route").
     */
    private boolean usableIncoming(InterfaceKey iif, RpfRoute route, Client rpfOwner) {
        if (iif == null) return false;
        if (interfaces.containsKey(iif)) return true;
        return rpfOwner == null && iif.equals(route.iface());
    }

    /** Spec 6.3: interfaces with (S,G), (*,G) or (*,*) membership, minus the iif, in key order. */
    private Set<InterfaceKey> candidates(int s, int g, InterfaceKey iif) {
        TreeSet<InterfaceKey> out = new TreeSet<>();
        for (MembershipKey k : new MembershipKey[] {MembershipKey.sourceGroup(s, g), MembershipKey.anySource(g), MembershipKey.WILDCARD}) {
            MembershipRecords r = memberships.get(k);
            if (r != null) out.addAll(r.byInterface.keySet());
        }
        out.remove(iif);
        out.removeIf(i -> !interfaces.containsKey(i));
        return out;
    }

    private void insertMfe(long k, MfeEntry e) {
        if (mfes.put(k, e) == null) mfesPerGroup.merge(e.group, 1, Integer::sum);
        Forwarder f = forwarder;
        if (f != null) f.install(entryOf(e));
        if (mfeLogAllowed())
            MFE_LOG.log(Level.INFO, "MFE created ({0}, {1}) iif {2} (owner {3}) oifs {4}", Ipv4.format(e.source), Ipv4.format(e.group),
                    e.iif, ownerOf(e.iif), java.util.Arrays.toString(e.oifs));
    }

    private void deleteMfe(long k, String why) {
        MfeEntry e = mfes.remove(k);
        if (e == null) return;
        mfesPerGroup.computeIfPresent(e.group, (g, n) -> n == 1 ? null : n - 1);
        Forwarder f = forwarder;
        if (f != null) f.remove(new SourceGroup(e.source, e.group));
        if (mfeLogAllowed()) MFE_LOG.log(Level.INFO, "MFE deleted ({0}, {1}): {2}", Ipv4.format(e.source), Ipv4.format(e.group), why);
    }

    /**
     * One line per MFE created or deleted, at most {@value #MFE_LOG_LINES_PER_SECOND} a second so that a flood
     * of new sources cannot flood the log; the number left out is logged when the next second starts.
     */
    private boolean mfeLogAllowed() {
        if (!MFE_LOG.isLoggable(Level.INFO)) return false;
        long second = scheduler.nanoTime() / 1_000_000_000L;
        if (second != mfeLogSecond) {
            if (mfeLogSuppressed > 0) MFE_LOG.log(Level.INFO, "{0} more MFE events were not logged (more than {1} a second)", String.valueOf(mfeLogSuppressed), String.valueOf(MFE_LOG_LINES_PER_SECOND));
            mfeLogSecond = second;
            mfeLogLines = 0;
            mfeLogSuppressed = 0;
        }
        if (mfeLogLines < MFE_LOG_LINES_PER_SECOND) {
            mfeLogLines++;
            return true;
        }
        mfeLogSuppressed++;
        return false;
    }

    private void updateForwarder(MfeEntry e) {
        Forwarder f = forwarder;
        if (f != null) f.update(entryOf(e));
    }

    private static ForwardingEntry entryOf(MfeEntry e) {
        return new ForwardingEntry(new SourceGroup(e.source, e.group), e.iif, List.of(e.oifs));
    }

    private RpfRoute lookup(int source) {
        RpfRoute best = null;
        int bestLen = -1, bestRank = Integer.MIN_VALUE;
        for (RankedRib r : ribs) {
            Optional<RpfRoute> o;
            try {
                o = r.rib().lookup(source);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "multicast RIB {0} failed: {1}", r.rib(), String.valueOf(ex));
                continue;
            }
            if (o.isEmpty()) continue;
            int len = Math.max(0, Ipv4.prefixLength(o.get().route().mask()));
            if (len > bestLen || (len == bestLen && r.ranking() > bestRank)) {
                best = o.get();
                bestLen = len;
                bestRank = r.ranking();
            }
        }
        return best;
    }

    private void wrongIf(int source, int group, InterfaceKey arrival, byte[] header) {
        MgmConfig cfg = config;
        if (cfg.wrongInterfaceMode() != MgmConfig.WrongInterfaceMode.RFC) return;
        Client owner;
        lock.lock();
        try {
            owner = ownerOf(arrival);
            if (owner == null || !owner.wantsWrongInterface) return;
            long now = scheduler.nanoTime();
            WrongIfKey wk = new WrongIfKey(source, group, arrival);
            Long last = wrongIfLastAlert.get(wk);
            if (last != null && now - last < TimeUnit.MILLISECONDS.toNanos(cfg.wrongInterfaceIntervalMillis())) return;
            wrongIfLastAlert.put(wk, now);
        } finally {
            lock.unlock();
        }
        byte[] h = header == null ? new byte[0] : header;
        Callbacks.invoke(owner, "wrongInterface", p -> p.wrongInterface(source, group, arrival, h));
    }

    /** Deletes expired MFEs (no alerts, spec 6.12); renews busy ones when refreshOnTraffic is set. */
    void sweep() {
        lock.lock();
        try {
            long now = scheduler.nanoTime();
            boolean refresh = config.refreshOnTraffic();
            Forwarder f = forwarder;
            List<Long> expired = null;
            for (Map.Entry<Long, MfeEntry> me : mfes.entrySet()) {
                MfeEntry e = me.getValue();
                if (refresh && f != null && e.oifs.length > 0) {
                    long in = f.counters(new SourceGroup(e.source, e.group)).inPackets();
                    if (in > e.lastInPackets) {
                        e.lastInPackets = in;
                        e.setTimeout(now, e.timeoutSeconds);
                    }
                }
                if (e.expiresAtNanos - now <= 0) {
                    if (expired == null) expired = new ArrayList<>();
                    expired.add(me.getKey());
                }
            }
            if (expired != null) for (Long k : expired) deleteMfe(k, "expired");
            if (mfeHighWaterLogged && (config.maxMfes() == 0 || mfes.size() < config.maxMfes() * 9L / 10)) mfeHighWaterLogged = false;
        } finally {
            lock.unlock();
        }
    }

    // =====================================================================================
    // MgmSetMfe (4.14), reads (4.8-4.13)
    // =====================================================================================

    private void setUpstream(Client c, SourceGroup sg, int upstream) {
        lock.lock();
        try {
            check(c);
            if (sg == null) throw new MgmException(MgmError.INVALID_PARAMETER, "source/group is missing");
            MfeEntry e = mfes.get(sg.packed());
            if (e == null) throw new MgmException(MgmError.NOT_FOUND, "no MFE for " + sg);
            if (config.strictSetMfe() && ownerOf(e.iif) != c)
                throw new MgmException(MgmError.INVALID_PARAMETER, c + " does not own the incoming interface of " + sg);
            e.upstream = upstream;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Mfe mfe(SourceGroup sg) {
        lock.lock();
        try {
            MfeEntry e = sg == null ? null : mfes.get(sg.packed());
            if (e == null) throw new MgmException(MgmError.NOT_FOUND, "no MFE for " + sg);
            return view(e, scheduler.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public MfeStats mfeStats(SourceGroup sg) {
        Mfe m = mfe(sg);
        return stats(m);
    }

    @Override
    public List<Mfe> mfes(SourceGroup after, int max) {
        if (max < 0) throw new MgmException(MgmError.INVALID_PARAMETER, "max must be >= 0");
        lock.lock();
        try {
            long now = scheduler.nanoTime();
            Map<Long, MfeEntry> tail = after == null ? mfes : mfes.tailMap(after.packed(), false);
            List<Mfe> out = new ArrayList<>(Math.min(max, 1024));
            for (MfeEntry e : tail.values()) {
                if (out.size() >= max) break;
                out.add(view(e, now));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<MfeStats> mfeStats(SourceGroup after, int max) {
        List<Mfe> page = mfes(after, max);
        List<MfeStats> out = new ArrayList<>(page.size());
        for (Mfe m : page) out.add(stats(m));
        return out;
    }

    private MfeStats stats(Mfe m) {
        Forwarder f = forwarder;
        MfeCounters c = f == null ? MfeCounters.ZERO : f.counters(m.sourceGroup());
        if (c == null) c = MfeCounters.ZERO;
        List<OifStats> oifs = new ArrayList<>(m.outgoing().size());
        for (OifView o : m.outgoing()) {
            OifStats found = null;
            for (OifStats s : c.outgoing()) if (s.iface().equals(o.iface())) found = s;
            oifs.add(found != null ? found : new OifStats(o.iface(), 0, 0, 0, 0));
        }
        return new MfeStats(m, c.inPackets(), c.inOctets(), c.packetsDifferentIf(), c.queueOverflow(), c.uninitializedMfe(),
                c.negativeMfe(), c.inDiscards(), c.inHeaderErrors(), oifs);
    }

    private Mfe view(MfeEntry e, long now) {
        List<OifView> oifs = new ArrayList<>(e.oifs.length);
        for (InterfaceKey k : e.oifs) {
            Client o = ownerOf(k);
            oifs.add(new OifView(k, o == null ? null : o.id));
        }
        long left = Math.max(0, e.expiresAtNanos - now);
        Client iifOwner = ownerOf(e.iif);
        return new Mfe(e.source, Ipv4.HOST_MASK, e.group, e.upstream, e.iif, iifOwner == null ? null : iifOwner.id, e.route,
                TimeUnit.NANOSECONDS.toSeconds(now - e.createdNanos), (left + 999_999_999L) / 1_000_000_000L, e.timeoutSeconds,
                List.copyOf(oifs));
    }

    @Override
    public int mfeCount() {
        lock.lock();
        try {
            return mfes.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ProtocolView> protocols() {
        lock.lock();
        try {
            List<ProtocolView> out = new ArrayList<>();
            for (Client c : clients.values())
                out.add(new ProtocolView(c.id, c.name, c.igmp, List.copyOf(c.interfaces), c.faults.get()));
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<InterfaceView> interfaces() {
        lock.lock();
        try {
            List<InterfaceView> out = new ArrayList<>();
            for (Interface i : new TreeMap<>(interfaces).values())
                out.add(new InterfaceView(i.key, i.routingOwner == null ? null : i.routingOwner.id, i.igmp == null ? null : i.igmp.id,
                        i.igmp != null && !i.igmpDisabled, i.memberships));
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<MembershipView> memberships() {
        lock.lock();
        try {
            List<MembershipView> out = new ArrayList<>();
            List<MembershipKey> keys = new ArrayList<>(memberships.keySet());
            keys.sort(KEY_ORDER);
            for (MembershipKey k : keys) addViews(k, memberships.get(k), out);
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<MembershipView> memberships(MembershipKey key) {
        lock.lock();
        try {
            MembershipRecords recs = key == null ? null : memberships.get(key);
            if (recs == null) return List.of();
            List<MembershipView> out = new ArrayList<>();
            addViews(key, recs, out);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The records of {@code key}, interface ordered. Under the lock. */
    private static void addViews(MembershipKey key, MembershipRecords recs, List<MembershipView> out) {
        for (Map.Entry<InterfaceKey, List<MembershipRecords.Holder>> e : new TreeMap<>(recs.byInterface).entrySet())
            for (MembershipRecords.Holder h : e.getValue()) out.add(new MembershipView(key, e.getKey(), h.holder().id, h.attributed().id));
    }

    private static void requireKey(InterfaceKey key) {
        if (key == null) throw new MgmException(MgmError.INVALID_PARAMETER, "interface is missing");
    }

    // =====================================================================================
    // group enumeration (4.15-4.17)
    // =====================================================================================

    private final class EnumerationHandle implements GroupEnumeration {
        final long id;
        final Client owner;
        final List<MembershipKey> snapshot;
        int cursor;

        EnumerationHandle(long id, Client owner, List<MembershipKey> snapshot) {
            this.id = id;
            this.owner = owner;
            this.snapshot = snapshot;
        }

        @Override
        public List<MembershipKey> next(int max) {
            lock.lock();
            try {
                if (enumerations.get(id) != this || !owner.registered)
                    throw new MgmException(MgmError.INVALID_PARAMETER, "invalid enumeration handle");
                if (max < 0) throw new MgmException(MgmError.INVALID_PARAMETER, "max must be >= 0");
                int end = Math.min(snapshot.size(), cursor + max);
                List<MembershipKey> out = List.copyOf(snapshot.subList(cursor, end));
                cursor = end;
                return out;
            } finally {
                lock.unlock();
            }
        }

        /** Records not yet returned. */
        int remaining() {
            return snapshot.size() - cursor;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (enumerations.remove(id) == null) throw new MgmException(MgmError.INVALID_PARAMETER, "invalid enumeration handle");
            } finally {
                lock.unlock();
            }
        }
    }

    private GroupEnumeration startEnumeration(Client c, EnumerationType type) {
        lock.lock();
        try {
            check(c);
            if (type == null) throw new MgmException(MgmError.INVALID_PARAMETER, "enumeration type is missing");
            List<MembershipKey> keys;
            if (type == EnumerationType.ALL_SOURCES) {
                keys = new ArrayList<>(memberships.keySet());
            } else {
                Set<Integer> groups = new HashSet<>();
                keys = new ArrayList<>();
                for (MembershipKey k : memberships.keySet())
                    if (groups.add(k.group())) keys.add(k.group() == 0 ? MembershipKey.WILDCARD : MembershipKey.anySource(k.group()));
            }
            EnumerationHandle h = new EnumerationHandle(handles.incrementAndGet(), c, keys);
            enumerations.put(h.id, h);
            return h;
        } finally {
            lock.unlock();
        }
    }

    // =====================================================================================
    // the protocol handle
    // =====================================================================================

    private final class Handle implements ProtocolHandle {
        private final Client client;

        Handle(Client client) {
            this.client = client;
        }

        @Override
        public ProtocolId id() {
            return client.id;
        }

        @Override
        public void takeInterface(InterfaceKey iface) {
            take(client, iface);
        }

        @Override
        public void releaseInterface(InterfaceKey iface) {
            release(client, iface);
        }

        @Override
        public void addMembership(MembershipKey key, InterfaceKey iface, int flags) {
            MgmEngine.this.addMembership(client, key, iface, flags);
        }

        @Override
        public void deleteMembership(MembershipKey key, InterfaceKey iface, int flags) {
            MgmEngine.this.deleteMembership(client, key, iface, flags);
        }

        @Override
        public void setMfeUpstreamNeighbor(SourceGroup sg, int upstreamNeighbor) {
            setUpstream(client, sg, upstreamNeighbor);
        }

        @Override
        public GroupEnumeration startGroupEnumeration(EnumerationType type) {
            return startEnumeration(client, type);
        }

        @Override
        public void deregister() {
            MgmEngine.this.deregister(client);
        }

        @Override
        public void close() {
            List<InterfaceKey> held;
            lock.lock();
            try {
                if (!client.registered) return;
                held = new ArrayList<>(client.interfaces);
            } finally {
                lock.unlock();
            }
            for (InterfaceKey k : held) {
                try {
                    release(client, k);
                } catch (MgmException e) {
                    LOG.log(Level.WARNING, "releasing {0} of {1} failed: {2}", k, client, e.getMessage());
                }
            }
            try {
                MgmEngine.this.deregister(client);
            } catch (MgmException e) {
                if (e.error() != MgmError.INVALID_PARAMETER) throw e;
            }
        }

        @Override
        public String toString() {
            return "handle " + client.handle + " of " + client;
        }
    }
}
