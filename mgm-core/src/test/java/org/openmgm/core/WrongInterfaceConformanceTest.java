package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openmgm.core.RecordingProtocol.WrongIf;

/** MGM-SPEC §8 behaviours 102–103: packets on the wrong interface (§5.5, §6.10). */
class WrongInterfaceConformanceTest {

    @Nested
    class WindowsMode extends MgmFixture {
        @Test
        void b102_windowsModeNeverCallsTheWrongInterfaceCallback() {
            own(hC, IF3);
            own(hA, IF1);
            data(S, G, IF3);
            for (int i = 0; i < 10; i++) data(S, G, IF1);
            assertTrue(a.calls(WrongIf.class).isEmpty());
            assertEquals(10, engine.mfeStats(SG).packetsDifferentIf());
        }
    }

    @Nested
    class RfcMode extends MgmFixture {
        @Override
        MgmConfig config() {
            return MgmConfig.defaults().withWrongInterfaceMode(MgmConfig.WrongInterfaceMode.RFC);
        }

        @Test
        void b103_rfcModeCallsTheArrivalOwnerRateLimited() {
            own(hC, IF3);
            own(hA, IF1);
            data(S, G, IF3);
            for (int i = 0; i < 100; i++) {
                data(S, G, IF1);
                scheduler.advance(java.time.Duration.ofMillis(9)); // 100 packets within 0.9 s
            }
            List<WrongIf> calls = a.calls(WrongIf.class);
            long limit = Math.max(1, 1000 / engine.config().wrongInterfaceIntervalMillis());
            assertTrue(calls.size() >= 1, "at least one wrong-interface callback");
            assertTrue(calls.size() <= limit, "at most " + limit + " per second, got " + calls.size());
            assertEquals(new WrongIf(S, G, IF1), calls.get(0));
            assertTrue(c.calls(WrongIf.class).isEmpty(), "only the owner of the arrival interface");
        }
    }
}
