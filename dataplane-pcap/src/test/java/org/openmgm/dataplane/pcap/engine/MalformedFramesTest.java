package org.openmgm.dataplane.pcap.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.ForwarderUpcalls;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.dataplane.pcap.ffm.Libpcap;
import org.openmgm.dataplane.pcap.testutil.Packets;

/**
 * Bad input never crashes the fast path: random and mutated frames, held in segments of exactly their
 * length (so any read past the captured bytes would throw), through a data plane with MFEs installed.
 */
class MalformedFramesTest {
    static Dataplane dp;

    @BeforeContainer
    static void start() {
        if (!Libpcap.available()) return;
        Map<String, Object> cfg = new java.util.HashMap<>();
        cfg.put("interfaces", "m-eth1,m-eth2");
        cfg.put("offline.m-eth1.write", "-");
        cfg.put("offline.m-eth1.index", "41");
        cfg.put("offline.m-eth1.address", "198.18.1.1/24");
        cfg.put("offline.m-eth2.write", "-");
        cfg.put("offline.m-eth2.index", "42");
        dp = new Dataplane(DataplaneSettings.fromProperties(cfg));
        dp.start();
        dp.attach(new ForwarderUpcalls() {
            public void noCache(int s, int g, InterfaceKey a, byte[] h) {}
            public void wrongInterface(int s, int g, InterfaceKey a, byte[] h) {}
        });
        SourceGroup sg = SourceGroup.parse("198.18.1.10", "239.1.1.1");
        dp.install(new ForwardingEntry(sg, InterfaceKey.of(42), List.of(InterfaceKey.of(41))));   // m-eth1 arrivals: wrong interface
        dp.install(new ForwardingEntry(SourceGroup.parse("198.18.1.10", "239.1.1.2"), InterfaceKey.of(41), List.of(InterfaceKey.of(42))));
    }

    @AfterContainer
    static void stop() {
        if (dp != null) dp.close();
    }

    @Provide
    Arbitrary<byte[]> frames() {
        byte[] valid1 = Packets.udpFrame("198.18.1.10", "239.1.1.1", 5, 1, 16, false);
        byte[] valid2 = Packets.udpFrame("198.18.1.10", "239.1.1.2", 5, 1, 4, false);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(120);
        Arbitrary<byte[]> mutated = Arbitraries.of(valid1, valid2).flatMap(v -> Arbitraries.integers().between(0, v.length - 1).list().ofMaxSize(6)
                .flatMap(pos -> Arbitraries.bytes().list().ofSize(pos.size()).flatMap(vals -> Arbitraries.integers().between(1, v.length).map(len -> {
                    byte[] f = java.util.Arrays.copyOf(v, len);
                    for (int i = 0; i < pos.size(); i++) if (pos.get(i) < len) f[pos.get(i)] = vals.get(i);
                    return f;
                }))));
        return Arbitraries.oneOf(random, mutated);
    }

    @Property(tries = 3000)
    void anyFrameIsHandledWithoutException(@ForAll("frames") byte[] frame) {
        if (dp == null) return;                                   // libpcap missing: nothing to test
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = a.allocate(Math.max(1, frame.length));
            MemorySegment.copy(frame, 0, in, ValueLayout.JAVA_BYTE, 0, frame.length);
            MemorySegment scratch = a.allocate(2048);
            assertDoesNotThrow(() -> dp.process("m-eth1", in, frame.length, scratch));
        }
        assertNotNull(Ipv4.format(0));
    }
}
