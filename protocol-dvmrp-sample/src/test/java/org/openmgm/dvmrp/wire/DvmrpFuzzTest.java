package org.openmgm.dvmrp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.dvmrp.core.DvmrpConfig;
import org.openmgm.dvmrp.core.DvmrpRouter;
import org.openmgm.dvmrp.core.InterfaceConfig;

/**
 * Fuzzing the DVMRP parser with Jazzer. A normal build runs the seed corpus (every DVMRP message of the
 * mrouted captures, in src/test/resources/.../DvmrpFuzzTestInputs); {@link MutatedCapturesTest} adds a
 * quick mutation run. Fuzzing proper (docs/protocol-dvmrp-sample.md):
 * {@code JAZZER_FUZZ=1 mvn -f protocol-dvmrp-sample/pom.xml test -Dtest=DvmrpFuzzTest#parserNeverFailsAndReEncodesWhatItAccepts}.
 */
class DvmrpFuzzTest {
    private static final ManualScheduler CLOCK = new ManualScheduler();
    private static final DvmrpRouter ROUTER = new DvmrpRouter(
            DvmrpConfig.defaults(List.of(new InterfaceConfig("fuzz0", 1, Ipv4.parse("198.18.20.2"), 24, 1, 1, 1500))),
            CLOCK, (ifIndex, packet) -> { }, 1);

    static {
        ROUTER.start(new org.openmgm.dvmrp.core.NoopHandle(), null);
    }

    /**
     * Any bytes: the parser either accepts them or throws DvmrpParseException (nothing else); what it
     * accepts re-encodes to bytes that parse to the same message, and (outside route reports, whose
     * grouping may be normalised) to the same bytes.
     */
    @FuzzTest(maxDuration = "10s")
    void parserNeverFailsAndReEncodesWhatItAccepts(byte[] data) {
        // Jazzer 0.24 cannot instrument Java 25 classes (no coverage feedback), so give blind mutation a
        // chance past the checksum: inputs whose first byte is odd get a DVMRP type and a valid checksum.
        if (data.length >= 8 && (data[0] & 1) == 1) {
            data[0] = 0x13;
            DvmrpCodecTest.fixChecksum(data);
        }
        DvmrpMessage m;
        try {
            m = DvmrpCodec.parse(data, 0, data.length);
        } catch (DvmrpParseException e) {
            return;
        }
        byte[] again = DvmrpCodec.encode(m);
        try {
            assertEquals(m, DvmrpCodec.parse(again, 0, again.length));
        } catch (DvmrpParseException e) {
            throw new AssertionError("re-encoded " + m + " does not parse: " + e.getMessage(), e);
        }
        if (!(m instanceof DvmrpMessage.Report)) {
            // the checksum may be either one's-complement zero (0x0000 or 0xFFFF): compare the rest
            byte[] a = data.clone(), b = again.clone();
            a[2] = a[3] = b[2] = b[3] = 0;
            assertArrayEquals(a, b);
        }
    }

    /**
     * Any bytes after an IPv4 + Router Alert header, from a neighbour address, into a running router
     * (neighbours, routes, prunes and grafts get created from fuzzed input): it never throws.
     */
    @FuzzTest(maxDuration = "10s")
    void routerSurvivesAnyPacket(byte[] data) {
        if (data.length >= 8 && (data[0] & 1) == 1) {
            data[0] = 0x13;
            DvmrpCodecTest.fixChecksum(data);
        }
        byte[] ip = Ipv4Packets.build(Ipv4.parse("198.18.20.1"), DvmrpRouter.ALL_DVMRP_ROUTERS, 2, 1, 0xC0, true, data);
        ROUTER.receive(1, ip);
        ROUTER.receive(1, data);
        CLOCK.advanceSeconds(1); // timers (expiry, hold-down, retransmissions) run on fuzzed state too
    }
}
