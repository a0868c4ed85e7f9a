package org.openmgm.pim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.openmgm.api.GroupEnumeration;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.pim.packet.PimCodec;
import org.openmgm.pim.packet.PimMessage;

/**
 * A PIM router with two interfaces and a recording output and MGM handle:
 * if1 = 198.18.1.1/24 (towards upstream router 198.18.1.2 and the RP 198.18.100.1),
 * if2 = 198.18.2.1/24 (a LAN with receivers), a source network 198.18.50.0/24 behind 198.18.1.2.
 */
final class Harness {
    static final int IF1 = 11, IF2 = 12;
    static final int A1 = ip("198.18.1.1"), A2 = ip("198.18.2.1");
    static final int UPSTREAM = ip("198.18.1.2"), RP = ip("198.18.100.1"), S = ip("198.18.50.10"), G = ip("239.1.1.1");

    final ManualScheduler scheduler = new ManualScheduler();
    final List<Sent> sent = new ArrayList<>();
    final List<String> mgmCalls = new ArrayList<>();
    /** The interfaces the router asked to tap for registers, as last set. */
    Set<Integer> taps = Set.of();
    final Map<Integer, PimRoute> routes = new TreeMap<>();
    PimRouter router;
    final NetInterface if1 = new NetInterface("r-eth1", IF1, new byte[6], List.of(new NetInterface.InterfaceAddress(A1, 24)), 1500, true, 1);
    final NetInterface if2 = new NetInterface("r-eth2", IF2, new byte[6], List.of(new NetInterface.InterfaceAddress(A2, 24)), 1500, true, 1);

    record Sent(String kind, int ifIndex, int source, int destination, PimMessage message, byte[] bytes) {}

    static int ip(String s) {
        return Ipv4.parse(s);
    }

    Harness() {
        this(PimSettings.defaults(RP));
    }

    Harness(PimSettings settings) {
        this(settings, true);
    }

    /** {@code fakeMgm} false: the caller attaches a real MGM handle (then adds the interfaces with {@link #start}). */
    Harness(PimSettings settings, boolean fakeMgm) {
        PimOutput out = new PimOutput() {
            @Override
            public void multicast(int ifIndex, int source, byte[] pim) {
                sent.add(new Sent("mcast", ifIndex, source, 0xE000000D, parse(pim), pim));
            }

            @Override
            public void unicast(int source, int destination, byte[] pim) {
                sent.add(new Sent("ucast", -1, source, destination, parse(pim), pim));
            }

            @Override
            public void data(int ifIndex, byte[] ipPacket) {
                sent.add(new Sent("data", ifIndex, 0, 0, null, ipPacket));
            }

            @Override
            public void registerInterfaces(Set<Integer> ifIndexes) {
                taps = Set.copyOf(ifIndexes);
            }
        };
        router = new PimRouter(settings, scheduler, out, this::lookup, new Random(7));
        if (fakeMgm) {
            router.attach(handle, null);
            start();
        }
    }

    void start() {
        router.addInterface(if1);
        router.addInterface(if2);
    }

    Optional<PimRoute> lookup(int address) {
        if ((address & 0xFFFFFF00) == (A1 & 0xFFFFFF00)) return Optional.of(new PimRoute(IF1, 0, A1 & 0xFFFFFF00, 24, 0, 0));
        if ((address & 0xFFFFFF00) == (A2 & 0xFFFFFF00)) return Optional.of(new PimRoute(IF2, 0, A2 & 0xFFFFFF00, 24, 0, 0));
        PimRoute r = routes.get(address & 0xFFFFFF00);
        if (r != null) return Optional.of(r);
        return Optional.of(new PimRoute(IF1, UPSTREAM, 0, 0, 1, 10)); // default route upstream
    }

    static PimMessage parse(byte[] pim) {
        try {
            return PimCodec.parse(pim);
        } catch (Exception e) {
            throw new AssertionError("we sent a bad PIM message", e);
        }
    }

    void receive(int ifIndex, int source, PimMessage m) {
        router.receive(ifIndex, source, 0xE000000D, PimCodec.encode(m));
    }

    void hello(int ifIndex, int source, long priority, int genId) {
        receive(ifIndex, source, PimMessage.Hello.of(105, priority, genId));
    }

    <T extends PimMessage> List<T> sentOf(Class<T> type) {
        List<T> l = new ArrayList<>();
        for (Sent s : sent) if (s.message() != null && type.isInstance(s.message())) l.add(type.cast(s.message()));
        return l;
    }

    List<Sent> sentOn(int ifIndex, Class<? extends PimMessage> type) {
        return sent.stream().filter(s -> s.ifIndex() == ifIndex && type.isInstance(s.message())).toList();
    }

    void clear() {
        sent.clear();
        mgmCalls.clear();
    }

    final ProtocolHandle handle = new ProtocolHandle() {
        @Override public ProtocolId id() { return new ProtocolId(103, 1); }
        @Override public void takeInterface(InterfaceKey iface) { mgmCalls.add("take " + iface); }
        @Override public void releaseInterface(InterfaceKey iface) { mgmCalls.add("release " + iface); }
        @Override public void addMembership(MembershipKey key, InterfaceKey iface, int flags) { mgmCalls.add("add " + key + " " + iface + flag(flags)); }
        @Override public void deleteMembership(MembershipKey key, InterfaceKey iface, int flags) { mgmCalls.add("delete " + key + " " + iface + flag(flags)); }
        @Override public void setMfeUpstreamNeighbor(SourceGroup sg, int upstreamNeighbor) {}
        @Override public GroupEnumeration startGroupEnumeration(EnumerationType type) { throw new UnsupportedOperationException(); }
        @Override public void deregister() {}
        @Override public void close() {}
    };

    private static String flag(int flags) {
        return flags == MgmConstants.MGM_FORWARD_STATE_FLAG ? " forward" : flags == MgmConstants.MGM_JOIN_STATE_FLAG ? " join" : " flags" + flags;
    }

    static Set<Integer> set(int... v) {
        Set<Integer> s = new java.util.TreeSet<>();
        for (int i : v) s.add(i);
        return s;
    }
}
