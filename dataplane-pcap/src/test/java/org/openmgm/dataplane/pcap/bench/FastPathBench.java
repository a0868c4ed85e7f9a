package org.openmgm.dataplane.pcap.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.dataplane.pcap.engine.Dataplane;
import org.openmgm.dataplane.pcap.engine.DataplaneSettings;
import org.openmgm.dataplane.pcap.testutil.Packets;

/**
 * Microbenchmark of the per-packet path without I/O (JMH-free, a plain main): a 64-byte-payload UDP
 * frame through {@link Dataplane#process} (lookup among {@code MFES} entries, checks, counters, copy,
 * TTL/checksum rewrite, MACs) to 1 and 2 outgoing interfaces whose output is discarded (offline write "-"),
 * so no system call is measured. Prints ns/packet and Mpps for one thread.
 *
 * <pre>
 * mvn -q -o -f dataplane-pcap/pom.xml test-compile
 * java --enable-native-access=ALL-UNNAMED -cp dataplane-pcap/target/classes:dataplane-pcap/target/test-classes:$HOME/.m2/repository/org/openmgm/mgm-api/0.1.0-SNAPSHOT/mgm-api-0.1.0-SNAPSHOT.jar \
 *      org.openmgm.dataplane.pcap.bench.FastPathBench [packets]
 * </pre>
 */
public final class FastPathBench {
    static final int MFES = 1000;

    public static void main(String[] args) {
        long packets = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        Map<String, Object> cfg = new java.util.HashMap<>();
        cfg.put("interfaces", "b-eth1,b-eth2,b-eth3");
        for (int i = 1; i <= 3; i++) {
            cfg.put("offline.b-eth" + i + ".write", "-");
            cfg.put("offline.b-eth" + i + ".index", Integer.toString(10 + i));
        }
        try (Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(cfg)); Arena arena = Arena.ofConfined()) {
            dp.start();
            byte[] frame = Packets.udpFrame("198.18.1.10", "239.1.1.1", 64, 0, 64, false);
            MemorySegment in = arena.allocate(2048, 64), scratch = arena.allocate(2048, 64);
            MemorySegment.copy(frame, 0, in, ValueLayout.JAVA_BYTE, 0, frame.length);
            SourceGroup sg = SourceGroup.parse("198.18.1.10", "239.1.1.1");
            for (int i = 1; i < MFES; i++)   // other flows in the table
                dp.install(new ForwardingEntry(new SourceGroup(sg.source() + i, sg.group()), InterfaceKey.of(11), List.of(InterfaceKey.of(12))));
            for (int oifs = 1; oifs <= 2; oifs++) {
                List<InterfaceKey> out = oifs == 1 ? List.of(InterfaceKey.of(12)) : List.of(InterfaceKey.of(12), InterfaceKey.of(13));
                dp.install(new ForwardingEntry(sg, InterfaceKey.of(11), out));
                run(dp, in, frame.length, scratch, packets / 10);            // warm-up
                long t0 = System.nanoTime();
                run(dp, in, frame.length, scratch, packets);
                long ns = System.nanoTime() - t0;
                System.out.printf("fast path, %d oif(s), %d MFEs: %.1f ns/packet, %.2f Mpps (one thread, no I/O)%n",
                        oifs, MFES, (double) ns / packets, packets * 1e3 / ns);
                dp.remove(sg);
            }
        }
    }

    private static void run(Dataplane dp, MemorySegment in, int len, MemorySegment scratch, long n) {
        for (long i = 0; i < n; i++) dp.process("b-eth1", in, len, scratch);
    }
}
