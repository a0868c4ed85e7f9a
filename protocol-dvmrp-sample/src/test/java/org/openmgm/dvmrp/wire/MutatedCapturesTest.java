package org.openmgm.dvmrp.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A quick, deterministic mutation run over the captured messages (flip, truncate, extend, splice),
 * with the checksum repaired half the time so that mutations reach the body parsers: the parser only
 * ever answers with a message or a DvmrpParseException, and what it accepts round-trips.
 */
class MutatedCapturesTest {
    @Test
    void mutatedCapturesNeverBreakTheParser() throws Exception {
        List<byte[]> seeds = DvmrpCodecFixtureTest.captured().map(DvmrpCodecFixtureTest.Captured::dvmrp).toList();
        assertFalse(seeds.isEmpty());
        Random rnd = new Random(0xD5E);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] d = seeds.get(rnd.nextInt(seeds.size()));
            d = switch (rnd.nextInt(4)) {
                case 0 -> Arrays.copyOf(d, rnd.nextInt(d.length + 1));
                case 1 -> Arrays.copyOf(d, d.length + 1 + rnd.nextInt(12));
                case 2 -> {
                    byte[] o = seeds.get(rnd.nextInt(seeds.size()));
                    byte[] x = Arrays.copyOf(d, d.length + o.length - 8);
                    System.arraycopy(o, 8, x, d.length, o.length - 8);
                    yield x;
                }
                default -> d.clone();
            };
            for (int k = rnd.nextInt(4); k > 0 && d.length > 0; k--) d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
            if (rnd.nextBoolean() && d.length >= 4) DvmrpCodecTest.fixChecksum(d);
            DvmrpMessage m;
            try {
                m = DvmrpCodec.parse(d, 0, d.length);
            } catch (DvmrpParseException e) {
                rejected++;
                continue;
            }
            accepted++;
            byte[] again = DvmrpCodec.encode(m);
            assertEquals(m, DvmrpCodec.parse(again, 0, again.length));
        }
        assertTrue(accepted > 1000 && rejected > 1000, accepted + " accepted, " + rejected + " rejected");
    }
}
