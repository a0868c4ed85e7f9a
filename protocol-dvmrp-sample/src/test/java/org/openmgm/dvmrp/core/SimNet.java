package org.openmgm.dvmrp.core;

import java.util.*;
import java.util.function.BiConsumer;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.testing.ManualScheduler;

/**
 * Simulated links between DVMRP routers: a packet sent on an interface reaches every other interface
 * on the same segment (multicast) or the one owning the destination address (unicast). Delivery is
 * queued and happens in {@link #pump()}, never inside a send.
 */
final class SimNet {
    final ManualScheduler scheduler = new ManualScheduler();
    private final Map<String, List<Attachment>> segments = new HashMap<>();
    private final Map<DvmrpRouter, Map<Integer, Attachment>> byRouter = new IdentityHashMap<>();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    final List<Sent> log = new ArrayList<>();
    private final Set<String> cut = new HashSet<>();

    record Attachment(String segment, DvmrpRouter router, int ifIndex, int address) {}

    record Sent(DvmrpRouter from, int ifIndex, byte[] packet) {}

    static InterfaceConfig iface(String name, int ifIndex, String address, int metric) {
        return new InterfaceConfig(name, ifIndex, Ipv4.parse(address), 24, metric, 1, 1500);
    }

    /** A router whose transport feeds this network; attach its interfaces with {@link #attach}. */
    DvmrpRouter router(int genId, InterfaceConfig... ifs) {
        return router(DvmrpConfig.defaults(List.of(ifs)), genId);
    }

    DvmrpRouter router(DvmrpConfig cfg, int genId) {
        DvmrpRouter[] self = new DvmrpRouter[1];
        self[0] = new DvmrpRouter(cfg, scheduler, (ifIndex, packet) -> transmit(self[0], ifIndex, packet), genId);
        byRouter.put(self[0], new HashMap<>());
        return self[0];
    }

    void attach(String segment, DvmrpRouter r, InterfaceConfig c) {
        Attachment a = new Attachment(segment, r, c.ifIndex(), c.address());
        segments.computeIfAbsent(segment, k -> new ArrayList<>()).add(a);
        byRouter.get(r).put(c.ifIndex(), a);
    }

    void cut(String segment) {
        cut.add(segment);
    }

    void heal(String segment) {
        cut.remove(segment);
    }

    private void transmit(DvmrpRouter from, int ifIndex, byte[] packet) {
        log.add(new Sent(from, ifIndex, packet));
        Attachment a = byRouter.get(from).get(ifIndex);
        if (a == null || cut.contains(a.segment())) return;
        int dst = Ipv4Packets.destination(packet);
        for (Attachment other : segments.get(a.segment())) {
            if (other == a) continue;
            if (Ipv4.isMulticast(dst) || other.address() == dst) queue.add(() -> other.router().receive(other.ifIndex(), packet.clone()));
        }
    }

    /** Delivers queued packets (and what they cause) until quiet. */
    void pump() {
        for (int i = 0; i < 100_000 && !queue.isEmpty(); i++) queue.poll().run();
        if (!queue.isEmpty()) throw new AssertionError("packet storm");
    }

    /** Advances time second by second, delivering packets in between. */
    void run(int seconds) {
        pump();
        for (int s = 0; s < seconds; s++) {
            scheduler.advanceSeconds(1);
            pump();
        }
    }

    void forEachSent(BiConsumer<Sent, byte[]> f) {
        for (Sent s : log) f.accept(s, s.packet());
    }
}
