package org.openmgm.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.RpfRequest;
import org.openmgm.api.SourceGroup;

/**
 * A protocol that records every MGM callback with its arguments, in order (in its own list and, if given, in a
 * journal shared with other recorders so that the order across protocols can be checked). It can be told to
 * veto interfaces in creation alerts, rewrite the RPF request, set a prune timeout, throw from its callbacks,
 * or run an action (e.g. a re-entrant MGM call) inside a callback.
 */
public final class RecordingProtocol implements MgmProtocol {

    /** One recorded callback. */
    public sealed interface Call permits Rpf, Creation, Prune, Join, WrongIf, LocalJoin, LocalLeave, DisableIgmp, EnableIgmp {}

    /** RPF callback: the values the MGM offered on entry. */
    public record Rpf(SourceGroup sg, InterfaceKey incoming, int upstreamNeighbor, RouteInfo route) implements Call {}

    /** One candidate of a creation alert as it was offered (enabled = its state on entry). */
    public record Candidate(InterfaceKey iface, boolean igmp, boolean enabled) {}

    public record Creation(SourceGroup sg, InterfaceKey incoming, List<Candidate> candidates) implements Call {}

    /** Prune alert; {@code timeoutOnEntry} is the timeout's value when the MGM called (-1 if it passed none). */
    public record Prune(MembershipKey key, InterfaceKey iface, boolean memberDelete, int timeoutOnEntry) implements Call {}

    public record Join(MembershipKey key, boolean memberUpdate) implements Call {}

    public record WrongIf(int source, int group, InterfaceKey arrival) implements Call {}

    public record LocalJoin(MembershipKey key, InterfaceKey iface) implements Call {}

    public record LocalLeave(MembershipKey key, InterfaceKey iface) implements Call {}

    public record DisableIgmp(InterfaceKey iface) implements Call {}

    public record EnableIgmp(InterfaceKey iface) implements Call {}

    /** An entry of the shared journal: which protocol got which call. */
    public record Entry(String protocol, Call call) {}

    /** Thrown by callbacks told to throw. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String where) {
            super("injected fault in " + where);
        }
    }

    private final String name;
    private final List<Entry> journal;
    private final List<Call> calls = new ArrayList<>();
    private final Set<InterfaceKey> vetoes = ConcurrentHashMap.newKeySet();
    private final Map<Class<? extends Call>, Consumer<Call>> actions = new ConcurrentHashMap<>();
    private final Set<Class<? extends Call>> throwing = ConcurrentHashMap.newKeySet();
    private volatile Consumer<RpfRequest> rpfRewrite;
    private volatile Integer pruneTimeout;
    private volatile boolean throwEverywhere;
    private volatile ProtocolHandle handle;

    public RecordingProtocol(String name, List<Entry> journal) {
        this.name = name;
        this.journal = journal;
    }

    public RecordingProtocol(String name) {
        this(name, null);
    }

    public String name() {
        return name;
    }

    public ProtocolHandle handle() {
        return handle;
    }

    public RecordingProtocol handle(ProtocolHandle h) {
        this.handle = h;
        return this;
    }

    // ---- configuration -------------------------------------------------------------------------------

    /** Refuse these interfaces in every creation alert. */
    public RecordingProtocol veto(InterfaceKey... ifaces) {
        vetoes.addAll(List.of(ifaces));
        return this;
    }

    /** Stop refusing these interfaces. */
    public RecordingProtocol allow(InterfaceKey... ifaces) {
        vetoes.removeAll(List.of(ifaces));
        return this;
    }

    /** Leave prune timeouts untouched again. */
    public RecordingProtocol defaultPruneTimeout() {
        this.pruneTimeout = null;
        return this;
    }

    /** Change the RPF request (incoming interface, upstream neighbour, route) when asked. */
    public RecordingProtocol rewriteRpf(Consumer<RpfRequest> rewrite) {
        this.rpfRewrite = rewrite;
        return this;
    }

    /** Write this value into the timeout of every prune alert. */
    public RecordingProtocol pruneTimeout(int seconds) {
        this.pruneTimeout = seconds;
        return this;
    }

    /** Throw from every callback (after recording it and running its action). */
    public RecordingProtocol throwEverywhere() {
        this.throwEverywhere = true;
        return this;
    }

    /** Throw from callbacks of this kind. */
    public RecordingProtocol throwOn(Class<? extends Call> kind) {
        throwing.add(kind);
        return this;
    }

    /** Run {@code action} inside every callback of this kind (after recording it). */
    @SuppressWarnings("unchecked")
    public <T extends Call> RecordingProtocol on(Class<T> kind, Consumer<? super T> action) {
        actions.put(kind, c -> ((Consumer<Object>) (Consumer<?>) action).accept(c));
        return this;
    }

    public RecordingProtocol noAction(Class<? extends Call> kind) {
        actions.remove(kind);
        return this;
    }

    // ---- recorded calls ------------------------------------------------------------------------------

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized <T extends Call> List<T> calls(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (Call c : calls) if (kind.isInstance(c)) out.add(kind.cast(c));
        return out;
    }

    public List<Join> joins(boolean memberUpdate) {
        return calls(Join.class).stream().filter(j -> j.memberUpdate() == memberUpdate).toList();
    }

    public List<Prune> prunes(boolean memberDelete) {
        return calls(Prune.class).stream().filter(p -> p.memberDelete() == memberDelete).toList();
    }

    public synchronized void clear() {
        calls.clear();
    }

    public synchronized int count() {
        return calls.size();
    }

    // ---- the callbacks -------------------------------------------------------------------------------

    private void record(Call c) {
        synchronized (this) {
            calls.add(c);
        }
        if (journal != null) {
            synchronized (journal) {
                journal.add(new Entry(name, c));
            }
        }
    }

    private void after(Call c) {
        Consumer<Call> action = actions.get(c.getClass());
        if (action != null) action.accept(c);
        if (throwEverywhere || throwing.contains(c.getClass())) throw new InjectedFault(name + " " + c.getClass().getSimpleName());
    }

    @Override
    public void rpf(RpfRequest request) {
        Rpf c = new Rpf(request.sourceGroup(), request.incomingInterface(), request.upstreamNeighbor(), request.route());
        record(c);
        Consumer<RpfRequest> rw = rpfRewrite;
        if (rw != null) rw.accept(request);
        after(c);
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {
        List<Candidate> offered = new ArrayList<>();
        for (IfEntry e : candidates) offered.add(new Candidate(e.iface(), e.igmp(), e.enabled()));
        Creation c = new Creation(sg, incomingInterface, List.copyOf(offered));
        record(c);
        for (IfEntry e : candidates) if (vetoes.contains(e.iface())) e.setEnabled(false);
        after(c);
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
        Prune c = new Prune(key, iface, memberDelete, timeout == null ? -1 : timeout.seconds());
        record(c);
        Integer t = pruneTimeout;
        if (t != null && timeout != null) timeout.setSeconds(t);
        after(c);
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        Join c = new Join(key, memberUpdate);
        record(c);
        after(c);
    }

    @Override
    public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] packetHeader) {
        WrongIf c = new WrongIf(source, group, arrival);
        record(c);
        after(c);
    }

    @Override
    public void localJoin(MembershipKey key, InterfaceKey iface) {
        LocalJoin c = new LocalJoin(key, iface);
        record(c);
        after(c);
    }

    @Override
    public void localLeave(MembershipKey key, InterfaceKey iface) {
        LocalLeave c = new LocalLeave(key, iface);
        record(c);
        after(c);
    }

    @Override
    public void disableIgmp(InterfaceKey iface) {
        DisableIgmp c = new DisableIgmp(iface);
        record(c);
        after(c);
    }

    @Override
    public void enableIgmp(InterfaceKey iface) {
        EnableIgmp c = new EnableIgmp(iface);
        record(c);
        after(c);
    }

    /** Counts per callback kind, for messages. */
    public synchronized Map<String, Integer> summary() {
        Map<String, Integer> m = new HashMap<>();
        for (Call c : calls) m.merge(c.getClass().getSimpleName(), 1, Integer::sum);
        return m;
    }

    @Override
    public String toString() {
        return name;
    }
}
