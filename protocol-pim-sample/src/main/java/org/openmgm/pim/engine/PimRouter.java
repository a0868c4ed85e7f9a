package org.openmgm.pim.engine;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.MfeStatus;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.Mfe;
import org.openmgm.api.MfeStats;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.RpfRequest;
import org.openmgm.api.Scheduler;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.pim.packet.EncodedGroup;
import org.openmgm.pim.packet.EncodedSource;
import org.openmgm.pim.packet.PimCodec;
import org.openmgm.pim.packet.PimMessage;
import org.openmgm.pim.packet.PimMessage.Assert;
import org.openmgm.pim.packet.PimMessage.GroupSet;
import org.openmgm.pim.packet.PimMessage.Hello;
import org.openmgm.pim.packet.PimMessage.JoinPrune;
import org.openmgm.pim.packet.PimMessage.LanPruneDelay;
import org.openmgm.pim.packet.PimMessage.Register;
import org.openmgm.pim.packet.PimMessage.RegisterStop;
import org.openmgm.pim.packet.PimParseException;

/**
 * One PIM-SM/SSM router instance (RFC 7761, the subset described in docs/protocol-pim-sample.md).
 *
 * <p>Threading: every entry point (received messages, MGM callbacks, timers) runs under this object's
 * monitor; calls into the MGM that change state (take/release, add/delete membership) are queued and
 * run after the monitor is released, so the MGM may call back on another thread without deadlock.
 *
 * <p>Forwarding model: the MGM builds the MFEs. PIM tells it where to forward by holding a JOIN_STATE
 * membership on each of its interfaces in an outgoing list ((*,G) or (S,G)), chooses the incoming
 * interface in the RPF callback (source tree or RP tree), refuses interfaces in creation alerts, and
 * removes assert-lost interfaces from one MFE with FORWARD_STATE deletes (RFC 2715 §4).
 */
public final class PimRouter implements MgmProtocol, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PimRouter.class.getName());

    static final int TRIGGERED_HELLO_DELAY_MS = 5000;
    static final int PROPAGATION_DELAY_MS = 500;
    static final int OVERRIDE_INTERVAL_MS = 2500;
    static final int ASSERT_TIME_S = 180;
    static final int ASSERT_OVERRIDE_INTERVAL_S = 3;
    static final int KEEPALIVE_PERIOD_S = 210;
    static final int REGISTER_SUPPRESSION_S = 60;
    static final int REGISTER_PROBE_S = 5;
    static final int RP_KEEPALIVE_PERIOD_S = 3 * REGISTER_SUPPRESSION_S + REGISTER_PROBE_S;
    static final int INFINITE_HOLDTIME = 0xFFFF;
    static final int ALL_PIM_ROUTERS = 0xE000000D;

    private final PimSettings settings;
    private final Scheduler scheduler;
    private final PimOutput out;
    private final UnicastRib rib;
    private final RandomGenerator random;
    private final PimStats stats = new PimStats();
    private final ConcurrentLinkedQueue<Runnable> mgmActions = new ConcurrentLinkedQueue<>();

    private ProtocolHandle handle;
    private MgmService mgm;
    private boolean closed;

    private final Map<Integer, Iface> ifaces = new TreeMap<>();
    private final Map<Integer, GroupEntry> groups = new TreeMap<>(Integer::compareUnsigned);
    private final Map<SourceGroup, SourceEntry> sources = new TreeMap<>();
    /** JOIN_STATE memberships this router holds in the MGM (key, ifIndex). */
    private final Set<Membership> installed = new HashSet<>();

    private record Membership(MembershipKey key, int ifIndex) {}

    public PimRouter(PimSettings settings, Scheduler scheduler, PimOutput out, UnicastRib rib, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.out = Objects.requireNonNull(out);
        this.rib = Objects.requireNonNull(rib);
        this.random = Objects.requireNonNull(random);
    }

    public PimSettings settings() {
        return settings;
    }

    public PimStats stats() {
        return stats;
    }

    // ============================================================================================ lifecycle

    /** The MGM registered us: take every configured interface. {@code mgm} (may be null) is used for reads. */
    public void attach(ProtocolHandle handle, MgmService mgm) {
        synchronized (this) {
            this.handle = handle;
            this.mgm = mgm;
            for (Iface i : ifaces.values()) queueTake(i.ifIndex());
        }
        flush();
        adoptBorderSources();
    }

    /**
     * MFEs made before PIM registered (PIM deployed or reconfigured while flows run) got their creation
     * alerts without us: the border sources among them are registered now. Also run when an interface is
     * added, since the route to the RP may only now lead through PIM.
     */
    private void adoptBorderSources() {
        MgmService m = mgm;
        if (m == null || handle == null) return;
        try {
            SourceGroup after = null;
            while (true) {
                List<Mfe> page = m.mfes(after, 256);
                synchronized (this) {
                    if (closed) return;
                    for (Mfe mfe : page)
                        if (mfe.route() != null && !RouteInfo.NONE.equals(mfe.route())) borderSource(mfe.sourceGroup(), mfe.incomingInterface(), false);
                }
                if (page.size() < 256) break;
                after = page.getLast().sourceGroup();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "MFEs unavailable for border sources: {0}", e.toString());
        }
    }

    /** Starts PIM on an interface: a hello right away (triggered hello), then every Hello_Period. */
    public void addInterface(NetInterface ni) {
        synchronized (this) {
            if (closed || ifaces.containsKey(ni.index())) return;
            if (ni.primaryAddress() == 0) throw new IllegalArgumentException("interface " + ni.name() + " has no IPv4 address");
            Iface i = new Iface(ni, random.nextInt(), now());
            ifaces.put(ni.index(), i);
            i.drAddress = i.address();
            LOG.log(Level.INFO, "PIM enabled on {0} ({1})", ni.name(), Ipv4.format(i.address()));
            sendHello(i, settings.helloHoldtime());
            i.helloTimer = scheduler.schedule(guarded(() -> helloTimerFired(i)), settings.helloPeriodSeconds(), TimeUnit.SECONDS);
            if (handle != null) queueTake(ni.index());
        }
        flush();
        adoptBorderSources();
    }

    /** Stops PIM on an interface: goodbye hello (holdtime 0), state on it removed, interface released. */
    public void removeInterface(int ifIndex) {
        synchronized (this) {
            Iface i = ifaces.remove(ifIndex);
            if (i == null) return;
            sendHello(i, 0);
            i.cancelTimers();
            for (Entry e : allEntries()) e.forgetInterface(ifIndex);
            reconcile();
            if (handle != null) {
                ProtocolHandle h = handle;
                mgmActions.add(() -> h.releaseInterface(InterfaceKey.of(ifIndex)));
            }
        }
        flush();
    }

    /** Goodbye hellos, prunes upstream, timers cancelled, interfaces released. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            for (Entry e : allEntries()) {
                if (e.joined) sendJoinPrune(e, e.rpfIface, e.rpfNeighbor, false);
                e.cancelTimers();
            }
            for (Iface i : ifaces.values()) {
                sendHello(i, 0);
                i.cancelTimers();
            }
            closed = true;
        }
    }

    // ============================================================================================ input

    /**
     * A PIM message (the bytes after the IP header) from {@code source} to {@code destination},
     * received on {@code ifIndex} (-1 when unknown, e.g. unicast messages from the raw socket).
     */
    public void receive(int ifIndex, int source, int destination, byte[] pim) {
        receive(ifIndex, source, destination, pim, 0, pim.length);
    }

    public void receive(int ifIndex, int source, int destination, byte[] data, int off, int len) {
        PimMessage m;
        try {
            m = PimCodec.parse(data, off, len);
        } catch (PimParseException e) {
            stats.dropped(reasonName(e.reason()));
            LOG.log(Level.DEBUG, "PIM packet from {0} dropped: {1}", Ipv4.format(source), e.getMessage());
            return;
        }
        synchronized (this) {
            if (closed) return;
            if (isLocalAddress(source)) {
                stats.dropped("ownPacket");
                return;
            }
            stats.received(PimMessage.typeName(m.type()));
            Iface i = ifIndex >= 0 ? ifaces.get(ifIndex) : null;
            switch (m) {
                case Hello h -> { if (needIface(i)) onHello(i, source, h); }
                case JoinPrune jp when jp.type() == PimMessage.JOIN_PRUNE -> {
                    if (needIface(i) && needNeighbor(i, source)) onJoinPrune(i, source, jp);
                }
                case Assert a -> { if (needIface(i) && needNeighbor(i, source)) onAssert(i, source, a); }
                case Register r -> onRegister(source, destination, r);
                case RegisterStop rs -> onRegisterStop(source, rs);
                default -> stats.dropped("unsupportedType");
            }
        }
        flush();
    }

    private boolean needIface(Iface i) {
        if (i == null) stats.dropped("unknownInterface");
        return i != null;
    }

    private boolean needNeighbor(Iface i, int source) {
        if (!i.neighbors.containsKey(source)) {
            stats.dropped("notNeighbor");
            return false;
        }
        return true;
    }

    private static String reasonName(PimParseException.Reason r) {
        return switch (r) {
            case TRUNCATED -> "truncated";
            case BAD_VERSION -> "badVersion";
            case BAD_CHECKSUM -> "badChecksum";
            case UNKNOWN_TYPE -> "unknownType";
            case BAD_ADDRESS_FAMILY -> "badAddressFamily";
            case MALFORMED -> "malformed";
        };
    }

    // ============================================================================================ hellos, neighbours, DR

    private void helloTimerFired(Iface i) {
        if (ifaces.get(i.ifIndex()) != i) return;
        sendHello(i, settings.helloHoldtime());
        i.helloTimer = scheduler.schedule(guarded(() -> helloTimerFired(i)), settings.helloPeriodSeconds(), TimeUnit.SECONDS);
    }

    /** RFC 7761 §4.3.1: a new neighbour or a restarted one gets a hello from us within Triggered_Hello_Delay. */
    private void triggerHello(Iface i) {
        if (i.triggeredHello != null) return;
        long delay = random.nextLong(TRIGGERED_HELLO_DELAY_MS + 1);
        i.triggeredHello = scheduler.schedule(guarded(() -> {
            i.triggeredHello = null;
            if (ifaces.get(i.ifIndex()) != i) return;
            sendHello(i, settings.helloHoldtime());
            // a neighbour that just learned about us dropped our earlier joins (sent to a non-neighbour): repeat them soon
            for (Entry e : allEntries()) {
                Neighbor n = i.neighbors.get(e.rpfNeighbor);
                if (e.joined && e.rpfIface == i.ifIndex() && n != null && n.freshForJoins) reduceJoinTimer(e, tOverrideMillis(i));
            }
            for (Neighbor n : i.neighbors.values()) n.freshForJoins = false;
        }), delay, TimeUnit.MILLISECONDS);
    }

    private void sendHello(Iface i, int holdtime) {
        Hello h = Hello.of(holdtime, settings.drPriority(), i.generationId)
                .withLanPruneDelay(new LanPruneDelay(false, PROPAGATION_DELAY_MS, OVERRIDE_INTERVAL_MS));
        sendMulticast(i, h);
    }

    private void onHello(Iface i, int source, Hello h) {
        int holdtime = h.holdtime() == null ? (int) Math.round(settings.helloPeriodSeconds() * 3.5) : h.holdtime();
        Neighbor n = i.neighbors.get(source);
        if (holdtime == 0) {
            if (n != null) {
                LOG.log(Level.INFO, "PIM neighbour {0} on {1} said goodbye", Ipv4.format(source), i.name());
                removeNeighbor(i, n);
            }
            return;
        }
        if (n == null) {
            n = new Neighbor(source, now());
            n.freshForJoins = true;
            i.neighbors.put(source, n);
            LOG.log(Level.INFO, "PIM neighbour {0} up on {1}", Ipv4.format(source), i.name());
            stats.event("neighborUp");
            triggerHello(i);
        } else if (h.generationId() != null && n.generationId != null && !h.generationId().equals(n.generationId)) {
            LOG.log(Level.INFO, "PIM neighbour {0} on {1} restarted (generation id {2} -> {3})", Ipv4.format(source), i.name(),
                    hex(n.generationId), hex(h.generationId()));
            stats.event("neighborRestart");
            n.upSince = now();
            n.freshForJoins = true;
            neighborRestarted(i, n);
            triggerHello(i);
        }
        n.holdtime = holdtime;
        n.drPriority = h.drPriority();
        n.generationId = h.generationId();
        n.lanPruneDelay = h.lanPruneDelay();
        if (n.expiry != null) n.expiry.cancel();
        n.expiry = null;
        n.expiresAt = -1;
        if (holdtime != INFINITE_HOLDTIME) {
            Neighbor nn = n;
            n.expiresAt = now() + TimeUnit.SECONDS.toNanos(holdtime);
            n.expiry = scheduler.schedule(guarded(() -> {
                if (i.neighbors.get(source) == nn) {
                    LOG.log(Level.INFO, "PIM neighbour {0} on {1} timed out", Ipv4.format(source), i.name());
                    stats.event("neighborExpired");
                    removeNeighbor(i, nn);
                }
            }), holdtime, TimeUnit.SECONDS);
        }
        electDr(i);
        reconcile();
    }

    private void removeNeighbor(Iface i, Neighbor n) {
        i.neighbors.remove(n.address);
        if (n.expiry != null) n.expiry.cancel();
        // Asserts won by the neighbour that is gone no longer hold (RFC 7761 §4.6.1). A copy: ending an
        // assert reconciles, which may drop idle source entries.
        for (SourceEntry s : new ArrayList<>(sources.values())) {
            AssertState a = s.asserts.get(i.ifIndex());
            if (a != null && a.loser && a.winner == n.address) assertToNoInfo(s, i.ifIndex(), a);
        }
        electDr(i);
        reconcile();
    }

    /**
     * A new generation id: the neighbour lost its state. Forget what it won from us and send our joins
     * towards it again soon (RFC 7761 §4.5.7: decrease the join timer to t_override).
     */
    private void neighborRestarted(Iface i, Neighbor n) {
        for (SourceEntry s : new ArrayList<>(sources.values())) {
            AssertState a = s.asserts.get(i.ifIndex());
            if (a != null && a.loser && a.winner == n.address) assertToNoInfo(s, i.ifIndex(), a);
        }
        for (Entry e : allEntries()) {
            if (e.joined && e.rpfIface == i.ifIndex() && e.rpfNeighbor == n.address) reduceJoinTimer(e, tOverrideMillis(i));
        }
    }

    private void electDr(Iface i) {
        boolean allPriorities = i.neighbors.values().stream().allMatch(n -> n.drPriority != null);
        int best = i.address();
        long bestPriority = settings.drPriority();
        for (Neighbor n : i.neighbors.values()) {
            boolean better;
            if (allPriorities) {
                better = n.drPriority > bestPriority || (n.drPriority == bestPriority && Integer.compareUnsigned(n.address, best) > 0);
            } else {
                better = Integer.compareUnsigned(n.address, best) > 0;
            }
            if (better) {
                best = n.address;
                bestPriority = allPriorities ? n.drPriority : 0;
            }
        }
        if (best != i.drAddress) {
            LOG.log(Level.INFO, "PIM DR on {0} is now {1}{2}", i.name(), Ipv4.format(best), best == i.address() ? " (this router)" : "");
            stats.event("drChange");
            i.drAddress = best;
            queueForwardingSync(i.ifIndex());
        }
    }

    /**
     * IGMP's own memberships also make our interface an outgoing interface of existing MFEs (the MGM
     * runs no creation alert for membership changes). Where PIM must not forward (not DR, assert loser)
     * remove the interface from those MFEs with FORWARD_STATE; where it must again, add it back.
     */
    private void queueForwardingSync(int ifIndex) {
        if (handle == null || mgm == null) return;
        ProtocolHandle h = handle;
        MgmService m = mgm;
        mgmActions.add(() -> {
            for (org.openmgm.api.Mfe mfe : m.mfes(null, 100_000)) {
                if (mfe.incomingInterface().ifIndex() == ifIndex) continue;
                boolean present = mfe.outgoing().stream().anyMatch(o -> o.iface().ifIndex() == ifIndex);
                boolean desired, local;
                synchronized (this) {
                    if (!ifaces.containsKey(ifIndex)) return;
                    desired = inheritedOlist(mfe.source(), mfe.group()).contains(ifIndex);
                    GroupEntry g = groups.get(mfe.group());
                    SourceEntry se = sources.get(mfe.sourceGroup());
                    local = (g != null && g.localMembers.contains(ifIndex)) || (se != null && se.localMembers.contains(ifIndex));
                }
                if (present && !desired) {
                    h.deleteMembership(MembershipKey.of(mfe.sourceGroup()), InterfaceKey.of(ifIndex), MgmConstants.MGM_FORWARD_STATE_FLAG);
                    stats.event("forwardStateDeleted");
                } else if (!present && desired && local) {
                    h.addMembership(MembershipKey.of(mfe.sourceGroup()), InterfaceKey.of(ifIndex), MgmConstants.MGM_FORWARD_STATE_FLAG);
                }
            }
        });
    }

    // ============================================================================================ join/prune

    private void onJoinPrune(Iface i, int source, JoinPrune jp) {
        boolean toUs = jp.upstreamNeighbor() == i.address();
        for (GroupSet gs : jp.groups()) {
            int g = gs.group().address();
            if (gs.group().maskLength() != 32 || !Ipv4.isMulticast(g) || Ipv4.isLinkLocalMulticast(g)) {
                stats.dropped("badGroup");
                continue;
            }
            for (EncodedSource e : gs.joins()) {
                if (toUs) downstreamJoin(i, g, e, jp.holdtime());
                else seenOnLan(i, jp.upstreamNeighbor(), g, e, true, jp.holdtime());
            }
            for (EncodedSource e : gs.prunes()) {
                if (toUs) downstreamPrune(i, g, e, jp.holdtime());
                else seenOnLan(i, jp.upstreamNeighbor(), g, e, false, jp.holdtime());
            }
        }
        reconcile();
    }

    private void downstreamJoin(Iface i, int g, EncodedSource e, int holdtime) {
        if (e.wildcard() && e.rpt()) {
            if (settings.isSsm(g) || e.address() != rpFor(g)) {
                stats.dropped("joinWrongRp");
                return;
            }
            GroupEntry ge = groupEntry(g, true);
            toJoin(ge, ge.downstream, i, holdtime);
        } else if (!e.wildcard() && !e.rpt()) {
            SourceEntry se = sourceEntry(e.address(), g, true);
            toJoin(se, se.downstream, i, holdtime);
        } else if (!e.wildcard() && e.rpt()) {
            // (S,G,rpt) join: cancels an (S,G,rpt) prune on this interface
            SourceEntry se = sourceEntry(e.address(), g, false);
            if (se != null) {
                Downstream d = se.rptPrunes.remove(i.ifIndex());
                if (d != null) {
                    d.cancel();
                    restoreForwarding(se, i.ifIndex());
                }
            }
        }
    }

    private void downstreamPrune(Iface i, int g, EncodedSource e, int holdtime) {
        if (e.wildcard() && e.rpt()) {
            GroupEntry ge = groupEntry(g, false);
            if (ge != null) toPrunePending(ge, ge.downstream, i);
        } else if (!e.wildcard() && !e.rpt()) {
            SourceEntry se = sourceEntry(e.address(), g, false);
            if (se != null) toPrunePending(se, se.downstream, i);
        } else if (!e.wildcard() && e.rpt()) {
            // (S,G,rpt) prune: stop forwarding S's packets of the shared tree on this interface
            GroupEntry ge = groupEntry(g, false);
            if (ge == null || !ge.downstream.containsKey(i.ifIndex())) return;
            SourceEntry se = sourceEntry(e.address(), g, true);
            Downstream d = se.rptPrunes.computeIfAbsent(i.ifIndex(), k -> new Downstream());
            d.state = DownstreamState.PRUNE;
            d.restartExpiry(holdtime, () -> {
                se.rptPrunes.remove(i.ifIndex());
                restoreForwarding(se, i.ifIndex());
                reconcile();
            });
            if (!se.downstream.containsKey(i.ifIndex())) removeForwarding(se, i.ifIndex());
        }
    }

    /** Downstream state machine (RFC 7761 §4.5.2/§4.5.3): receive Join. */
    private void toJoin(Entry entry, Map<Integer, Downstream> table, Iface i, int holdtime) {
        Downstream d = table.computeIfAbsent(i.ifIndex(), k -> new Downstream());
        if (d.state != DownstreamState.JOIN) LOG.log(Level.DEBUG, "{0} downstream join on {1}", entry, i.name());
        d.state = DownstreamState.JOIN;
        if (d.prunePending != null) {
            d.prunePending.cancel();
            d.prunePending = null;
        }
        long remaining = d.expiresAt < 0 ? -1 : d.expiresAt - now();
        if (remaining < TimeUnit.SECONDS.toNanos(holdtime)) {
            d.restartExpiry(holdtime, () -> {
                table.remove(i.ifIndex());
                LOG.log(Level.DEBUG, "{0} downstream join on {1} expired", entry, i.name());
                reconcile();
            });
        }
    }

    /** Receive Prune: Join -> Prune-Pending for J/P_Override_Interval when others may override, else NoInfo. */
    private void toPrunePending(Entry entry, Map<Integer, Downstream> table, Iface i) {
        Downstream d = table.get(i.ifIndex());
        if (d == null || d.state != DownstreamState.JOIN) return;
        d.state = DownstreamState.PRUNE_PENDING;
        long delay = i.neighbors.size() > 1 ? i.joinPruneOverrideMillis() : 0;
        d.prunePendingAt = now() + TimeUnit.MILLISECONDS.toNanos(delay);
        d.prunePending = scheduler.schedule(guarded(() -> {
            if (table.get(i.ifIndex()) != d || d.state != DownstreamState.PRUNE_PENDING) return;
            d.cancel();
            table.remove(i.ifIndex());
            LOG.log(Level.DEBUG, "{0} pruned on {1}", entry, i.name());
            if (i.neighbors.size() > 1) sendPruneEcho(entry, i); // a last chance for a lost override (§4.5.2)
            reconcile();
        }), delay, TimeUnit.MILLISECONDS);
    }

    /** PruneEcho: our own prune, addressed to ourselves, after a Prune-Pending expiry on a LAN. */
    private void sendPruneEcho(Entry e, Iface i) {
        EncodedSource src = e instanceof GroupEntry g ? EncodedSource.rp(rpFor(g.group)) : EncodedSource.source(((SourceEntry) e).sg.source());
        int group = e instanceof GroupEntry g ? g.group : ((SourceEntry) e).sg.group();
        sendMulticast(i, new JoinPrune(i.address(), settings.joinPruneHoldtime(),
                List.of(new GroupSet(EncodedGroup.of(group), List.of(), List.of(src)))));
        stats.event("pruneEcho");
    }

    /**
     * Join or prune for another upstream router seen on a LAN where we are joined towards the same
     * neighbour: join suppression and prune override (RFC 7761 §4.5.7, §4.5.9).
     */
    private void seenOnLan(Iface i, int target, int g, EncodedSource e, boolean join, int holdtime) {
        Entry entry;
        if (e.wildcard() && e.rpt()) entry = groupEntry(g, false);
        else if (!e.wildcard() && !e.rpt()) entry = sourceEntry(e.address(), g, false);
        else return;
        if (entry == null || !entry.joined || entry.rpfIface != i.ifIndex() || entry.rpfNeighbor != target) return;
        if (join) {
            if (!i.suppressionEnabled()) return;
            long suppressMillis = Math.min((long) (settings.joinPrunePeriodSeconds() * 1000 * (1.1 + 0.3 * random.nextDouble())), holdtime * 1000L);
            long remaining = entry.joinTimerDue - now();
            if (TimeUnit.MILLISECONDS.toNanos(suppressMillis) > remaining) {
                stats.event("joinSuppressed");
                restartJoinTimer(entry, suppressMillis);
            }
        } else {
            stats.event("pruneOverride");
            reduceJoinTimer(entry, tOverrideMillis(i));
        }
    }

    private long tOverrideMillis(Iface i) {
        return random.nextLong(i.overrideIntervalMillis() + 1);
    }

    private void reduceJoinTimer(Entry e, long millis) {
        if (e.joinTimerDue - now() > TimeUnit.MILLISECONDS.toNanos(millis)) restartJoinTimer(e, millis);
    }

    private void restartJoinTimer(Entry e, long millis) {
        if (e.joinTimer != null) e.joinTimer.cancel();
        e.joinTimerDue = now() + TimeUnit.MILLISECONDS.toNanos(millis);
        e.joinTimer = scheduler.schedule(guarded(() -> joinTimerFired(e)), millis, TimeUnit.MILLISECONDS);
    }

    private void joinTimerFired(Entry e) {
        e.joinTimer = null;
        if (!e.joined || !isLive(e)) return;
        sendJoinPrune(e, e.rpfIface, e.rpfNeighbor, true);
        restartJoinTimer(e, settings.joinPrunePeriodSeconds() * 1000L);
    }

    private boolean isLive(Entry e) {
        return e instanceof GroupEntry g ? groups.get(g.group) == g : sources.get(((SourceEntry) e).sg) == e;
    }

    /**
     * Recomputes everything that derives from state: the MGM memberships for our outgoing
     * interfaces, JoinDesired and RPF' of every entry (sending joins and prunes on changes), and
     * drops entries that hold nothing any more.
     */
    private void reconcile() {
        Set<Membership> desired = new HashSet<>();
        for (GroupEntry g : groups.values())
            for (int ifIndex : immediateOlist(g)) desired.add(new Membership(MembershipKey.anySource(g.group), ifIndex));
        for (SourceEntry s : sources.values())
            for (int ifIndex : immediateOlist(s)) desired.add(new Membership(MembershipKey.sourceGroup(s.sg.source(), s.sg.group()), ifIndex));
        if (handle != null) {
            ProtocolHandle h = handle;
            for (Membership m : new ArrayList<>(installed)) {
                if (!desired.contains(m)) {
                    installed.remove(m);
                    mgmActions.add(() -> h.deleteMembership(m.key(), InterfaceKey.of(m.ifIndex()), MgmConstants.MGM_JOIN_STATE_FLAG));
                }
            }
            for (Membership m : desired) {
                if (installed.add(m))
                    mgmActions.add(() -> h.addMembership(m.key(), InterfaceKey.of(m.ifIndex()), MgmConstants.MGM_JOIN_STATE_FLAG));
            }
        }
        for (SourceEntry s : sources.values()) {
            if (s.sptDesired && !sharedTreeReceivers(s.sg.group())) s.sptDesired = false; // last receiver left
        }
        // (*,G) first: an SPT switch adds (S,G,rpt) prunes to the (*,G) message
        for (GroupEntry g : new ArrayList<>(groups.values())) updateUpstream(g);
        for (SourceEntry s : new ArrayList<>(sources.values())) updateUpstream(s);
        groups.values().removeIf(g -> {
            boolean empty = g.isEmpty();
            if (empty) g.cancelTimers();
            return empty;
        });
        sources.values().removeIf(s -> {
            boolean empty = s.isEmpty();
            if (empty) s.cancelTimers();
            return empty;
        });
        updateRegisterTaps();
    }

    private Set<Integer> registerTaps = Set.of();

    private void updateRegisterTaps() {
        Set<Integer> now = new TreeSet<>();
        for (SourceEntry s : sources.values()) if (s.register == RegisterState.JOIN) now.add(s.registerIface);
        if (!now.equals(registerTaps)) {
            registerTaps = Set.copyOf(now);
            out.registerInterfaces(registerTaps);
        }
    }

    /** immediate_olist: downstream join state plus local members where we are DR and did not lose an assert. */
    private Set<Integer> immediateOlist(Entry e) {
        Set<Integer> olist = new TreeSet<>();
        for (Map.Entry<Integer, Downstream> d : e.downstream.entrySet())
            if (d.getValue().state != DownstreamState.NO_INFO && ifaces.containsKey(d.getKey())) olist.add(d.getKey());
        for (int ifIndex : e.localMembers) {
            Iface i = ifaces.get(ifIndex);
            if (i != null && i.iAmDr()) olist.add(ifIndex);
        }
        if (e instanceof SourceEntry s) {
            for (Map.Entry<Integer, AssertState> a : s.asserts.entrySet()) if (a.getValue().loser) olist.remove(a.getKey());
        }
        return olist;
    }

    /** Outgoing interfaces of (S,G) traffic: (S,G) olist plus (*,G) olist minus (S,G,rpt) prunes and assert losses. */
    private Set<Integer> inheritedOlist(int source, int group) {
        Set<Integer> olist = new TreeSet<>();
        SourceEntry s = sources.get(new SourceGroup(source, group));
        GroupEntry g = groups.get(group);
        if (g != null) {
            olist.addAll(immediateOlist(g));
            if (s != null) olist.removeAll(s.rptPrunes.keySet());
        }
        if (s != null) {
            olist.addAll(immediateOlist(s));
            for (Map.Entry<Integer, AssertState> a : s.asserts.entrySet()) if (a.getValue().loser) olist.remove(a.getKey());
        }
        return olist;
    }

    private boolean joinDesired(Entry e) {
        if (e instanceof GroupEntry g) {
            int rp = rpFor(g.group);
            if (rp == 0 || isLocalAddress(rp)) return false;
            return !immediateOlist(g).isEmpty() || g.alertJoined;
        }
        SourceEntry s = (SourceEntry) e;
        if (directlyConnected(s.sg.source()) != null || reachedThroughOtherProtocol(s.sg.source())) return false;
        if (!immediateOlist(s).isEmpty() || s.alertJoined) return true;
        // inherited_olist(S,G): the shared tree's receivers minus (S,G,rpt) prunes and lost asserts (§4.5.7)
        GroupEntry g = groups.get(s.sg.group());
        boolean receivers = !inheritedOlist(s.sg.source(), s.sg.group()).isEmpty() || (g != null && g.alertJoined);
        if (s.sptDesired && receivers) return true;
        return s.keepaliveAt > now() && receivers && weAreRp(s.sg.group());
    }

    /**
     * The route to {@code source} leaves through an interface PIM does not run on: the protocol owning it
     * pulls the data (the MGM's join alert), PIM has no one to join towards.
     */
    private boolean reachedThroughOtherProtocol(int source) {
        Optional<PimRoute> r = rib.lookup(source);
        return r.isPresent() && !ifaces.containsKey(r.get().ifIndex());
    }

    private boolean sharedTreeReceivers(int group) {
        GroupEntry g = groups.get(group);
        return g != null && (!immediateOlist(g).isEmpty() || g.alertJoined);
    }

    /** Upstream state machines (RFC 7761 §4.5.5/§4.5.7): NotJoined/Joined with the join timer. */
    private void updateUpstream(Entry e) {
        boolean desired = joinDesired(e);
        Rpf target = desired ? rpfTarget(e) : null;
        if (desired && target == null) stats.event("noRpfNeighbor");
        if (target != null) {
            if (!e.joined) {
                e.joined = true;
                e.prunedUpstream = false;
                e.rpfIface = target.ifIndex;
                e.rpfNeighbor = target.neighbor;
                LOG.log(Level.INFO, "{0} joined towards {1} on {2}", e, Ipv4.format(target.neighbor), ifName(target.ifIndex));
                sendJoinPrune(e, target.ifIndex, target.neighbor, true);
                restartJoinTimer(e, settings.joinPrunePeriodSeconds() * 1000L);
            } else if (e.rpfIface != target.ifIndex || e.rpfNeighbor != target.neighbor) {
                LOG.log(Level.INFO, "{0} RPF neighbour changed {1} -> {2}", e, Ipv4.format(e.rpfNeighbor), Ipv4.format(target.neighbor));
                sendJoinPrune(e, e.rpfIface, e.rpfNeighbor, false);
                e.rpfIface = target.ifIndex;
                e.rpfNeighbor = target.neighbor;
                sendJoinPrune(e, target.ifIndex, target.neighbor, true);
                restartJoinTimer(e, settings.joinPrunePeriodSeconds() * 1000L);
            }
        } else if (e.joined) {
            LOG.log(Level.INFO, "{0} pruned towards {1}", e, Ipv4.format(e.rpfNeighbor));
            sendJoinPrune(e, e.rpfIface, e.rpfNeighbor, false);
            e.joined = false;
            e.prunedUpstream = true;
            if (e.joinTimer != null) e.joinTimer.cancel();
            e.joinTimer = null;
        }
    }

    private record Rpf(int ifIndex, int neighbor) {}

    /** RPF'(*,G) towards the RP or RPF'(S,G) towards S; null when there is no PIM interface/neighbour that way. */
    private Rpf rpfTarget(Entry e) {
        int address = e instanceof GroupEntry g ? rpFor(g.group) : ((SourceEntry) e).sg.source();
        if (address == 0) return null;
        Optional<PimRoute> r = rib.lookup(address);
        if (r.isEmpty()) return null;
        Iface i = ifaces.get(r.get().ifIndex());
        if (i == null) return null;
        int neighbor = r.get().gateway() != 0 ? r.get().gateway() : address;
        if (e instanceof SourceEntry s) {
            // An assert winner on the RPF interface is the upstream neighbour (RFC 7761 §4.6: RPF'(S,G)).
            AssertState a = s.asserts.get(i.ifIndex());
            if (a != null && a.loser) neighbor = a.winner;
        }
        if (neighbor == i.address()) return null;
        return new Rpf(i.ifIndex(), neighbor);
    }

    private void sendJoinPrune(Entry e, int ifIndex, int neighbor, boolean join) {
        Iface i = ifaces.get(ifIndex);
        if (i == null) return;
        List<GroupSet> sets = new ArrayList<>();
        if (e instanceof GroupEntry g) {
            EncodedSource rp = EncodedSource.rp(rpFor(g.group));
            List<EncodedSource> rptPrunes = new ArrayList<>();
            if (join) {
                // SPT switch: prune S off the shared tree where its source tree leaves another way (§4.5.8)
                for (SourceEntry s : sources.values()) {
                    if (s.sg.group() == g.group && s.sptDesired && s.joined && (s.rpfIface != ifIndex || s.rpfNeighbor != neighbor))
                        rptPrunes.add(EncodedSource.sourceRpt(s.sg.source()));
                }
            }
            sets.add(join ? new GroupSet(EncodedGroup.of(g.group), List.of(rp), rptPrunes)
                          : new GroupSet(EncodedGroup.of(g.group), List.of(), List.of(rp)));
        } else {
            SourceEntry s = (SourceEntry) e;
            EncodedSource src = EncodedSource.source(s.sg.source());
            sets.add(join ? new GroupSet(EncodedGroup.of(s.sg.group()), List.of(src), List.of())
                          : new GroupSet(EncodedGroup.of(s.sg.group()), List.of(), List.of(src)));
        }
        sendMulticast(i, new JoinPrune(neighbor, settings.joinPruneHoldtime(), sets));
        stats.event(join ? "joinSent" : "pruneSent");
    }

    // ============================================================================================ registers

    private void onRegister(int source, int destination, Register r) {
        byte[] ip = r.packet();
        int hl = Ipv4Packets.headerLength(ip, ip.length);
        if (hl < 0) {
            stats.dropped("badRegister");
            return;
        }
        int s = Ipv4Packets.source(ip), g = Ipv4Packets.destination(ip);
        if (!Ipv4.isMulticast(g) || Ipv4.isLinkLocalMulticast(g) || settings.isSsm(g)) {
            stats.dropped("badRegister");
            return;
        }
        if (!weAreRp(g) || (destination != 0 && destination != rpFor(g))) {
            // RFC 7761 §4.4.2: not the RP for G at this address: Register-Stop and drop
            stats.dropped("registerNotRp");
            sendRegisterStop(destination, source, g, s);
            return;
        }
        SourceEntry se = sourceEntry(s, g, true);
        se.registeredBy = source;
        se.keepaliveAt = now() + TimeUnit.SECONDS.toNanos(RP_KEEPALIVE_PERIOD_S);
        scheduleKeepalive(se, RP_KEEPALIVE_PERIOD_S);
        Set<Integer> olist = rpOutgoing(s, g);
        boolean spt = sptBit(se);
        if (r.nullRegister()) {
            if (spt || olist.isEmpty()) sendRegisterStop(settings.rpAddress(), source, g, s);
        } else if (spt || olist.isEmpty()) {
            sendRegisterStop(settings.rpAddress(), source, g, s);
        } else {
            int ttl = Ipv4Packets.ttl(ip);
            int total = Math.min(ip.length, Ipv4Packets.totalLength(ip));
            if (ttl > 1 && total >= hl) {
                byte[] fwd = java.util.Arrays.copyOf(ip, total);
                fwd[8] = (byte) (ttl - 1);
                fwd[10] = 0;
                fwd[11] = 0;
                int c = Ipv4Packets.checksum(fwd, 0, hl);
                fwd[10] = (byte) (c >>> 8);
                fwd[11] = (byte) c;
                for (int ifIndex : olist) {
                    out.data(ifIndex, fwd);
                    stats.event("registerDecapsulated");
                }
            } else {
                stats.dropped("registerTtl");
            }
        }
        reconcile(); // the RP joins towards the source while registers keep coming (KAT, §4.4.2)
    }

    /** Interfaces that receive (S,G) at the RP: PIM's inherited olist and other protocols' member interfaces. */
    private Set<Integer> rpOutgoing(int s, int g) {
        Set<Integer> olist = inheritedOlist(s, g);
        MgmService m = mgm;
        if (m != null) {
            try {
                for (MembershipView v : m.memberships()) {
                    if (v.key().covers(s, g) && !ifaces.containsKey(v.iface().ifIndex())) olist.add(v.iface().ifIndex());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "memberships unavailable: {0}", e.toString());
            }
        }
        return olist;
    }

    /** SPTbit(S,G): native data of S arrived on the interface towards S (the MGM built the MFE there). */
    private boolean sptBit(SourceEntry se) {
        if (!se.sptBit) return false;
        MgmService m = mgm;
        if (m == null) return true;
        try {
            Mfe mfe = m.mfe(se.sg);
            Rpf r = rpfTowards(se.sg.source());
            return r != null && mfe.incomingInterface().ifIndex() == r.ifIndex;
        } catch (MgmException e) {
            se.sptBit = false; // the MFE is gone
            return false;
        }
    }

    private Rpf rpfTowards(int address) {
        Optional<PimRoute> r = rib.lookup(address);
        if (r.isEmpty() || !ifaces.containsKey(r.get().ifIndex())) return null;
        return new Rpf(r.get().ifIndex(), r.get().gateway() != 0 ? r.get().gateway() : address);
    }

    private void scheduleKeepalive(SourceEntry se, int seconds) {
        if (se.keepalive != null) se.keepalive.cancel();
        se.keepalive = scheduler.schedule(guarded(() -> {
            se.keepalive = null;
            if (!isLive(se)) return;
            long left = se.keepaliveAt - now();
            if (left > 0) { // refreshed by data since the timer was set
                se.keepalive = null;
                scheduleKeepalive(se, (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left)));
                return;
            }
            // native traffic counted by the MGM keeps the entry alive (KAT restart on data, §4.1.3)
            MgmService m = mgm;
            if (m != null) {
                try {
                    MfeStats st = m.mfeStats(se.sg);
                    if (st.inPackets() > se.lastInPackets) {
                        se.lastInPackets = st.inPackets();
                        se.keepaliveAt = now() + TimeUnit.SECONDS.toNanos(KEEPALIVE_PERIOD_S);
                        scheduleKeepalive(se, KEEPALIVE_PERIOD_S);
                        return;
                    }
                } catch (RuntimeException ignored) {
                    // no MFE: the flow stopped
                }
            }
            se.keepaliveAt = 0;
            if (se.register != RegisterState.NO_INFO) {
                LOG.log(Level.INFO, "{0} source went quiet: registering stopped", se);
                se.register = RegisterState.NO_INFO;
                if (se.registerStopTimer != null) se.registerStopTimer.cancel();
                se.registerStopTimer = null;
            }
            reconcile();
        }), seconds, TimeUnit.SECONDS);
    }

    private void sendRegisterStop(int from, int to, int g, int s) {
        int src = from != 0 && isLocalAddress(from) ? from : settings.rpAddress();
        byte[] pim = PimCodec.encode(new RegisterStop(EncodedGroup.of(g), s));
        out.unicast(src, to, pim);
        stats.sent("registerStop");
    }

    /** Register-Stop at the DR (RFC 7761 §4.4.1): Join -> Prune with the Register-Stop timer. */
    private void onRegisterStop(int source, RegisterStop rs) {
        int g = rs.group().address();
        for (SourceEntry se : sources.values()) {
            if (se.sg.group() != g || (rs.source() != 0 && se.sg.source() != rs.source())) continue;
            if (se.register == RegisterState.JOIN || se.register == RegisterState.JOIN_PENDING) {
                se.register = RegisterState.PRUNE;
                LOG.log(Level.INFO, "{0} register-stop from {1}: registering suspended", se, Ipv4.format(source));
                long delay = (long) ((0.5 + random.nextDouble()) * REGISTER_SUPPRESSION_S * 1000) - REGISTER_PROBE_S * 1000L;
                startRegisterStopTimer(se, Math.max(delay, 1000));
            }
        }
        updateRegisterTaps();
    }

    private void startRegisterStopTimer(SourceEntry se, long millis) {
        if (se.registerStopTimer != null) se.registerStopTimer.cancel();
        se.registerStopAt = now() + TimeUnit.MILLISECONDS.toNanos(millis);
        se.registerStopTimer = scheduler.schedule(guarded(() -> {
            se.registerStopTimer = null;
            if (!isLive(se)) return;
            if (se.register == RegisterState.PRUNE) {
                // probe: a Null-Register asks the RP whether it still wants data
                se.register = RegisterState.JOIN_PENDING;
                sendRegister(se, null);
                startRegisterStopTimer(se, REGISTER_PROBE_S * 1000L);
            } else if (se.register == RegisterState.JOIN_PENDING) {
                se.register = RegisterState.JOIN;
                LOG.log(Level.INFO, "{0} registering again", se);
                updateRegisterTaps();
            }
        }), millis, TimeUnit.MILLISECONDS);
    }

    /**
     * A data packet from a directly connected source arrived at this router (the bundle taps them);
     * as DR in Register Join state, encapsulate it towards the RP.
     */
    public void dataPacket(int ifIndex, byte[] ip) {
        synchronized (this) {
            int hl = Ipv4Packets.headerLength(ip, ip.length);
            if (hl < 0) return;
            SourceEntry se = sources.get(new SourceGroup(Ipv4Packets.source(ip), Ipv4Packets.destination(ip)));
            if (se == null || se.register == RegisterState.NO_INFO || se.registerIface != ifIndex) return;
            se.keepaliveAt = now() + TimeUnit.SECONDS.toNanos(KEEPALIVE_PERIOD_S);
            if (se.register == RegisterState.JOIN) sendRegister(se, ip);
        }
        flush();
    }

    private void sendRegister(SourceEntry se, byte[] ip) {
        Iface i = ifaces.get(se.registerIface);
        if (i == null) { // a border source: the register leaves from our interface towards the RP
            Rpf towardsRp = rpfTowards(rpFor(se.sg.group()));
            i = towardsRp == null ? null : ifaces.get(towardsRp.ifIndex);
        }
        if (i == null) return;
        byte[] inner = ip;
        boolean nullRegister = ip == null;
        if (nullRegister) {
            inner = Ipv4Packets.build(se.sg.source(), se.sg.group(), Ipv4Packets.PROTO_PIM, 0, 0, false, new byte[0]);
        }
        byte[] pim = PimCodec.encode(new Register(false, nullRegister, inner));
        out.unicast(i.address(), rpFor(se.sg.group()), pim);
        stats.sent("register");
        if (nullRegister) stats.event("nullRegisterSent");
    }

    // ============================================================================================ asserts

    /** An (S,G) packet arrived on one of our outgoing interfaces: another router forwards there too (§4.6.1). */
    @Override
    public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] packetHeader) {
        synchronized (this) {
            Iface i = ifaces.get(arrival.ifIndex());
            if (i == null || settings.isSsm(group) && sources.get(new SourceGroup(source, group)) == null && !inheritedOlist(source, group).contains(i.ifIndex()))
                return;
            if (!inheritedOlist(source, group).contains(i.ifIndex())) {
                stats.event("wrongInterfaceNotOif");
                return;
            }
            SourceEntry se = sourceEntry(source, group, true);
            AssertState a = se.asserts.get(i.ifIndex());
            if (a != null) return; // already in an assert (winner refreshes by timer, loser does not forward)
            a = new AssertState();
            a.winner = i.address();
            int[] m = assertMetric(source);
            a.winnerPreference = m[0];
            a.winnerMetric = m[1];
            se.asserts.put(i.ifIndex(), a);
            LOG.log(Level.INFO, "{0} data on outgoing interface {1}: asserting", se, i.name());
            sendAssert(i, se);
            startAssertTimer(se, i.ifIndex(), a, ASSERT_TIME_S - ASSERT_OVERRIDE_INTERVAL_S);
        }
        flush();
    }

    private void onAssert(Iface i, int from, Assert msg) {
        if (msg.rpt() || msg.source() == 0) {
            stats.event("starGAssertIgnored");
            return;
        }
        int s = msg.source(), g = msg.group().address();
        SourceEntry se = sourceEntry(s, g, false);
        AssertState a = se == null ? null : se.asserts.get(i.ifIndex());
        boolean forwarding = inheritedOlist(s, g).contains(i.ifIndex()) || (a != null && !a.loser);
        int[] ours = assertMetric(s);
        boolean theyWin = better(msg.metricPreference(), msg.metric(), from, ours[0], ours[1], i.address());
        if (a != null && a.loser) {
            if (from == a.winner) {
                if (theyWin) {
                    a.winnerPreference = msg.metricPreference();
                    a.winnerMetric = msg.metric();
                    startAssertTimer(se, i.ifIndex(), a, ASSERT_TIME_S);
                } else {
                    assertToNoInfo(se, i.ifIndex(), a); // the winner got worse (or sent AssertCancel)
                }
            } else if (better(msg.metricPreference(), msg.metric(), from, a.winnerPreference, a.winnerMetric, a.winner)) {
                a.winner = from;
                a.winnerPreference = msg.metricPreference();
                a.winnerMetric = msg.metric();
                startAssertTimer(se, i.ifIndex(), a, ASSERT_TIME_S);
            }
            return;
        }
        if (!forwarding) {
            stats.event("assertNotForwarding");
            return; // we are not a forwarder here (downstream router: RPF' would follow the winner; not modelled)
        }
        if (theyWin) {
            if (se == null) se = sourceEntry(s, g, true);
            if (a == null) {
                a = new AssertState();
                se.asserts.put(i.ifIndex(), a);
            }
            a.loser = true;
            a.winner = from;
            a.winnerPreference = msg.metricPreference();
            a.winnerMetric = msg.metric();
            LOG.log(Level.INFO, "{0} lost the assert on {1} to {2}: interface removed from the MFE", se, i.name(), Ipv4.format(from));
            stats.event("assertLost");
            removeForwarding(se, i.ifIndex());
            startAssertTimer(se, i.ifIndex(), a, ASSERT_TIME_S);
            reconcile();
        } else {
            if (se == null) se = sourceEntry(s, g, true);
            if (a == null) {
                a = new AssertState();
                se.asserts.put(i.ifIndex(), a);
            }
            a.loser = false;
            a.winner = i.address();
            a.winnerPreference = ours[0];
            a.winnerMetric = ours[1];
            stats.event("assertWon");
            sendAssert(i, se);
            startAssertTimer(se, i.ifIndex(), a, ASSERT_TIME_S - ASSERT_OVERRIDE_INTERVAL_S);
        }
    }

    private void startAssertTimer(SourceEntry se, int ifIndex, AssertState a, int seconds) {
        if (a.timer != null) a.timer.cancel();
        a.expiresAt = now() + TimeUnit.SECONDS.toNanos(seconds);
        a.timer = scheduler.schedule(guarded(() -> {
            a.timer = null;
            if (se.asserts.get(ifIndex) != a) return;
            Iface i = ifaces.get(ifIndex);
            if (!a.loser && i != null && inheritedOlist(se.sg.source(), se.sg.group()).contains(ifIndex)) {
                sendAssert(i, se); // winner: refresh before the losers time out
                startAssertTimer(se, ifIndex, a, ASSERT_TIME_S - ASSERT_OVERRIDE_INTERVAL_S);
            } else {
                assertToNoInfo(se, ifIndex, a);
            }
        }), seconds, TimeUnit.SECONDS);
    }

    private void assertToNoInfo(SourceEntry se, int ifIndex, AssertState a) {
        if (a.timer != null) a.timer.cancel();
        se.asserts.remove(ifIndex);
        if (a.loser) {
            LOG.log(Level.INFO, "{0} assert state on {1} expired: forwarding again", se, ifName(ifIndex));
            restoreForwarding(se, ifIndex);
        }
        reconcile();
    }

    private void sendAssert(Iface i, SourceEntry se) {
        int[] m = assertMetric(se.sg.source());
        sendMulticast(i, new Assert(EncodedGroup.of(se.sg.group()), se.sg.source(), false, m[0], m[1]));
    }

    /** (preference, metric) of our route towards {@code s}: connected sources are (0, 0). */
    private int[] assertMetric(int s) {
        if (directlyConnected(s) != null) return new int[] {0, 0};
        Optional<PimRoute> r = rib.lookup(s);
        if (r.isEmpty()) return new int[] {0x7FFFFFFF, 0xFFFFFFFF};
        return new int[] {r.get().preference(), r.get().metric()};
    }

    /** Assert comparison (§4.6.3): lower preference, then lower metric, then higher address wins. */
    private static boolean better(int pref1, int metric1, int addr1, int pref2, int metric2, int addr2) {
        if (pref1 != pref2) return Integer.compareUnsigned(pref1, pref2) < 0;
        if (metric1 != metric2) return Integer.compareUnsigned(metric1, metric2) < 0;
        return Integer.compareUnsigned(addr1, addr2) > 0;
    }

    /** RFC 2715 §4: losing an assert removes the interface from that one MFE (FORWARD_STATE delete). */
    private void removeForwarding(SourceEntry se, int ifIndex) {
        ProtocolHandle h = handle;
        if (h == null) return;
        SourceGroup sg = se.sg;
        mgmActions.add(() -> h.deleteMembership(MembershipKey.of(sg), InterfaceKey.of(ifIndex), MgmConstants.MGM_FORWARD_STATE_FLAG));
        stats.event("forwardStateDeleted");
    }

    private void restoreForwarding(SourceEntry se, int ifIndex) {
        ProtocolHandle h = handle;
        if (h == null || !inheritedOlist(se.sg.source(), se.sg.group()).contains(ifIndex)) return;
        SourceGroup sg = se.sg;
        mgmActions.add(() -> h.addMembership(MembershipKey.of(sg), InterfaceKey.of(ifIndex), MgmConstants.MGM_FORWARD_STATE_FLAG));
    }

    // ============================================================================================ MGM callbacks

    @Override
    public void registered(ProtocolHandle handle) {
        attach(handle, mgm);
    }

    /** Sets the MGM used for reads (MFEs, memberships); the bundle passes the MgmService. */
    public synchronized void setMgm(MgmService mgm) {
        this.mgm = mgm;
    }

    /**
     * First packet of (S,G): choose the incoming interface. Source tree for SSM, for sources we joined
     * and when the last-hop DR switches (SPT policy); RP tree otherwise. A directly connected source
     * starts registering when we are its DR.
     */
    @Override
    public void rpf(RpfRequest req) {
        synchronized (this) {
            int s = req.sourceGroup().source(), g = req.sourceGroup().group();
            if (Ipv4.isLinkLocalMulticast(g)) return;
            Iface local = directlyConnected(s);
            if (local != null) {
                req.setIncomingInterface(InterfaceKey.of(local.ifIndex()));
                req.setUpstreamNeighbor(0);
                if (!settings.isSsm(g) && rpFor(g) != 0 && !weAreRp(g) && local.iAmDr()) {
                    SourceEntry se = sourceEntry(s, g, true);
                    se.keepaliveAt = now() + TimeUnit.SECONDS.toNanos(KEEPALIVE_PERIOD_S);
                    if (se.keepalive == null) scheduleKeepalive(se, KEEPALIVE_PERIOD_S);
                    if (se.register == RegisterState.NO_INFO) {
                        se.register = RegisterState.JOIN;
                        se.registerIface = local.ifIndex();
                        updateRegisterTaps();
                        LOG.log(Level.INFO, "{0} directly connected source: registering to {1}", se, Ipv4.format(rpFor(g)));
                        byte[] hdr = req.packetHeader();
                        if (hdr != null && Ipv4Packets.headerLength(hdr, hdr.length) > 0 && Ipv4Packets.totalLength(hdr) <= hdr.length)
                            sendRegister(se, java.util.Arrays.copyOf(hdr, Ipv4Packets.totalLength(hdr)));
                    }
                }
                return;
            }
            SourceEntry se = sources.get(req.sourceGroup());
            Rpf towardsSource = rpfTowards(s);
            boolean spt = settings.isSsm(g) || (se != null && (se.joined || se.sptDesired)) || weAreRp(g);
            if (!spt && settings.sptPolicy() == PimSettings.SptPolicy.IMMEDIATE && lastHopFor(g) && towardsSource != null) {
                se = sourceEntry(s, g, true);
                se.sptDesired = true;
                LOG.log(Level.INFO, "{0} first packet on the shared tree: switching to the source tree", se);
                stats.event("sptSwitch");
                spt = true;
                reconcile();
                GroupEntry ge = groups.get(g);
                if (ge != null && ge.joined && se.joined && (se.rpfIface != ge.rpfIface || se.rpfNeighbor != ge.rpfNeighbor))
                    sendJoinPrune(ge, ge.rpfIface, ge.rpfNeighbor, true); // carries the (S,G,rpt) prune
            }
            Rpf chosen = spt ? towardsSource : rpfTowards(rpFor(g));
            if (chosen != null) {
                req.setIncomingInterface(InterfaceKey.of(chosen.ifIndex));
                req.setUpstreamNeighbor(chosen.neighbor);
                Optional<PimRoute> r = rib.lookup(spt ? s : rpFor(g));
                r.ifPresent(pr -> req.setRoute(new RouteInfo(103, pr.network(), Ipv4.maskOf(pr.prefixLength()))));
                if (spt) {
                    if (se == null) se = sourceEntry(s, g, true);
                    se.sptBit = true;
                }
            }
        }
        flush();
    }

    /** True if we are a last-hop router for G: local members where we are DR. */
    private boolean lastHopFor(int g) {
        GroupEntry ge = groups.get(g);
        if (ge == null) return false;
        for (int ifIndex : ge.localMembers) {
            Iface i = ifaces.get(ifIndex);
            if (i != null && i.iAmDr()) return true;
        }
        return false;
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {
        synchronized (this) {
            Set<Integer> olist = inheritedOlist(sg.source(), sg.group());
            for (IfEntry c : candidates) {
                if (!olist.contains(c.iface().ifIndex())) {
                    c.setEnabled(false);
                    stats.event("creationRefused");
                }
            }
            borderSource(sg, incomingInterface, true);
        }
    }

    /**
     * RFC 2715 border rule for PIM-SM: data of a source in another component's domain (the MFE's incoming
     * interface is owned by IGMP, DVMRP, ...) enters the PIM domain as if this router were the source's DR:
     * it registers the data to the RP (taps it on that incoming interface), the RP joins (S,G) towards us
     * if it has receivers and the (S,G) join makes the MGM add our interface to the MFE. The creation alert
     * reaches us for such MFEs only with the MGM's {@code creationAlerts = ALL} (RFC 2715 rule 3).
     * <p>
     * The Border bit stays 0: RFC 7761 dropped PMBR behaviour and FRR's RP discards Border-bit registers.
     */
    private void borderSource(SourceGroup sg, InterfaceKey iif, boolean alerted) {
        int s = sg.source(), g = sg.group();
        if (iif == null || ifaces.containsKey(iif.ifIndex()) || Ipv4.isLinkLocalMulticast(g) || settings.isSsm(g)) return;
        int rp = rpFor(g);
        if (rp == 0 || weAreRp(g)) return; // at the RP the shared tree's (*,G) oifs already carry it
        if (rpfTowards(rp) == null) {
            if (alerted) stats.event("borderNoRouteToRp");
            return;
        }
        SourceEntry se = sourceEntry(s, g, true);
        se.keepaliveAt = now() + TimeUnit.SECONDS.toNanos(KEEPALIVE_PERIOD_S);
        if (se.keepalive == null) scheduleKeepalive(se, KEEPALIVE_PERIOD_S);
        if (se.register != RegisterState.NO_INFO) return;
        se.register = RegisterState.JOIN;
        se.registerIface = iif.ifIndex();
        stats.event("borderRegister");
        LOG.log(Level.INFO, "{0} source of another domain (arrives on if{1}): registering to {2} as its border DR", se,
                String.valueOf(iif.ifIndex()), Ipv4.format(rp));
        updateRegisterTaps();
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        if (!memberUpdate) return; // MFE-driven: our upstream state already follows our own olists
        if (key.kind() == MembershipKey.Kind.WILDCARD) {
            stats.event("wildcardJoinAlertIgnored");
            return;
        }
        boolean held = heldByOthers(key, true);
        synchronized (this) {
            if (key.kind() == MembershipKey.Kind.ANY_SOURCE && settings.isSsm(key.group())) return;
            if (!held) stats.event("staleJoinAlert");
            Entry e = entry(key, held);
            if (e == null) return; // nobody holds it any more and we have no state for it
            e.alertJoined = held;
            if (held) LOG.log(Level.INFO, "join alert {0}: joining for other protocols", key);
            reconcile();
        }
        flush();
    }

    /**
     * Whether another protocol holds {@code key} now. Alerts caused by calls on different threads may reach
     * us out of order (a prune before the join it undoes); the MGM's records are the truth when we act, so
     * the last alert processed leaves the right state. Without an MGM to ask, the alert's own meaning.
     */
    private boolean heldByOthers(MembershipKey key, boolean alertSays) {
        MgmService m = mgm;
        ProtocolHandle h = handle;
        if (m == null || h == null) return alertSays;
        try {
            ProtocolId self = h.id();
            for (MembershipView v : m.memberships(key)) if (!v.attributedTo().equals(self)) return true;
            return false;
        } catch (RuntimeException e) {
            return alertSays;
        }
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
        if (!memberDelete || key.kind() == MembershipKey.Kind.WILDCARD) return; // negative MFE: keep the default lifetime
        boolean held = heldByOthers(key, false);
        synchronized (this) {
            Entry e = entry(key, false);
            if (e == null) return;
            e.alertJoined = held;
            if (held) stats.event("stalePruneAlert");
            else LOG.log(Level.INFO, "prune alert {0}: no more receivers in other protocols", key);
            reconcile();
        }
        flush();
    }

    @Override
    public void localJoin(MembershipKey key, InterfaceKey iface) {
        synchronized (this) {
            Iface i = ifaces.get(iface.ifIndex());
            if (i == null) return;
            Entry e = switch (key.kind()) {
                case ANY_SOURCE -> settings.isSsm(key.group()) ? null : groupEntry(key.group(), true);
                case SOURCE_GROUP -> sourceEntry(key.source(), key.group(), true);
                case WILDCARD -> null;
            };
            if (e == null) {
                stats.event(key.kind() == MembershipKey.Kind.WILDCARD ? "wildcardLocalJoinIgnored" : "ssmAnySourceJoinIgnored");
                return;
            }
            e.localMembers.add(i.ifIndex());
            LOG.log(Level.INFO, "local members of {0} on {1}{2}", key, i.name(), i.iAmDr() ? "" : " (not DR: not forwarding)");
            reconcile();
            if (!i.iAmDr()) queueForwardingSync(i.ifIndex());
        }
        flush();
    }

    @Override
    public void localLeave(MembershipKey key, InterfaceKey iface) {
        synchronized (this) {
            Entry e = entry(key, false);
            if (e == null) return;
            e.localMembers.remove(iface.ifIndex());
            LOG.log(Level.INFO, "no more local members of {0} on {1}", key, ifName(iface.ifIndex()));
            reconcile();
        }
        flush();
    }

    /**
     * GetMfeStatus: REACHED_CORE at the RP, PRUNED_UPSTREAM after we pruned the entry upstream,
     * OIF_PRUNED when {@code ifIndex} does not forward (S,G); the highest applicable code.
     */
    @Override
    public synchronized MfeStatus mfeStatus(int ifIndex, int group, int source) {
        if (!ifaces.containsKey(ifIndex)) throw new MgmException(MgmError.INVALID_PARAMETER, "PIM does not run on interface " + ifIndex);
        List<MfeStatus> codes = new ArrayList<>();
        if (!settings.isSsm(group) && weAreRp(group)) codes.add(MfeStatus.REACHED_CORE);
        SourceEntry se = source == 0 ? null : sources.get(new SourceGroup(source, group));
        GroupEntry ge = groups.get(group);
        boolean pruned = (se != null && se.prunedUpstream && !se.joined) || (ge != null && ge.prunedUpstream && !ge.joined && (se == null || !se.joined));
        if (pruned) codes.add(MfeStatus.PRUNED_UPSTREAM);
        Set<Integer> olist = source == 0 ? (ge == null ? Set.of() : immediateOlist(ge)) : inheritedOlist(source, group);
        boolean isIif = false;
        Rpf r = source != 0 ? rpfTowards(source) : null;
        if (r != null && r.ifIndex == ifIndex) isIif = true;
        if (!olist.contains(ifIndex) && !isIif) codes.add(MfeStatus.OIF_PRUNED);
        return MfeStatus.highest(codes.toArray(MfeStatus[]::new));
    }

    // ============================================================================================ helpers

    private Runnable guarded(Runnable r) {
        return () -> {
            synchronized (this) {
                if (closed) return;
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "PIM timer task failed", e);
                }
            }
            flush();
        };
    }

    /** Runs the queued MGM calls outside our monitor. */
    private void flush() {
        Runnable r;
        while ((r = mgmActions.poll()) != null) {
            try {
                r.run();
            } catch (MgmException e) {
                LOG.log(Level.DEBUG, "MGM call failed: {0}", e.getMessage());
                stats.event("mgmError");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "MGM call failed", e);
                stats.event("mgmError");
            }
        }
    }

    private void queueTake(int ifIndex) {
        ProtocolHandle h = handle;
        mgmActions.add(() -> {
            try {
                h.takeInterface(InterfaceKey.of(ifIndex));
            } catch (MgmException e) {
                if (e.error() != MgmError.ALREADY_EXISTS) throw e;
            }
        });
    }

    private void sendMulticast(Iface i, PimMessage m) {
        out.multicast(i.ifIndex(), i.address(), PimCodec.encode(m));
        stats.sent(PimMessage.typeName(m.type()));
    }

    private long now() {
        return scheduler.nanoTime();
    }

    private int rpFor(int group) {
        return settings.isSsm(group) ? 0 : settings.rpAddress();
    }

    private boolean weAreRp(int group) {
        int rp = rpFor(group);
        return rp != 0 && isLocalAddress(rp);
    }

    private boolean isLocalAddress(int a) {
        if (settings.localAddresses().contains(a)) return true;
        for (Iface i : ifaces.values()) if (i.ni.addresses().stream().anyMatch(x -> x.address() == a)) return true;
        return false;
    }

    private Iface directlyConnected(int address) {
        for (Iface i : ifaces.values()) if (i.ni.onLink(address)) return i;
        return null;
    }

    private String ifName(int ifIndex) {
        Iface i = ifaces.get(ifIndex);
        return i == null ? "if" + ifIndex : i.name();
    }

    private GroupEntry groupEntry(int g, boolean create) {
        GroupEntry e = groups.get(g);
        if (e == null && create) {
            e = new GroupEntry(g, now());
            groups.put(g, e);
        }
        return e;
    }

    /** The (*,G) or (S,G) entry of {@code key} (created if {@code create}); null for (*,*) or when absent. */
    private Entry entry(MembershipKey key, boolean create) {
        return switch (key.kind()) {
            case ANY_SOURCE -> groupEntry(key.group(), create);
            case SOURCE_GROUP -> sourceEntry(key.source(), key.group(), create);
            case WILDCARD -> null;
        };
    }

    private SourceEntry sourceEntry(int s, int g, boolean create) {
        SourceGroup sg = new SourceGroup(s, g);
        SourceEntry e = sources.get(sg);
        if (e == null && create) {
            e = new SourceEntry(sg, now());
            sources.put(sg, e);
        }
        return e;
    }

    private List<Entry> allEntries() {
        List<Entry> l = new ArrayList<>(groups.values());
        l.addAll(sources.values());
        return l;
    }

    private static String hex(Integer v) {
        return v == null ? null : String.format("0x%08x", v);
    }

    private Long secondsUntil(long at) {
        if (at <= 0) return null;
        long d = at - now();
        return d < 0 ? 0L : TimeUnit.NANOSECONDS.toSeconds(d + 999_999_999L);
    }

    // ============================================================================================ views

    public synchronized List<PimViews.InterfaceView> interfaceViews() {
        List<PimViews.InterfaceView> l = new ArrayList<>();
        for (Iface i : ifaces.values()) {
            l.add(new PimViews.InterfaceView(i.name(), i.ifIndex(), Ipv4.format(i.address()), i.ni.up() ? "up" : "down",
                    Ipv4.format(i.drAddress), i.iAmDr(), settings.drPriority(), hex(i.generationId), i.neighbors.size(),
                    settings.helloPeriodSeconds(), null));
        }
        return l;
    }

    public synchronized List<PimViews.NeighborView> neighborViews() {
        List<PimViews.NeighborView> l = new ArrayList<>();
        for (Iface i : ifaces.values()) {
            for (Neighbor n : i.neighbors.values()) {
                l.add(new PimViews.NeighborView(i.name(), i.ifIndex(), Ipv4.format(n.address), n.drPriority, hex(n.generationId),
                        n.holdtime, n.lanPruneDelay == null ? null : n.lanPruneDelay.propagationDelayMillis(),
                        n.lanPruneDelay == null ? null : n.lanPruneDelay.overrideIntervalMillis(), i.drAddress == n.address,
                        TimeUnit.NANOSECONDS.toSeconds(now() - n.upSince), n.expiresAt < 0 ? null : secondsUntil(n.expiresAt)));
            }
        }
        return l;
    }

    public synchronized PimViews.RpView rpView() {
        int rp = settings.rpAddress();
        Rpf r = rp == 0 || isLocalAddress(rp) ? null : rpfTowards(rp);
        return new PimViews.RpView("224.0.0.0/4", rp == 0 ? null : Ipv4.format(rp), rp != 0 && isLocalAddress(rp),
                r == null ? null : ifName(r.ifIndex), r == null ? null : Ipv4.format(r.neighbor),
                Ipv4.format(settings.ssmNetwork()) + "/" + settings.ssmPrefixLength(), settings.sptPolicy().name().toLowerCase());
    }

    public synchronized List<PimViews.JoinView> joinViews() {
        List<PimViews.JoinView> l = new ArrayList<>();
        for (GroupEntry g : groups.values()) l.add(view(g));
        for (SourceEntry s : sources.values()) l.add(view(s));
        l.sort(Comparator.comparing((PimViews.JoinView v) -> Ipv4.parse(v.group()), Integer::compareUnsigned)
                .thenComparing(v -> v.source() == null ? 0 : Ipv4.parse(v.source()), Integer::compareUnsigned));
        return l;
    }

    private PimViews.JoinView view(Entry e) {
        List<PimViews.DownstreamView> ds = new ArrayList<>();
        for (Map.Entry<Integer, Downstream> d : e.downstream.entrySet()) {
            Downstream v = d.getValue();
            ds.add(new PimViews.DownstreamView(ifName(d.getKey()), d.getKey(), v.state.name().toLowerCase().replace('_', '-'),
                    secondsUntil(v.expiresAt), v.state == DownstreamState.PRUNE_PENDING ? secondsUntil(v.prunePendingAt) : null));
        }
        List<String> members = e.localMembers.stream().map(this::ifName).toList();
        String upstream = e.joined ? "joined" : (e.prunedUpstream ? "pruned" : "not-joined");
        String rpfIf = e.joined ? ifName(e.rpfIface) : null;
        String rpfNbr = e.joined ? Ipv4.format(e.rpfNeighbor) : null;
        Long jt = e.joined && e.joinTimer != null ? secondsUntil(e.joinTimerDue) : null;
        long up = TimeUnit.NANOSECONDS.toSeconds(now() - e.created);
        if (e instanceof GroupEntry g) {
            int rp = rpFor(g.group);
            return new PimViews.JoinView(null, Ipv4.format(g.group), "(*,G)", rp == 0 ? null : Ipv4.format(rp), upstream, rpfIf, rpfNbr, jt, ds,
                    members, List.of(), false, null, null, null, List.of(), up);
        }
        SourceEntry s = (SourceEntry) e;
        List<PimViews.AssertView> asserts = new ArrayList<>();
        for (Map.Entry<Integer, AssertState> a : s.asserts.entrySet()) {
            AssertState v = a.getValue();
            asserts.add(new PimViews.AssertView(ifName(a.getKey()), v.loser ? "loser" : "winner", Ipv4.format(v.winner),
                    v.winnerPreference, v.winnerMetric, secondsUntil(v.expiresAt)));
        }
        int rp = rpFor(s.sg.group());
        return new PimViews.JoinView(Ipv4.format(s.sg.source()), Ipv4.format(s.sg.group()), "(S,G)", rp == 0 ? null : Ipv4.format(rp),
                upstream, rpfIf, rpfNbr, jt, ds, members, s.rptPrunes.keySet().stream().map(this::ifName).toList(), s.sptBit,
                s.register == RegisterState.NO_INFO ? null : s.register.name().toLowerCase().replace('_', '-'),
                s.registerStopTimer == null ? null : secondsUntil(s.registerStopAt),
                s.keepaliveAt > now() ? secondsUntil(s.keepaliveAt) : null, asserts, up);
    }

    // ============================================================================================ state classes

    private final class Iface {
        final NetInterface ni;
        final int generationId;
        final long upSince;
        final Map<Integer, Neighbor> neighbors = new TreeMap<>(Integer::compareUnsigned);
        int drAddress;
        Scheduler.Timer helloTimer;
        Scheduler.Timer triggeredHello;

        Iface(NetInterface ni, int generationId, long upSince) {
            this.ni = ni;
            this.generationId = generationId;
            this.upSince = upSince;
        }

        int ifIndex() { return ni.index(); }

        int address() { return ni.primaryAddress(); }

        String name() { return ni.name(); }

        boolean iAmDr() { return drAddress == address(); }

        boolean lanDelayEnabled() {
            return !neighbors.isEmpty() && neighbors.values().stream().allMatch(n -> n.lanPruneDelay != null);
        }

        /** Suppression_Enabled(I): off only when every neighbour asks for join tracking (T bit). */
        boolean suppressionEnabled() {
            return !(lanDelayEnabled() && neighbors.values().stream().allMatch(n -> n.lanPruneDelay.joinSuppressionDisabled()));
        }

        int propagationDelayMillis() {
            if (!lanDelayEnabled()) return PROPAGATION_DELAY_MS;
            return Math.max(PROPAGATION_DELAY_MS, neighbors.values().stream().mapToInt(n -> n.lanPruneDelay.propagationDelayMillis()).max().orElse(0));
        }

        int overrideIntervalMillis() {
            if (!lanDelayEnabled()) return OVERRIDE_INTERVAL_MS;
            return Math.max(OVERRIDE_INTERVAL_MS, neighbors.values().stream().mapToInt(n -> n.lanPruneDelay.overrideIntervalMillis()).max().orElse(0));
        }

        /** J/P_Override_Interval(I) = Effective_Propagation_Delay(I) + Effective_Override_Interval(I). */
        long joinPruneOverrideMillis() {
            return propagationDelayMillis() + overrideIntervalMillis();
        }

        void cancelTimers() {
            if (helloTimer != null) helloTimer.cancel();
            if (triggeredHello != null) triggeredHello.cancel();
            for (Neighbor n : neighbors.values()) if (n.expiry != null) n.expiry.cancel();
        }
    }

    private static final class Neighbor {
        final int address;
        long upSince;
        int holdtime;
        Long drPriority;
        Integer generationId;
        LanPruneDelay lanPruneDelay;
        boolean freshForJoins;
        Scheduler.Timer expiry;
        long expiresAt = -1;

        Neighbor(int address, long upSince) {
            this.address = address;
            this.upSince = upSince;
        }
    }

    enum DownstreamState { NO_INFO, JOIN, PRUNE_PENDING, PRUNE }

    enum RegisterState { NO_INFO, JOIN, JOIN_PENDING, PRUNE }

    /** Per-interface downstream state with its Expiry Timer and Prune-Pending Timer. */
    private final class Downstream {
        DownstreamState state = DownstreamState.NO_INFO;
        Scheduler.Timer expiry;
        Scheduler.Timer prunePending;
        long expiresAt = -1;
        long prunePendingAt = -1;

        void restartExpiry(int holdtime, Runnable onExpiry) {
            if (expiry != null) expiry.cancel();
            expiry = null;
            if (holdtime == INFINITE_HOLDTIME) {
                expiresAt = -1;
                return;
            }
            expiresAt = now() + TimeUnit.SECONDS.toNanos(holdtime);
            Downstream self = this;
            expiry = scheduler.schedule(guarded(() -> {
                if (self.expiry == null) return;
                self.cancel();
                onExpiry.run();
            }), holdtime, TimeUnit.SECONDS);
        }

        void cancel() {
            if (expiry != null) expiry.cancel();
            if (prunePending != null) prunePending.cancel();
            expiry = null;
            prunePending = null;
            state = DownstreamState.NO_INFO;
        }
    }

    private static final class AssertState {
        boolean loser;
        int winner;
        int winnerPreference;
        int winnerMetric;
        Scheduler.Timer timer;
        long expiresAt;
    }

    private abstract static class Entry {
        final long created;
        final Map<Integer, Downstream> downstream = new TreeMap<>();
        final Set<Integer> localMembers = new LinkedHashSet<>();
        boolean alertJoined;
        boolean joined;
        boolean prunedUpstream;
        int rpfIface = -1;
        int rpfNeighbor;
        Scheduler.Timer joinTimer;
        long joinTimerDue;

        Entry(long created) {
            this.created = created;
        }

        boolean isEmpty() {
            return downstream.isEmpty() && localMembers.isEmpty() && !alertJoined && !joined;
        }

        void forgetInterface(int ifIndex) {
            Downstream d = downstream.remove(ifIndex);
            if (d != null) d.cancel();
            localMembers.remove(ifIndex);
        }

        void cancelTimers() {
            if (joinTimer != null) joinTimer.cancel();
            for (Downstream d : downstream.values()) d.cancel();
        }
    }

    private static final class GroupEntry extends Entry {
        final int group;

        GroupEntry(int group, long created) {
            super(created);
            this.group = group;
        }

        @Override
        public String toString() {
            return "(*, " + Ipv4.format(group) + ")";
        }
    }

    private final class SourceEntry extends Entry {
        final SourceGroup sg;
        boolean sptDesired;
        boolean sptBit;
        long keepaliveAt;
        long lastInPackets;
        Scheduler.Timer keepalive;
        int registeredBy;
        RegisterState register = RegisterState.NO_INFO;
        int registerIface = -1;
        Scheduler.Timer registerStopTimer;
        long registerStopAt;
        final Map<Integer, Downstream> rptPrunes = new HashMap<>();
        final Map<Integer, AssertState> asserts = new TreeMap<>();

        SourceEntry(SourceGroup sg, long created) {
            super(created);
            this.sg = sg;
        }

        @Override
        boolean isEmpty() {
            return super.isEmpty() && !sptDesired && keepaliveAt <= now() && register == RegisterState.NO_INFO
                    && rptPrunes.isEmpty() && asserts.isEmpty();
        }

        @Override
        void forgetInterface(int ifIndex) {
            super.forgetInterface(ifIndex);
            Downstream d = rptPrunes.remove(ifIndex);
            if (d != null) d.cancel();
            AssertState a = asserts.remove(ifIndex);
            if (a != null && a.timer != null) a.timer.cancel();
        }

        @Override
        void cancelTimers() {
            super.cancelTimers();
            if (keepalive != null) keepalive.cancel();
            if (registerStopTimer != null) registerStopTimer.cancel();
            for (Downstream d : rptPrunes.values()) d.cancel();
            for (AssertState a : asserts.values()) if (a.timer != null) a.timer.cancel();
        }

        @Override
        public String toString() {
            return sg.toString();
        }
    }
}
