package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.MfeStatus;
import org.openmgm.api.MgmConstants;

/** MGM-SPEC §8 behaviours 104–106: header constants (§2.1, §2.4). */
class ConstantsConformanceTest {

    @Test
    void b104_mfeStatusCodesHaveTheirHeaderValues() {
        MfeStatus[] expected = {MfeStatus.NO_ERROR, MfeStatus.REACHED_CORE, MfeStatus.NOT_FORWARDING, MfeStatus.WRONG_IF,
                MfeStatus.PRUNED_UPSTREAM, MfeStatus.OIF_PRUNED, MfeStatus.BOUNDARY_REACHED, MfeStatus.NO_MULTICAST, MfeStatus.IIF,
                MfeStatus.NO_ROUTE, MfeStatus.NOT_LAST_HOP, MfeStatus.OLD_ROUTER, MfeStatus.PROHIBITED, MfeStatus.NO_SPACE};
        for (int code = 0; code < expected.length; code++) assertEquals(code, expected[code].code(), expected[code].name());
        assertEquals(14, MfeStatus.values().length);
    }

    @Test
    void b105_theHighestApplicableStatusWins() {
        assertEquals(MfeStatus.PRUNED_UPSTREAM, MfeStatus.highest(MfeStatus.REACHED_CORE, MfeStatus.PRUNED_UPSTREAM));
        assertEquals(4, MfeStatus.highest(MfeStatus.PRUNED_UPSTREAM, MfeStatus.REACHED_CORE).code());
        assertEquals(MfeStatus.NO_ERROR, MfeStatus.highest());
    }

    @Test
    void b106_flagAndEnumerationConstantsHaveTheirHeaderValues() {
        assertEquals(1, MgmConstants.MGM_JOIN_STATE_FLAG);
        assertEquals(2, MgmConstants.MGM_FORWARD_STATE_FLAG);
        assertEquals(1, MgmConstants.MGM_MFE_STATS_0);
        assertEquals(2, MgmConstants.MGM_MFE_STATS_1);
        assertEquals(0, MgmConstants.ANY_SOURCE);
        assertEquals(1, MgmConstants.ALL_SOURCES);
        assertEquals(0, EnumerationType.ANY_SOURCE.value());
        assertEquals(1, EnumerationType.ALL_SOURCES.value());
        assertEquals(10, MgmConstants.PROTO_IP_IGMP);
        assertEquals(900, MgmConstants.DEFAULT_MFE_TIMEOUT_SECONDS);
    }
}
