package org.openmgm.dataplane.pcap.engine;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.dataplane.pcap.ffm.Libpcap;
import org.openmgm.dataplane.pcap.testutil.Packets;

/**
 * The no-cache queue of packets without an MFE, fed frame by frame through {@link Dataplane#process}: each
 * port remembers the queue it used last (so a burst of one flow needs no map lookup), which must never
 * swallow packets once that queue is closed.
 */
class NoCacheQueueTest {
    static final String SRC = "198.18.1.10", G1 = "239.7.7.1", G2 = "239.7.7.2";

    static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ok.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void aFlowWhoseMfeWasRemovedIsQueuedAndUpcalledAgainAndTwoFlowsKeepTheirOwnQueues() throws Exception {
        assumeTrue(Libpcap.available());
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("interfaces", "q-eth1,q-eth2");
        for (int i = 1; i <= 2; i++) {
            cfg.put("offline.q-eth" + i + ".write", "-");
            cfg.put("offline.q-eth" + i + ".index", Integer.toString(60 + i));
            cfg.put("offline.q-eth" + i + ".address", "198.18." + i + ".1/24");
        }
        SourceGroup sg1 = SourceGroup.parse(SRC, G1), sg2 = SourceGroup.parse(SRC, G2);
        try (Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(cfg)); Arena arena = Arena.ofConfined()) {
            dp.start();
            dp.attach(new ForwarderUpcalls() {
                @Override public void noCache(int source, int group, InterfaceKey arrival, byte[] header) {}
                @Override public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] header) {}
            });
            MemorySegment f1 = arena.allocate(2048), f2 = arena.allocate(2048), scratch = arena.allocate(2048);
            byte[] b1 = Packets.udpFrame(SRC, G1, 8, 1, 32, false), b2 = Packets.udpFrame(SRC, G2, 8, 1, 32, false);
            MemorySegment.copy(b1, 0, f1, JAVA_BYTE, 0, b1.length);
            MemorySegment.copy(b2, 0, f2, JAVA_BYTE, 0, b2.length);

            // two flows interleaved, flow 1 last: one queue and one upcall each
            for (int i = 0; i < 3; i++) {
                dp.process("q-eth1", f1, b1.length, scratch);
                dp.process("q-eth1", f2, b2.length, scratch);
            }
            dp.process("q-eth1", f1, b1.length, scratch);
            Map<String, Long> st = dp.statistics();
            assertEquals(2L, st.get("noCacheUpcalls"), st.toString());
            assertEquals(7L, st.get("noCachePacketsQueued"), st.toString());

            // the MFE of flow 1 arrives: its four queued packets go out on q-eth2
            dp.install(new ForwardingEntry(sg1, InterfaceKey.of(61), List.of(InterfaceKey.of(62))));
            await("flow 1's queue flushed", () -> dp.statistics().get("noCachePacketsFlushed") == 4);
            assertEquals(4, dp.counters(sg1).outgoing().getFirst().outPackets());

            // the MFE goes again: the next packet of flow 1 opens a new queue with a new upcall (the port's
            // remembered queue is closed and must not take it), and flow 2's queue is untouched
            dp.remove(sg1);
            dp.process("q-eth1", f1, b1.length, scratch);
            st = dp.statistics();
            assertEquals(3L, st.get("noCacheUpcalls"), st.toString());
            assertEquals(8L, st.get("noCachePacketsQueued"), st.toString());
            dp.install(new ForwardingEntry(sg1, InterfaceKey.of(61), List.of(InterfaceKey.of(62))));
            dp.install(new ForwardingEntry(sg2, InterfaceKey.of(61), List.of(InterfaceKey.of(62))));
            await("both queues flushed", () -> dp.statistics().get("noCachePacketsFlushed") == 8);
            assertEquals(1, dp.counters(sg1).outgoing().getFirst().outPackets());
            assertEquals(3, dp.counters(sg2).outgoing().getFirst().outPackets());
        }
    }
}
