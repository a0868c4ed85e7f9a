package org.openmgm.pim.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.pim.engine.PimRoute;

class KernelRoutesTest {
    // ip route: default via 198.18.1.2 dev r-eth1; 198.18.1.0/24 dev r-eth1; 198.18.5.0/24 via 198.18.2.9 dev r-eth2 metric 20
    static final String PROC = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            r-eth1\t00000000\t020112C6\t0003\t0\t0\t0\t00000000\t0\t0\t0
            r-eth1\t000112C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            r-eth2\t000512C6\t090212C6\t0003\t0\t0\t20\t00FFFFFF\t0\t0\t0
            r-eth2\t000612C6\t090212C6\t0002\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;
    static final Map<String, Integer> IFS = Map.of("r-eth1", 11, "r-eth2", 12);

    @Test
    void procNetRouteIsParsedWithConnectedAndGatewayRoutesAndDownRoutesSkipped() {
        List<PimRoute> l = KernelRoutes.parse(PROC, n -> IFS.getOrDefault(n, -1), 7);
        assertEquals(3, l.size());
        assertEquals(new PimRoute(11, Ipv4.parse("198.18.1.2"), 0, 0, 7, 0), l.get(0));
        assertEquals(new PimRoute(11, 0, Ipv4.parse("198.18.1.0"), 24, 0, 0), l.get(1));
        assertEquals(new PimRoute(12, Ipv4.parse("198.18.2.9"), Ipv4.parse("198.18.5.0"), 24, 7, 20), l.get(2));
    }

    @Test
    void longestPrefixWinsAndAStaticRouteBeatsTheKernelOnEqualPrefixes() throws Exception {
        Path f = Files.createTempFile("route", ".txt");
        try {
            Files.writeString(f, PROC);
            PimRoute st = KernelRoutes.parseStatic("198.18.5.0/24 via 198.18.1.7", n -> IFS.getOrDefault(n, -1), gw -> 11);
            KernelRoutes rib = new KernelRoutes(f, n -> IFS.getOrDefault(n, -1), System::nanoTime, List.of(st), 1);
            assertEquals(Ipv4.parse("198.18.1.7"), rib.lookup(Ipv4.parse("198.18.5.3")).orElseThrow().gateway());
            assertEquals(0, rib.lookup(Ipv4.parse("198.18.1.9")).orElseThrow().gateway());
            assertEquals(Ipv4.parse("198.18.1.2"), rib.lookup(Ipv4.parse("198.18.77.1")).orElseThrow().gateway());
            assertTrue(rib.lookup(Ipv4.parse("198.18.6.1")).orElseThrow().prefixLength() == 0, "the down route is not used");
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void staticRouteWithDevAndBadStaticRoutesAreReported() {
        PimRoute r = KernelRoutes.parseStatic("198.18.9.0/24 dev r-eth2", n -> IFS.getOrDefault(n, -1), gw -> -1);
        assertEquals(12, r.ifIndex());
        assertEquals(0, r.gateway());
        assertThrows(IllegalArgumentException.class, () -> KernelRoutes.parseStatic("198.18.9.0/24", n -> 1, gw -> 1));
        assertThrows(IllegalArgumentException.class, () -> KernelRoutes.parseStatic("198.18.9.0/24 via 198.18.99.1", n -> 1, gw -> -1));
    }
}
