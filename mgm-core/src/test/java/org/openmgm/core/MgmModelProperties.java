package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.GroupEnumeration;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.InterfaceView;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.api.testing.StaticRib;

/**
 * Model-based test: random sequences of MGM operations run against the engine and against a small reference
 * model written from MGM-SPEC §4, §6.3, §6.5, §6.6 (not from the engine). After every step the test checks the
 * outcome (success or the predicted error), the membership, interface and protocol tables, the oif set of every
 * MFE, the TRUE join/prune alerts and the local join/leave callbacks that step delivered, the IGMP
 * Disable→Enable bracket, and invariants (iif never an oif, memberships only on held interfaces, complete group
 * enumeration, nothing left of deregistered protocols, forwarder equal to the MFE table).
 *
 * <p>Where the spec leaves a choice open the model accepts either outcome and then follows the engine:
 * alerts around IGMP's Disable→Enable bracket (§4.3 "net change"), an oif whose fate after an idempotent
 * re-add or an IGMP hand-over is unspecified, MFE lifetimes after empty↔non-empty transitions, (S,G) alerts
 * to an IGMP-only incoming interface, and a FORWARD_STATE add naming the MFE's own incoming interface.
 */
class MgmModelProperties {

    /** Thousands of engines per run: keep the engine's one-line-per-event INFO log out of the test output. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.openmgm.core");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    // ---- the universe --------------------------------------------------------------------------------

    static final int IGMP = 3;
    static final int[] PROTOCOL_IDS = {100, 200, 300, MgmConstants.PROTO_IP_IGMP};
    static final String[] NAMES = {"A", "B", "C", "IGMP"};
    static final InterfaceKey[] IFS = {InterfaceKey.of(1), InterfaceKey.of(2), InterfaceKey.of(3), InterfaceKey.of(4)};
    static final int G = Ipv4.parse("239.1.1.1");
    static final int G2 = Ipv4.parse("239.2.2.2");
    static final int S1 = Ipv4.parse("10.0.0.1");
    static final int S2 = Ipv4.parse("10.0.1.1");
    /** Index into IFS of the interface towards each source (RPF), and its upstream neighbour. */
    static final Map<Integer, Integer> RPF_IF = Map.of(S1, 0, S2, 2);
    static final Map<Integer, Integer> RPF_NBR = Map.of(S1, Ipv4.parse("10.0.0.254"), S2, Ipv4.parse("10.0.1.254"));
    static final MembershipKey[] KEYS = {
            MembershipKey.anySource(G), MembershipKey.anySource(G2), MembershipKey.WILDCARD,
            MembershipKey.sourceGroup(S1, G), MembershipKey.sourceGroup(S2, G), MembershipKey.sourceGroup(S1, G2),
            MembershipKey.sourceGroup(S2, G2)};
    static final int FIRST_SG_KEY = 3;
    static final SourceGroup[] SGS = {new SourceGroup(S1, G), new SourceGroup(S2, G), new SourceGroup(S1, G2), new SourceGroup(S2, G2)};
    static final int JOIN = MgmConstants.MGM_JOIN_STATE_FLAG;
    static final int FWD = MgmConstants.MGM_FORWARD_STATE_FLAG;
    static final long SECOND = 1_000_000_000L;
    static final long LIFETIME = 900 * SECOND;
    /** Sweep granularity plus rounding: existence is only asserted this far from a predicted expiry. */
    static final long MARGIN = 2 * SECOND;

    // ---- actions -------------------------------------------------------------------------------------

    sealed interface Action permits Register, Deregister, Take, Release, Add, Delete, Packet, Advance, SetMfe, Veto, PruneTimeoutChoice {}

    record Register(int p) implements Action {}

    record Deregister(int p) implements Action {}

    record Take(int p, int i) implements Action {}

    record Release(int p, int i) implements Action {}

    record Add(int p, int k, int i, int flags) implements Action {}

    record Delete(int p, int k, int i, int flags) implements Action {}

    /** arrival -1: the packet arrives on the interface towards the source. */
    record Packet(int sg, int arrival) implements Action {}

    record Advance(int seconds) implements Action {}

    record SetMfe(int p, int sg, int neighbour) implements Action {}

    /** Protocol p refuses (or accepts again) interface i in its creation alerts. */
    record Veto(int p, int i, boolean refuse) implements Action {}

    /** Protocol p writes {@code seconds} into prune alerts' timeout from now on (0: leaves it untouched). */
    record PruneTimeoutChoice(int p, int seconds) implements Action {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> p = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> i = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> anyKey = Arbitraries.frequency(
                t(4, 0), t(2, 1), t(2, 2), t(2, 3),
                t(1, 4), t(1, 5), t(1, 6));
        Arbitrary<Integer> sgKey = Arbitraries.integers().between(FIRST_SG_KEY, KEYS.length - 1);
        Arbitrary<Action> join = Combinators.combine(p, anyKey, i).as((pp, k, ii) -> new Add(pp, k, ii, JOIN));
        Arbitrary<Action> fwd = Combinators.combine(p, sgKey, i, Arbitraries.of(FWD, JOIN | FWD)).as(Add::new);
        Arbitrary<Action> leave = Combinators.combine(p, anyKey, i).as((pp, k, ii) -> new Delete(pp, k, ii, JOIN));
        Arbitrary<Action> unfwd = Combinators.combine(p, sgKey, i, Arbitraries.of(FWD, JOIN | FWD)).as(Delete::new);
        Arbitrary<Action> take = Combinators.combine(p, i).as(Take::new);
        Arbitrary<Action> release = Combinators.combine(p, i).as(Release::new);
        Arbitrary<Action> packet = Combinators.combine(Arbitraries.integers().between(0, SGS.length - 1),
                Arbitraries.frequency(t(5, -1), t(1, 0), t(1, 1), t(1, 2),
                        t(1, 3))).as(Packet::new);
        Arbitrary<Action> advance = Arbitraries.of(1, 10, 60, 300, 899, 901).map(Advance::new);
        Arbitrary<Action> register = p.map(Register::new);
        Arbitrary<Action> deregister = p.map(Deregister::new);
        Arbitrary<Action> veto = Combinators.combine(p, i, Arbitraries.of(true, true, false)).as(Veto::new);
        Arbitrary<Action> timeout = Combinators.combine(p, Arbitraries.of(0, 30, 120, 2000)).as(PruneTimeoutChoice::new);
        Arbitrary<Action> setMfe = Combinators.combine(p, Arbitraries.integers().between(0, SGS.length - 1),
                Arbitraries.of(Ipv4.parse("10.9.9.9"), Ipv4.parse("10.8.8.8"))).as(SetMfe::new);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                t(9, take), t(12, join), t(3, fwd), t(7, leave),
                t(2, unfwd), t(3, release), t(8, packet), t(2, advance),
                t(1, register), t(2, deregister), t(1, setMfe), t(2, veto), t(1, timeout));
        return action.list().ofMinSize(1).ofMaxSize(40);
    }

    private static <A, B> Tuple.Tuple2<A, B> t(A a, B b) {
        return Tuple.of(a, b);
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void engineAgreesWithTheReferenceModel(@ForAll("actions") List<Action> actions) {
        check(actions, MgmConfig.CreationAlerts.OWNERS);
    }

    /** The same with creationAlerts = ALL (RFC 2715 rule 3): every registered protocol gets each creation alert. */
    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void engineAgreesWithTheReferenceModelWhenEveryProtocolHearsOfNewMfes(@ForAll("actions") List<Action> actions) {
        check(actions, MgmConfig.CreationAlerts.ALL);
    }

    private static void check(List<Action> actions, MgmConfig.CreationAlerts alerts) {
        try (Run run = new Run(alerts)) {
            for (int n = 0; n < actions.size(); n++) {
                Action a = actions.get(n);
                try {
                    run.step(a);
                } catch (AssertionError e) {
                    AssertionError wrapped = new AssertionError("step " + (n + 1) + " " + a + ": " + e.getMessage()
                            + "\nsequence: " + actions.subList(0, n + 1), e);
                    throw wrapped;
                }
            }
        }
    }

    // ---- the reference model -------------------------------------------------------------------------

    enum Oif { IN, OUT, EITHER }

    /** A membership record: holder p holds key k on interface i. */
    record Member(int p, int k, int i) {}

    /** A TRUE alert or a local join/leave as observed or expected. iface -1 for join alerts. */
    record Alert(String kind, int to, MembershipKey key, int iface) {
        @Override
        public String toString() {
            return kind + "->" + NAMES[to] + " " + key + (iface >= 0 ? "@" + IFS[iface] : "");
        }
    }

    static final class ModelMfe {
        final SourceGroup sg;
        final int iif;
        int upstream;
        final Oif[] oif = new Oif[IFS.length];
        long expiryLo, expiryHi;
        final long created;

        ModelMfe(SourceGroup sg, int iif, int upstream, long expiry, long created) {
            this.created = created;
            this.sg = sg;
            this.iif = iif;
            this.upstream = upstream;
            this.expiryLo = expiry;
            this.expiryHi = expiry;
            java.util.Arrays.fill(oif, Oif.OUT);
        }

        boolean certainlyNonEmpty() {
            for (Oif o : oif) if (o == Oif.IN) return true;
            return false;
        }

        boolean certainlyEmpty() {
            for (Oif o : oif) if (o != Oif.OUT) return false;
            return true;
        }
    }

    /** One engine and its model. */
    static final class Run implements AutoCloseable {
        final ManualScheduler scheduler = new ManualScheduler();
        final InMemoryForwarder fwd = new InMemoryForwarder();
        final MgmEngine engine;
        final RecordingProtocol[] rec = new RecordingProtocol[4];
        final ProtocolHandle[] handle = new ProtocolHandle[4];

        // model
        final boolean[] registered = new boolean[4];
        final int[] routingOwner = {-1, -1, -1, -1};
        final boolean[] igmpOn = new boolean[4];
        final Set<Member> members = new LinkedHashSet<>();
        final Map<SourceGroup, ModelMfe> mfes = new TreeMap<>();
        long now;

        // per-step expectations
        final List<Alert> required = new ArrayList<>();
        final Set<Alert> optional = new HashSet<>();
        boolean alertsUnchecked;
        /** The client whose call this step is (it may differ from the client a membership is attributed to). */
        int caller = -1;
        /** What each protocol does in callbacks: refused interfaces, prune timeout (0 = untouched). */
        final boolean[][] vetoes = new boolean[4][IFS.length];
        final int[] pruneTimeout = new int[4];
        /** RPF and creation-alert callbacks expected this step, per protocol. */
        final Map<Integer, List<RecordingProtocol.Call>> expectedCreation = new HashMap<>();
        final List<RecordingProtocol.Call> expectedBracket = new ArrayList<>();

        final MgmConfig.CreationAlerts creationAlerts;

        Run(MgmConfig.CreationAlerts creationAlerts) {
            this.creationAlerts = creationAlerts;
            engine = new MgmEngine(MgmConfig.defaults().withCreationAlerts(creationAlerts), scheduler);
            StaticRib rib = new StaticRib(3);
            rib.route(S1, 32, IFS[RPF_IF.get(S1)], RPF_NBR.get(S1));
            rib.route(S2, 32, IFS[RPF_IF.get(S2)], RPF_NBR.get(S2));
            engine.addRib(rib, 0);
            engine.setForwarder(fwd);
            for (int p = 0; p < 4; p++) {
                rec[p] = new RecordingProtocol(NAMES[p]);
                handle[p] = engine.register(PROTOCOL_IDS[p], 1, NAMES[p], rec[p]);
                registered[p] = true;
            }
        }

        @Override
        public void close() {
            engine.close();
        }

        static ProtocolId id(int p) {
            return new ProtocolId(PROTOCOL_IDS[p], 1);
        }

        /** The protocol reported for interface i: the routing owner, else IGMP, else -1. */
        int ownerOf(int i) {
            if (routingOwner[i] >= 0) return routingOwner[i];
            return igmpOn[i] ? IGMP : -1;
        }

        boolean holds(int p, int i) {
            return p == IGMP ? igmpOn[i] : routingOwner[i] == p;
        }

        boolean known(int i) {
            return routingOwner[i] >= 0 || igmpOn[i];
        }

        /** §6.6.1: a membership counts for the interface's routing owner, for IGMP on an IGMP-only interface. */
        int attributed(int i) {
            return routingOwner[i] >= 0 ? routingOwner[i] : IGMP;
        }

        Set<Integer> clientsHolding(int k) {
            Set<Integer> s = new TreeSet<>();
            for (Member m : members) if (m.k == k) s.add(attributed(m.i));
            return s;
        }

        Map<Integer, Set<Integer>> allCounts() {
            Map<Integer, Set<Integer>> m = new HashMap<>();
            for (int k = 0; k < KEYS.length; k++) m.put(k, clientsHolding(k));
            return m;
        }

        boolean covered(int i, SourceGroup sg) {
            for (Member m : members) if (m.i == i && KEYS[m.k].covers(sg.source(), sg.group())) return true;
            return false;
        }

        // ---- alert expectations (§6.6.2, §6.6.3) ----

        /**
         * An alert "to every registered client except the one that joined/left" also reaching the caller is
         * only expected when the caller is that client; IGMP calling on an owned interface (counted for the owner,
         * §6.6.1) may or may not be alerted about its own change — the spec does not say.
         */
        void toAllExcept(int x, Alert template) {
            for (int q = 0; q < 4; q++) if (registered[q] && q != x) expect(x, new Alert(template.kind, q, template.key, template.iface));
        }

        /** Expects {@code a} about a change counted for client x; optional if it would go to a caller other than x. */
        void expect(int x, Alert a) {
            if (a.to == caller && caller != x) optional.add(a);
            else required.add(a);
        }

        void expectAlertsFor(int k, Set<Integer> before, Set<Integer> after, int iface) {
            if (before.equals(after)) return;
            MembershipKey key = KEYS[k];
            boolean added = after.size() > before.size();
            if (key.kind() != MembershipKey.Kind.SOURCE_GROUP) {
                if (added && before.isEmpty()) {
                    toAllExcept(after.iterator().next(), new Alert("JOIN", -1, key, -1));
                } else if (added && before.size() == 1) {
                    Set<Integer> joiner = new TreeSet<>(after);
                    joiner.removeAll(before);
                    expect(joiner.iterator().next(), new Alert("JOIN", before.iterator().next(), key, -1));
                } else if (!added && after.size() == 1 && before.size() == 2) {
                    Set<Integer> leaver = new TreeSet<>(before);
                    leaver.removeAll(after);
                    expect(leaver.iterator().next(), new Alert("PRUNE", after.iterator().next(), key, iface));
                } else if (!added && after.isEmpty()) {
                    toAllExcept(before.iterator().next(), new Alert("PRUNE", -1, key, iface));
                }
                return;
            }
            // (S,G): only when the count leaves or reaches 0, only to the owner of the interface towards S, not the client itself
            boolean edge = added ? before.isEmpty() : after.isEmpty();
            if (!edge) return;
            int x = added ? after.iterator().next() : before.iterator().next();
            int rpf = RPF_IF.get(key.source());
            Alert alert = added ? new Alert("JOIN", 0, key, -1) : new Alert("PRUNE", 0, key, iface);
            if (routingOwner[rpf] >= 0) {
                if (routingOwner[rpf] != x) expect(x, new Alert(alert.kind, routingOwner[rpf], key, alert.iface));
            } else if (igmpOn[rpf] && x != IGMP) {
                optional.add(new Alert(alert.kind, IGMP, key, alert.iface)); // IGMP-only incoming interface: unspecified
            }
        }

        void expectAlertsBetween(Map<Integer, Set<Integer>> before, int iface) {
            Map<Integer, Set<Integer>> after = allCounts();
            for (int k = 0; k < KEYS.length; k++) expectAlertsFor(k, before.get(k), after.get(k), iface);
        }

        // ---- oif bookkeeping ----

        /** Records oif changes of one MFE; a change may move its expiry (§6.5, §6.12). */
        void setOif(ModelMfe m, int i, Oif value, int ownerOfRemoved) {
            if (m.oif[i] == value) return;
            boolean wasNonEmpty = m.certainlyNonEmpty(), wasEmpty = m.certainlyEmpty();
            m.oif[i] = value;
            boolean nowNonEmpty = m.certainlyNonEmpty(), nowEmpty = m.certainlyEmpty();
            expectMfeDrivenAlerts(m, i, ownerOfRemoved, wasNonEmpty, wasEmpty, nowNonEmpty, nowEmpty);
            long reset = now + LIFETIME;
            int iifOwner = ownerOf(m.iif);
            long pruned = iifOwner >= 0 && pruneTimeout[iifOwner] > 0 ? now + pruneTimeout[iifOwner] * SECOND : reset;
            if (wasNonEmpty && nowEmpty && ownerOfRemoved >= 0 && iifOwner >= 0 && ownerOfRemoved != iifOwner) {
                // non-empty -> empty with a FALSE prune to the iif owner: its timeout (default 900 s) decides (§6.5)
                m.expiryLo = pruned;
                m.expiryHi = pruned;
            } else {
                // other changes: the spec does not say whether the lifetime restarts; a prune may or may not have gone
                m.expiryLo = Math.min(m.expiryLo, Math.min(reset, pruned));
                m.expiryHi = Math.max(m.expiryHi, Math.max(reset, pruned));
            }
        }

        /**
         * §6.5 with the ownership filter of §6.4 step 7 (RFC 2715 Rules 4/5): an MFE's oif list going empty -> non-empty
         * sends JoinAlert(S,G,FALSE), non-empty -> empty PruneAlert(S,G,iif,FALSE), to the iif owner, unless the
         * interface that caused it is the iif owner's own. Transitions the model is unsure of make both optional.
         */
        void expectMfeDrivenAlerts(ModelMfe m, int i, int ownerOfRemoved, boolean wasNonEmpty, boolean wasEmpty, boolean nowNonEmpty,
                boolean nowEmpty) {
            int iifOwner = ownerOf(m.iif);
            if (iifOwner < 0) return;
            MembershipKey k = MembershipKey.of(m.sg);
            Alert join = new Alert("JOINF", iifOwner, k, -1), prune = new Alert("PRUNEF", iifOwner, k, m.iif);
            if (wasEmpty && nowNonEmpty) {
                if (ownerOf(i) != iifOwner) required.add(join);
            } else if (wasNonEmpty && nowEmpty) {
                if (ownerOfRemoved < 0) optional.add(prune);
                else if (ownerOfRemoved != iifOwner) required.add(prune);
            } else if (!(wasNonEmpty && nowNonEmpty) && !(wasEmpty && nowEmpty)) {
                optional.add(join);
                optional.add(prune);
            }
        }

        // ---- one step ----

        void step(Action a) {
            required.clear();
            optional.clear();
            alertsUnchecked = false;
            caller = -1;
            expectedBracket.clear();
            expectedCreation.clear();
            for (RecordingProtocol r : rec) r.clear();
            switch (a) {
                case Register r -> register(r.p);
                case Deregister d -> deregister(d.p);
                case Take t -> take(t.p, t.i);
                case Release r -> release(r.p, r.i);
                case Add ad -> add(ad.p, ad.k, ad.i, ad.p == IGMP ? JOIN : ad.flags);
                case Delete de -> delete(de.p, de.k, de.i, de.p == IGMP ? JOIN : de.flags);
                case Packet pk -> packet(SGS[pk.sg], pk.arrival);
                case Advance adv -> {
                    scheduler.advanceSeconds(adv.seconds);
                    now += adv.seconds * SECOND;
                }
                case SetMfe s -> setMfe(s.p, SGS[s.sg], s.neighbour);
                case Veto v -> {
                    vetoes[v.p][v.i] = v.refuse;
                    if (v.refuse) rec[v.p].veto(IFS[v.i]);
                    else rec[v.p].allow(IFS[v.i]);
                }
                case PruneTimeoutChoice c -> {
                    pruneTimeout[c.p] = c.seconds;
                    if (c.seconds == 0) rec[c.p].defaultPruneTimeout();
                    else rec[c.p].pruneTimeout(c.seconds);
                }
            }
            check();
        }

        /** Runs {@code call}; expects success if {@code expected} is null, else that error. */
        boolean outcome(MgmError expected, Runnable call) {
            try {
                call.run();
            } catch (MgmException e) {
                if (expected == null) fail("expected success, got " + e.getMessage());
                assertEquals(expected, e.error(), e.getMessage());
                return false;
            }
            if (expected != null) fail("expected " + expected + ", the call succeeded");
            return true;
        }

        /** A stale handle gets INVALID_PARAMETER (§4.2). */
        boolean dead(int p, Runnable call) {
            if (registered[p]) return false;
            outcome(MgmError.INVALID_PARAMETER, call);
            return true;
        }

        void register(int p) {
            if (registered[p]) {
                outcome(MgmError.ALREADY_EXISTS, () -> engine.register(PROTOCOL_IDS[p], 1, "dup", new RecordingProtocol("dup")));
                return;
            }
            handle[p] = engine.register(PROTOCOL_IDS[p], 1, NAMES[p], rec[p]);
            registered[p] = true;
        }

        void deregister(int p) {
            ProtocolHandle h = handle[p];
            if (dead(p, h::deregister)) return;
            boolean owns = false;
            for (int i = 0; i < IFS.length; i++) owns |= holds(p, i);
            if (owns) {
                outcome(MgmError.CAN_NOT_COMPLETE, h::deregister);
                return;
            }
            outcome(null, h::deregister);
            registered[p] = false;
        }

        void take(int p, int i) {
            ProtocolHandle h = handle[p];
            if (dead(p, () -> h.takeInterface(IFS[i]))) return;
            if (p == IGMP) {
                if (igmpOn[i]) {
                    outcome(MgmError.ALREADY_EXISTS, () -> h.takeInterface(IFS[i]));
                    return;
                }
                outcome(null, () -> h.takeInterface(IFS[i]));
                igmpOn[i] = true;
                return;
            }
            if (routingOwner[i] >= 0) {
                outcome(MgmError.ALREADY_EXISTS, () -> h.takeInterface(IFS[i]));
                return;
            }
            outcome(null, () -> h.takeInterface(IFS[i]));
            boolean igmpWasAlone = igmpOn[i];
            routingOwner[i] = p;
            if (igmpWasAlone) {
                // §4.3: Disable -> withdraw IGMP's memberships on I -> Enable; alerts follow the net-change rule (unspecified)
                alertsUnchecked = true;
                expectBracket(i);
                members.removeIf(m -> m.i == i);
                for (ModelMfe m : mfes.values()) if (m.oif[i] == Oif.IN) setOif(m, i, Oif.EITHER, -1);
            }
        }

        void expectBracket(int i) {
            if (!registered[IGMP]) return;
            expectedBracket.add(new RecordingProtocol.DisableIgmp(IFS[i]));
            expectedBracket.add(new RecordingProtocol.EnableIgmp(IFS[i]));
        }

        void release(int p, int i) {
            caller = p;
            ProtocolHandle h = handle[p];
            if (dead(p, () -> h.releaseInterface(IFS[i]))) return;
            if (!holds(p, i)) {
                outcome(MgmError.INVALID_PARAMETER, () -> h.releaseInterface(IFS[i]));
                return;
            }
            int ownerBefore = ownerOf(i);
            Map<Integer, Set<Integer>> before = allCounts();
            outcome(null, () -> h.releaseInterface(IFS[i]));
            if (p == IGMP && routingOwner[i] >= 0) {
                // §6.8 P+IGMP, release(IGMP): IGMP's memberships withdrawn, LocalLeave to P for each
                int owner = routingOwner[i];
                List<MembershipKey> withdrawn = new ArrayList<>();
                for (Member m : List.copyOf(members)) {
                    if (m.i == i && m.p == IGMP) {
                        members.remove(m);
                        withdrawn.add(KEYS[m.k]);
                        required.add(new Alert("LLEAVE", owner, KEYS[m.k], i));
                    }
                }
                igmpOn[i] = false;
                expectAlertsBetween(before, i);
                // as if IGMP deleted each of them (JOIN_STATE delete semantics); the owner's own state on I stays
                for (ModelMfe m : mfes.values()) {
                    if (m.iif == i || covered(i, m.sg)) continue;
                    for (MembershipKey k : withdrawn) if (k.covers(m.sg.source(), m.sg.group())) setOif(m, i, Oif.OUT, owner);
                }
                return;
            }
            // the releasing client is the interface's owner: its MFEs go, I leaves every other MFE (§4.4, §6.9)
            boolean igmpStays = p != IGMP && igmpOn[i];
            if (igmpStays) {
                alertsUnchecked = true;
                expectBracket(i);
            }
            members.removeIf(m -> m.i == i);
            if (p == IGMP) igmpOn[i] = false;
            else routingOwner[i] = -1;
            if (!igmpStays) expectAlertsBetween(before, i);
            mfes.values().removeIf(m -> m.iif == i);
            for (ModelMfe m : mfes.values()) setOif(m, i, Oif.OUT, ownerBefore);
        }

        void add(int p, int k, int i, int flags) {
            caller = p;
            ProtocolHandle h = handle[p];
            MembershipKey key = KEYS[k];
            Runnable call = () -> h.addMembership(key, IFS[i], flags);
            if (dead(p, call)) return;
            if (!known(i) || !holds(p, i)) {
                outcome(MgmError.INVALID_PARAMETER, call);
                return;
            }
            SourceGroup own = key.kind() == MembershipKey.Kind.SOURCE_GROUP ? new SourceGroup(key.source(), key.group()) : null;
            ModelMfe fwdMfe = own == null ? null : mfes.get(own);
            if ((flags & FWD) != 0 && fwdMfe != null && fwdMfe.iif == i) {
                // FORWARD_STATE naming the MFE's own iif: unspecified whether refused; either way nothing may change
                boolean ok;
                try {
                    call.run();
                    ok = true;
                } catch (MgmException e) {
                    assertEquals(MgmError.INVALID_PARAMETER, e.error(), e.getMessage());
                    return;
                }
                if (ok && (flags & JOIN) == 0) return;
            } else {
                outcome(null, call);
            }
            if ((flags & JOIN) != 0) {
                Member m = new Member(p, k, i);
                if (members.contains(m)) {
                    // idempotent re-add: no alerts (§4.6); whether oifs lost to FORWARD_STATE come back is unspecified
                    if (p == IGMP && routingOwner[i] >= 0) optional.add(new Alert("LJOIN", routingOwner[i], key, i));
                    for (ModelMfe x : mfes.values())
                        if (x.iif != i && key.covers(x.sg.source(), x.sg.group()) && x.oif[i] == Oif.OUT) setOif(x, i, Oif.EITHER, -1);
                } else {
                    Map<Integer, Set<Integer>> before = allCounts();
                    members.add(m);
                    expectAlertsBetween(before, i);
                    if (p == IGMP && routingOwner[i] >= 0) required.add(new Alert("LJOIN", routingOwner[i], key, i));
                    for (ModelMfe x : mfes.values()) if (x.iif != i && key.covers(x.sg.source(), x.sg.group())) setOif(x, i, Oif.IN, -1);
                }
            }
            if ((flags & FWD) != 0 && fwdMfe != null && fwdMfe.iif != i) setOif(fwdMfe, i, Oif.IN, -1);
        }

        void delete(int p, int k, int i, int flags) {
            caller = p;
            ProtocolHandle h = handle[p];
            MembershipKey key = KEYS[k];
            Runnable call = () -> h.deleteMembership(key, IFS[i], flags);
            if (dead(p, call)) return;
            if (!known(i)) {
                outcome(MgmError.NOT_FOUND, call);
                return;
            }
            if (!holds(p, i)) {
                outcome(MgmError.INVALID_PARAMETER, call);
                return;
            }
            int owner = ownerOf(i);
            outcome(null, call);
            if ((flags & JOIN) != 0) {
                Member m = new Member(p, k, i);
                if (members.contains(m)) {
                    Map<Integer, Set<Integer>> before = allCounts();
                    members.remove(m);
                    expectAlertsBetween(before, i);
                    if (p == IGMP && routingOwner[i] >= 0) required.add(new Alert("LLEAVE", routingOwner[i], key, i));
                    for (ModelMfe x : mfes.values())
                        if (x.iif != i && key.covers(x.sg.source(), x.sg.group()) && !covered(i, x.sg)) setOif(x, i, Oif.OUT, owner);
                } else if (p == IGMP && routingOwner[i] >= 0) {
                    optional.add(new Alert("LLEAVE", routingOwner[i], key, i));
                }
            }
            if ((flags & FWD) != 0 && key.kind() == MembershipKey.Kind.SOURCE_GROUP) {
                ModelMfe x = mfes.get(new SourceGroup(key.source(), key.group()));
                if (x != null && x.iif != i) setOif(x, i, Oif.OUT, owner);
            }
        }

        void packet(SourceGroup sg, int arrival) {
            int rpf = RPF_IF.get(sg.source());
            int at = arrival < 0 ? rpf : arrival;
            if (!mfes.containsKey(sg)) {
                // creation needs an owner of the RPF interface to be specified (§6.4); otherwise skip the packet
                if (ownerOf(rpf) < 0) return;
                ModelMfe m = new ModelMfe(sg, rpf, RPF_NBR.get(sg.source()), now + LIFETIME, now);
                // §6.4 step 2: one RPF callback on the owner of the interface towards S
                expectedCreation.computeIfAbsent(ownerOf(rpf), x -> new ArrayList<>())
                        .add(new RecordingProtocol.Rpf(sg, IFS[rpf], RPF_NBR.get(sg.source()), null));
                // §6.3: candidates, one creation alert per owner with its own candidates; refused ones are dropped
                Map<Integer, List<RecordingProtocol.Candidate>> byOwner = new TreeMap<>();
                for (int i = 0; i < IFS.length; i++) {
                    if (i == rpf || !covered(i, sg)) continue;
                    int owner = ownerOf(i);
                    byOwner.computeIfAbsent(owner, x -> new ArrayList<>()).add(new RecordingProtocol.Candidate(IFS[i], igmpOn[i], true));
                    if (!vetoes[owner][i]) m.oif[i] = Oif.IN;
                }
                if (creationAlerts == MgmConfig.CreationAlerts.ALL) // rule 3: the others with an empty list
                    for (int p = 0; p < 4; p++) if (registered[p]) byOwner.putIfAbsent(p, List.of());
                byOwner.forEach((owner, cands) -> expectedCreation.computeIfAbsent(owner, x -> new ArrayList<>())
                        .add(new RecordingProtocol.Creation(sg, IFS[rpf], cands)));
                mfes.put(sg, m);
                // §6.4 step 5: created empty -> PruneAlert(FALSE) to the iif owner, always; its timeout sets the lifetime
                if (m.certainlyEmpty()) {
                    required.add(new Alert("PRUNEF", ownerOf(rpf), MembershipKey.of(sg), rpf));
                    if (pruneTimeout[ownerOf(rpf)] > 0) m.expiryLo = m.expiryHi = now + pruneTimeout[ownerOf(rpf)] * SECOND;
                }
            }
            fwd.packet(sg, IFS[at], 100);
        }

        void setMfe(int p, SourceGroup sg, int nbr) {
            ProtocolHandle h = handle[p];
            Runnable call = () -> h.setMfeUpstreamNeighbor(sg, nbr);
            if (dead(p, call)) return;
            ModelMfe m = mfes.get(sg);
            if (m == null) {
                outcome(MgmError.NOT_FOUND, call);
                return;
            }
            outcome(null, call);
            m.upstream = nbr;
        }

        // ---- checks after every step ----

        void check() {
            checkMfes();
            checkTables();
            checkAlerts();
            checkEnumeration();
        }

        void checkMfes() {
            Map<SourceGroup, Mfe> actual = new TreeMap<>();
            for (Mfe m : engine.mfes(null, 1000)) actual.put(m.sourceGroup(), m);
            for (var it = mfes.values().iterator(); it.hasNext(); ) {
                ModelMfe m = it.next();
                boolean present = actual.containsKey(m.sg);
                if (now + MARGIN < m.expiryLo) {
                    assertTrue(present, () -> "MFE " + m.sg + " vanished before its expiry (" + (m.expiryLo - now) / SECOND + " s left)");
                } else if (now > m.expiryHi + MARGIN) {
                    assertTrue(!present, () -> "MFE " + m.sg + " outlived its expiry by " + (now - m.expiryHi) / SECOND + " s");
                    it.remove();
                } else if (!present) {
                    it.remove();
                }
            }
            assertEquals(mfes.keySet(), actual.keySet(), "MFE table");
            assertEquals(mfes.size(), engine.mfeCount(), "mfeCount");
            assertEquals(mfes.size(), fwd.size(), "forwarder entries");
            for (ModelMfe m : mfes.values()) {
                Mfe e = actual.get(m.sg);
                assertEquals(IFS[m.iif], e.incomingInterface(), "iif of " + m.sg);
                assertEquals(m.upstream, e.upstreamNeighbor(), "upstream neighbour of " + m.sg);
                assertEquals((now - m.created) / SECOND, e.upTimeSeconds(), 1, "up time of " + m.sg);
                if (m.expiryLo == m.expiryHi)
                    assertEquals((m.expiryLo - now) / SECOND, e.expirySeconds(), 1, "expiry of " + m.sg);
                Set<InterfaceKey> got = new TreeSet<>();
                for (OifView o : e.outgoing()) {
                    assertTrue(got.add(o.iface()), "duplicate oif " + o.iface() + " in " + m.sg);
                    int i = List.of(IFS).indexOf(o.iface());
                    assertTrue(i >= 0, "oif outside the universe: " + o.iface());
                    assertTrue(ownerOf(i) >= 0, "oif " + o.iface() + " of " + m.sg + " is an interface nobody holds");
                    assertEquals(id(ownerOf(i)), o.owner(), "owner of oif " + o.iface() + " in " + m.sg);
                }
                assertTrue(!got.contains(e.incomingInterface()), "the iif is an oif of " + m.sg);
                // dwInIfProtocol: the client owning the iif (§3.5) — now, not when the MFE was made
                assertEquals(ownerOf(m.iif) < 0 ? null : id(ownerOf(m.iif)), e.incomingOwner(), "iif owner of " + m.sg);
                for (int i = 0; i < IFS.length; i++) {
                    boolean has = got.contains(IFS[i]);
                    switch (m.oif[i]) {
                        case IN -> assertTrue(has, "oifs of " + m.sg + " lack " + IFS[i] + ": " + got);
                        case OUT -> assertTrue(!has, "oifs of " + m.sg + " wrongly contain " + IFS[i] + ": " + got);
                        case EITHER -> m.oif[i] = has ? Oif.IN : Oif.OUT;
                    }
                }
                ForwardingEntry f = fwd.entry(m.sg);
                assertTrue(f != null, "MFE " + m.sg + " not installed in the forwarder");
                assertEquals(IFS[m.iif], f.incoming(), "forwarder iif of " + m.sg);
                assertEquals(got, new TreeSet<>(f.outgoing()), "forwarder oifs of " + m.sg);
            }
        }

        void checkTables() {
            // memberships
            Set<MembershipView> expected = new HashSet<>();
            for (Member m : members) expected.add(new MembershipView(KEYS[m.k], IFS[m.i], id(m.p), id(attributed(m.i))));
            List<MembershipView> actual = engine.memberships();
            assertEquals(expected, new HashSet<>(actual), "membership table");
            assertEquals(expected.size(), actual.size(), "duplicate membership records");
            for (MembershipView v : actual) {
                int i = List.of(IFS).indexOf(v.iface());
                int holder = indexOf(v.holder());
                assertTrue(holder >= 0 && registered[holder], "membership held by an unregistered protocol: " + v);
                assertTrue(holds(holder, i), "membership on an interface its client does not hold: " + v);
            }
            // interfaces
            Set<String> ifs = new TreeSet<>();
            for (int i = 0; i < IFS.length; i++) {
                if (!known(i)) continue;
                ifs.add(IFS[i] + " owner=" + (routingOwner[i] >= 0 ? id(routingOwner[i]) : null) + " igmp=" + (igmpOn[i] ? id(IGMP) : null));
            }
            Set<String> gotIfs = new TreeSet<>();
            for (InterfaceView v : engine.interfaces()) gotIfs.add(v.iface() + " owner=" + v.routingOwner() + " igmp=" + v.igmp());
            assertEquals(ifs, gotIfs, "interface table");
            for (int i = 0; i < IFS.length; i++) {
                final int fi = i;
                if (known(i)) assertEquals(id(ownerOf(i)), engine.protocolOnInterface(IFS[i]), "protocolOnInterface " + IFS[i]);
                else {
                    MgmError err = null;
                    try {
                        engine.protocolOnInterface(IFS[fi]);
                    } catch (MgmException e) {
                        err = e.error();
                    }
                    assertEquals(MgmError.NOT_FOUND, err, "protocolOnInterface of unknown " + IFS[i]);
                }
            }
            // protocols
            Map<ProtocolId, Set<InterfaceKey>> protos = new TreeMap<>(java.util.Comparator.comparing(ProtocolId::toString));
            for (int p = 0; p < 4; p++) {
                if (!registered[p]) continue;
                Set<InterfaceKey> held = new TreeSet<>();
                for (int i = 0; i < IFS.length; i++) if (holds(p, i)) held.add(IFS[i]);
                protos.put(id(p), held);
            }
            Map<ProtocolId, Set<InterfaceKey>> gotProtos = new TreeMap<>(java.util.Comparator.comparing(ProtocolId::toString));
            for (ProtocolView v : engine.protocols()) gotProtos.put(v.id(), new TreeSet<>(v.interfaces()));
            assertEquals(protos, gotProtos, "protocol table (registered protocols and the interfaces they hold)");
        }

        static int indexOf(ProtocolId id) {
            for (int p = 0; p < 4; p++) if (id(p).equals(id)) return p;
            return -1;
        }

        void checkAlerts() {
            List<Alert> observed = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                for (RecordingProtocol.Call c : rec[p].calls()) {
                    switch (c) {
                        case RecordingProtocol.Join j when j.memberUpdate() -> observed.add(new Alert("JOIN", p, j.key(), -1));
                        case RecordingProtocol.Join j -> observed.add(new Alert("JOINF", p, j.key(), -1));
                        case RecordingProtocol.Prune x when !x.memberDelete() ->
                                observed.add(new Alert("PRUNEF", p, x.key(), List.of(IFS).indexOf(x.iface())));
                        case RecordingProtocol.Prune x when x.memberDelete() ->
                                observed.add(new Alert("PRUNE", p, x.key(), List.of(IFS).indexOf(x.iface())));
                        case RecordingProtocol.LocalJoin l -> observed.add(new Alert("LJOIN", p, l.key(), List.of(IFS).indexOf(l.iface())));
                        case RecordingProtocol.LocalLeave l -> observed.add(new Alert("LLEAVE", p, l.key(), List.of(IFS).indexOf(l.iface())));
                        default -> {}
                    }
                    if (!registered[p]) fail("callback to deregistered " + NAMES[p] + ": " + c);
                }
            }
            for (int p = 0; p < 4; p++) {
                List<String> want = new ArrayList<>(), got = new ArrayList<>();
                for (RecordingProtocol.Call c : expectedCreation.getOrDefault(p, List.of())) want.add(creationText(c));
                for (RecordingProtocol.Call c : rec[p].calls())
                    if (c instanceof RecordingProtocol.Rpf || c instanceof RecordingProtocol.Creation) got.add(creationText(c));
                assertEquals(want, got, "RPF and creation-alert callbacks of " + NAMES[p]);
            }
            List<RecordingProtocol.Call> bracket = new ArrayList<>();
            for (RecordingProtocol.Call c : rec[IGMP].calls())
                if (c instanceof RecordingProtocol.DisableIgmp || c instanceof RecordingProtocol.EnableIgmp) bracket.add(c);
            assertEquals(expectedBracket, bracket, "IGMP Disable/Enable callbacks");
            for (int p = 0; p < 3; p++) {
                final int fp = p;
                assertTrue(rec[p].calls().stream().noneMatch(c -> c instanceof RecordingProtocol.DisableIgmp || c instanceof RecordingProtocol.EnableIgmp),
                        () -> "Disable/Enable to non-IGMP " + NAMES[fp]);
            }
            if (alertsUnchecked) return;
            List<Alert> rest = new ArrayList<>(observed);
            for (Alert r : required) {
                assertTrue(rest.remove(r), () -> "missing " + r + "; expected " + sorted(required) + " (optional " + optional + "), observed " + sorted(observed));
            }
            Set<Alert> usedOptional = new HashSet<>();
            for (Alert x : rest) {
                assertTrue(optional.contains(x) && usedOptional.add(x),
                        () -> "unexpected " + x + "; expected " + sorted(required) + " (optional " + optional + "), observed " + sorted(observed));
            }
        }

        /** RPF (ignoring the route) and creation alerts (candidates in any order) as comparable text. */
        static String creationText(RecordingProtocol.Call c) {
            return switch (c) {
                case RecordingProtocol.Rpf r -> "rpf " + r.sg() + " in=" + r.incoming() + " nbr=" + Ipv4.format(r.upstreamNeighbor());
                case RecordingProtocol.Creation x -> {
                    Set<String> cands = new TreeSet<>();
                    for (RecordingProtocol.Candidate k : x.candidates()) cands.add(k.toString());
                    yield "creation " + x.sg() + " in=" + x.incoming() + " " + cands;
                }
                default -> c.toString();
            };
        }

        static List<String> sorted(List<Alert> alerts) {
            List<String> s = new ArrayList<>();
            for (Alert a : alerts) s.add(a.toString());
            Collections.sort(s);
            return s;
        }

        void checkEnumeration() {
            int p = -1;
            for (int q = 0; q < 4; q++) if (registered[q]) p = q;
            if (p < 0) return;
            Set<MembershipKey> all = new HashSet<>();
            Set<MembershipKey> groups = new HashSet<>();
            for (Member m : members) {
                all.add(KEYS[m.k]);
                groups.add(KEYS[m.k].group() == 0 ? MembershipKey.WILDCARD : MembershipKey.anySource(KEYS[m.k].group()));
            }
            assertKeysOnce(all, enumerate(handle[p], EnumerationType.ALL_SOURCES), "ALL_SOURCES");
            assertKeysOnce(groups, enumerate(handle[p], EnumerationType.ANY_SOURCE), "ANY_SOURCE");
        }

        static void assertKeysOnce(Set<MembershipKey> expected, List<MembershipKey> got, String what) {
            assertEquals(expected, new HashSet<>(got), what + " enumeration");
            assertEquals(new HashSet<>(got).size(), got.size(), what + " enumeration repeated a key: " + got);
        }

        static List<MembershipKey> enumerate(ProtocolHandle h, EnumerationType type) {
            List<MembershipKey> out = new ArrayList<>();
            try (GroupEnumeration e = h.startGroupEnumeration(type)) {
                for (int guard = 0; guard < 1000; guard++) {
                    List<MembershipKey> batch = e.next(2);
                    if (batch.isEmpty()) return out;
                    out.addAll(batch);
                }
            }
            throw new AssertionError("enumeration never ends");
        }
    }
}
