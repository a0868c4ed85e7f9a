package org.openmgm.core.shell;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openmgm.api.AcceptedConfiguration;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.Scheduler;
import org.openmgm.api.packet.PacketIo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The built-in "static" MGM client: memberships an operator configured ({@code mgm:join}/{@code mgm:leave}
 * or {@code etc/org.openmgm.static.cfg}), registered as protocol {@value #PROTOCOL_ID}
 * (routprot.h's PROTO_IP_NETMGMT, "set by network management"), component {@value #COMPONENT_ID}.
 *
 * <p>Ownership, after RFC 2715 (one routing component owns an interface and decides forwarding on it):
 * <ul>
 *   <li>interface owned by nobody: the static client takes it and adds the membership with JOIN_STATE,
 *       which records it, adds the interface to every covered MFE and sends the join alerts that make the
 *       other protocols pull the traffic; it releases the interface when its last static membership there goes;</li>
 *   <li>interface owned by another client (a routing protocol or IGMP): the membership stays configured but
 *       <em>pending</em> (the MGM only accepts memberships from an interface's owner, and going around the
 *       owner would bypass its forwarding decisions: asserts, designated forwarder); it is applied within
 *       {@value #RETRY_SECONDS} s of the owner releasing the interface;</li>
 *   <li>FORWARD_STATE alone is not used: it changes one existing MFE, leaves no membership record and no
 *       alert, and is lost when that MFE expires — the tool for a protocol's per-entry decisions, not for
 *       an operator's lasting intent.</li>
 * </ul>
 * While the static client owns an interface, a routing protocol cannot take it (ALREADY_EXISTS): leave the
 * static groups there first.
 */
@Component(service = StaticMemberships.class, configurationPid = StaticMemberships.PID, immediate = true)
@Designate(ocd = StaticMemberships.Settings.class)
public final class StaticMemberships implements MgmProtocol {
    public static final String PID = "org.openmgm.static";
    /** routprot.h PROTO_IP_NETMGMT: routes and state set by network management. */
    public static final int PROTOCOL_ID = 3;
    public static final int COMPONENT_ID = 0;
    static final String NAME = "static";
    static final String KEY = "memberships";
    static final long RETRY_SECONDS = 2;
    private static final System.Logger LOG = System.getLogger("org.openmgm.static");

    @ObjectClassDefinition(id = PID, name = "OpenMGM static memberships",
            description = "Group memberships held by the built-in static client (protocol id 3)")
    public @interface Settings {
        @AttributeDefinition(description = "One entry per membership: 'GROUP INTERFACE' for (*,G) or 'GROUP INTERFACE SOURCE' for (S,G), "
                + "e.g. 239.1.1.1 eth1. Interfaces by name as the data plane knows them, or if<ifIndex>.")
        String[] memberships() default {};
    }

    /** The state of one configured membership: {@code applied} is the interface it is in force on, or null with a reason. */
    record State(InterfaceKey applied, String reason) {
        static final State NEW = new State(null, "not applied yet");
    }

    private final MgmService mgm;
    private final SettingsStore store;
    private final Object lock = new Object();
    private final LinkedHashMap<StaticEntry, State> entries = new LinkedHashMap<>();
    private final Set<InterfaceKey> owned = new LinkedHashSet<>();
    /** Values we wrote to Configuration Admin whose @Modified has not come back yet, oldest first. */
    private final Deque<List<String>> ownWrites = new ArrayDeque<>();
    private final InterfaceNames names;
    private volatile PacketIo packetIo;
    private ProtocolHandle handle;
    private Scheduler.Timer retry;

    @Activate
    public StaticMemberships(@Reference MgmService mgm, @Reference Scheduler scheduler, BundleContext context, Map<String, Object> properties) {
        this(mgm, scheduler, new ConfigStore(context), properties);
    }

    StaticMemberships(MgmService mgm, Scheduler scheduler, SettingsStore store, Map<String, Object> properties) {
        this.mgm = mgm;
        this.store = store;
        this.names = new InterfaceNames(() -> packetIo);
        List<StaticEntry> initial;
        try {
            initial = parse(properties);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "configuration rejected (" + AcceptedConfiguration.source(PID, properties) + "): " + KEY + ": " + e.getMessage() + "; starting without static memberships");
            initial = List.of();
        }
        synchronized (lock) {
            handle = mgm.register(PROTOCOL_ID, COMPONENT_ID, NAME, this);
            for (StaticEntry e : initial) entries.put(e, State.NEW);
            applyPending();
        }
        retry = scheduler == null ? null : scheduler.scheduleAtFixedRate(this::applyPending, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        List<StaticEntry> wanted;
        try {
            wanted = parse(properties);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "configuration rejected (" + AcceptedConfiguration.source(PID, properties) + "): " + KEY + ": " + e.getMessage()
                    + "; previous configuration stays in force");
            return;
        }
        List<String> values = wanted.stream().map(StaticEntry::value).toList();
        synchronized (lock) {
            if (ownWrites.remove(values)) {
                if (!ownWrites.isEmpty()) return; // a later write of ours is on its way; memory is already ahead
            } else {
                ownWrites.clear();
            }
            for (StaticEntry e : new ArrayList<>(entries.keySet())) {
                if (!wanted.contains(e)) unapply(e, entries.remove(e));
            }
            for (StaticEntry e : wanted) entries.putIfAbsent(e, State.NEW);
            applyPending();
        }
    }

    @Deactivate
    void deactivate() {
        if (retry != null) retry.cancel();
        synchronized (lock) {
            try {
                if (handle != null) handle.close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "static client close: " + e.getMessage());
            }
            handle = null;
            owned.clear();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindPacketIo(PacketIo io) {
        packetIo = io;
    }

    void unbindPacketIo(PacketIo io) {
        if (packetIo == io) packetIo = null;
    }

    // ---- operations for the commands ------------------------------------------------------

    /** Adds (and persists) a static membership; returns its state. Joining an existing one changes nothing. */
    Views.Static join(StaticEntry e) {
        synchronized (lock) {
            requireActive();
            if (!entries.containsKey(e)) {
                entries.put(e, State.NEW);
                apply(e);
                persist();
            }
            return view(e, entries.get(e));
        }
    }

    /** Removes (and persists) a static membership; IllegalArgumentException if there is none. */
    Views.Static leave(StaticEntry e) {
        synchronized (lock) {
            requireActive();
            State s = entries.remove(e);
            if (s == null) throw new IllegalArgumentException("no static membership " + e);
            unapply(e, s);
            persist();
            return view(e, new State(null, "removed"));
        }
    }

    List<Views.Static> list() {
        synchronized (lock) {
            List<Views.Static> out = new ArrayList<>();
            entries.forEach((e, s) -> out.add(view(e, s)));
            return out;
        }
    }

    /** Runs the pending memberships again (every {@value #RETRY_SECONDS} s, and after each change). */
    void applyPending() {
        synchronized (lock) {
            if (handle == null) return;
            for (Map.Entry<StaticEntry, State> m : entries.entrySet()) {
                if (m.getValue().applied() == null) apply(m.getKey());
            }
        }
    }

    // ---- internals (under lock) -------------------------------------------------------------

    private void requireActive() {
        if (handle == null) throw new IllegalStateException("the static client is not registered with the MGM");
    }

    private void apply(StaticEntry e) {
        State before = entries.get(e);
        State after = tryApply(e);
        entries.put(e, after);
        if (after.applied() != null) {
            LOG.log(Level.INFO, "static membership " + e + " applied");
        } else if (before == null || !after.reason().equals(before.reason())) {
            LOG.log(Level.INFO, "static membership " + e + " pending: " + after.reason());
        }
    }

    private State tryApply(StaticEntry e) {
        Integer index = names.index(e.interfaceName());
        if (index == null) return new State(null, "interface " + e.interfaceName() + " is not known (not served by the data plane)");
        InterfaceKey iface = InterfaceKey.of(index);
        try {
            if (!owned.contains(iface)) {
                ProtocolId owner = ownerOf(iface);
                if (owner != null && !owner.equals(handle.id()))
                    return new State(null, e.interfaceName() + " is owned by " + describe(owner) + "; applied when it releases the interface");
                if (owner == null) {
                    handle.takeInterface(iface);
                    LOG.log(Level.INFO, "static client took interface " + e.interfaceName() + " (ifIndex " + index + ")");
                }
                owned.add(iface);
            }
            handle.addMembership(e.key(), iface, MgmConstants.MGM_JOIN_STATE_FLAG);
            return new State(iface, null);
        } catch (MgmException ex) {
            releaseIfUnused(iface);
            return new State(null, ex.getMessage());
        }
    }

    private void unapply(StaticEntry e, State s) {
        if (s == null || s.applied() == null || handle == null) return;
        try {
            handle.deleteMembership(e.key(), s.applied(), MgmConstants.MGM_JOIN_STATE_FLAG);
            LOG.log(Level.INFO, "static membership " + e + " removed");
        } catch (MgmException ex) {
            LOG.log(Level.WARNING, "static membership " + e + ": delete failed: " + ex.getMessage());
        }
        releaseIfUnused(s.applied());
    }

    private void releaseIfUnused(InterfaceKey iface) {
        if (!owned.contains(iface)) return;
        for (State s : entries.values()) if (iface.equals(s.applied())) return;
        owned.remove(iface);
        try {
            handle.releaseInterface(iface);
            LOG.log(Level.INFO, "static client released interface " + names.name(iface));
        } catch (MgmException ex) {
            LOG.log(Level.WARNING, "static client: release of " + names.name(iface) + " failed: " + ex.getMessage());
        }
    }

    private ProtocolId ownerOf(InterfaceKey iface) {
        try {
            return mgm.protocolOnInterface(iface);
        } catch (MgmException ex) {
            if (ex.error() == MgmError.NOT_FOUND) return null;
            throw ex;
        }
    }

    private String describe(ProtocolId id) {
        for (ProtocolView p : mgm.protocols()) {
            if (p.id().equals(id)) return (p.name() == null ? "protocol" : p.name()) + " (" + id + ")";
        }
        return "protocol " + id;
    }

    private void persist() {
        List<String> values = entries.keySet().stream().map(StaticEntry::value).toList();
        ownWrites.addLast(values);
        try {
            store.put(PID, KEY, values.toArray(String[]::new));
        } catch (Exception ex) {
            ownWrites.removeLast();
            LOG.log(Level.WARNING, "static memberships not saved (they are in force until restart): " + ex.getMessage());
        }
    }

    private Views.Static view(StaticEntry e, State s) {
        Integer index = s.applied() != null ? Integer.valueOf(s.applied().ifIndex()) : names.index(e.interfaceName());
        return new Views.Static(e.groupText(), e.sourceText(), e.interfaceName(), index,
                s.applied() != null ? "active" : "removed".equals(s.reason()) ? "removed" : "pending", s.reason());
    }

    /** Reads the configured entries; a bad one rejects the whole configuration (IllegalArgumentException). */
    static List<StaticEntry> parse(Map<String, Object> properties) {
        Object v = properties == null ? null : properties.get(KEY);
        if (v != null && !(v instanceof String) && !(v instanceof Object[]) && !(v instanceof java.util.Collection<?>))
            throw new IllegalArgumentException("must be a list of 'GROUP INTERFACE [SOURCE]', got " + v.getClass().getSimpleName());
        List<String> raw = org.openmgm.api.ConfigValues.list(v);
        List<StaticEntry> out = new ArrayList<>();
        for (String r : raw) {
            if (r.isBlank()) continue;
            StaticEntry e = StaticEntry.parse(r);
            if (!out.contains(e)) out.add(e);
        }
        return out;
    }
}
