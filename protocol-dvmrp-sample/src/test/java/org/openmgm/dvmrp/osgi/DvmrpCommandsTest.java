package org.openmgm.dvmrp.osgi;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.dvmrp.core.DvmrpConfig;
import org.openmgm.dvmrp.core.DvmrpRouter;
import org.openmgm.dvmrp.core.InjectedRoute;
import org.openmgm.dvmrp.core.InterfaceConfig;
import org.openmgm.dvmrp.wire.DvmrpCodec;
import org.openmgm.dvmrp.wire.DvmrpMessage.Probe;
import org.openmgm.dvmrp.wire.DvmrpMessage.Report;
import org.openmgm.dvmrp.wire.Header;
import org.openmgm.dvmrp.wire.RouteEntry;

class DvmrpCommandsTest {
    final ObjectMapper json = new ObjectMapper();

    DvmrpRouter router() {
        DvmrpRouter r = new DvmrpRouter(DvmrpConfig.defaults(List.of(new InterfaceConfig("r-eth1", 4, Ipv4.parse("198.18.20.2"), 24, 1, 1, 1500))),
                new ManualScheduler(), (i, p) -> { }, 42);
        r.start(new org.openmgm.dvmrp.core.NoopHandle(), null);
        int n = Ipv4.parse("198.18.20.1");
        r.receive(4, DvmrpCodec.encodeIp(n, DvmrpRouter.ALL_DVMRP_ROUTERS, new Probe(Header.OPENMGM, 7, List.of(Ipv4.parse("198.18.20.2")))));
        r.receive(4, DvmrpCodec.encodeIp(n, DvmrpRouter.ALL_DVMRP_ROUTERS,
                new Report(Header.OPENMGM, List.of(new RouteEntry(Ipv4.parse("198.18.1.0"), Ipv4.maskOf(24), 1)))));
        return r;
    }

    @Test
    void neighborsAndRoutesPrintJsonWithTheCommonFieldNames() throws Exception {
        DvmrpRouter r = router();
        JsonNode n = json.readTree(DvmrpCommands.neighbors(r, true));
        assertEquals("r-eth1", n.get(0).get("interface").asText());
        assertEquals("198.18.20.1", n.get(0).get("neighbor").asText());
        assertEquals("two-way", n.get(0).get("state").asText());
        assertTrue(n.get(0).has("uptimeSeconds") && n.get(0).has("expiresSeconds") && n.get(0).has("ifIndex"));
        JsonNode routes = json.readTree(DvmrpCommands.routes(r, true));
        JsonNode learned = null;
        for (JsonNode x : routes) if (x.get("network").asText().equals("198.18.1.0/24")) learned = x;
        assertNotNull(learned, routes.toString());
        assertEquals(2, learned.get("metric").asInt());
        assertEquals("198.18.20.1", learned.get("neighbor").asText());
        assertEquals("dvmrp", learned.get("protocol").asText());
        JsonNode local = routes.get(0).get("network").asText().equals("198.18.20.0/24") ? routes.get(0) : routes.get(1);
        assertTrue(local.get("expiresSeconds").isNull(), "a local route never expires: null, not 0");
        assertTrue(json.readTree(DvmrpCommands.prunes(r, true)).isArray());
        JsonNode stats = json.readTree(DvmrpCommands.stats(r, true));
        assertEquals(1, stats.get("received").get("report").asLong());
        assertEquals(0, stats.get("dropped").get("BAD_CHECKSUM").asLong());
    }

    @Test
    void textOutputHasAHeaderAndOneLinePerRow() {
        DvmrpRouter r = router();
        List<String> lines = DvmrpCommands.routes(r, false).lines().toList();
        assertTrue(lines.getFirst().startsWith("NETWORK"));
        assertEquals(3, lines.size());
        assertTrue(DvmrpCommands.neighbors(r, false).contains("198.18.20.1"));
        assertTrue(DvmrpCommands.stats(r, false).contains("received:"));
    }

    @Test
    void commandsWithoutDvmrpRunningSayHowToStartIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DvmrpCommands().routes(false));
        assertTrue(e.getMessage().contains("org.openmgm.dvmrp"));
    }

    @Test
    void injectedRouteIsShownAsInjectedWithoutInterfaceNeighbourOrExpiry() throws Exception {
        DvmrpConfig cfg = DvmrpConfig.defaults(List.of(new InterfaceConfig("r-eth1", 4, Ipv4.parse("198.18.20.2"), 24, 1, 1, 1500)))
                .withInjectedRoutes(List.of(InjectedRoute.parse("198.18.0.0/15")), 3);
        DvmrpRouter r = new DvmrpRouter(cfg, new ManualScheduler(), (i, p) -> { }, 42);
        r.start(new org.openmgm.dvmrp.core.NoopHandle(), null);
        JsonNode injected = null;
        for (JsonNode x : json.readTree(DvmrpCommands.routes(r, true))) if (x.get("network").asText().equals("198.18.0.0/15")) injected = x;
        assertNotNull(injected);
        assertEquals("injected", injected.get("state").asText());
        assertEquals(3, injected.get("metric").asInt());
        assertEquals(-1, injected.get("ifIndex").asInt());
        assertTrue(injected.get("interface").isNull() && injected.get("neighbor").isNull() && injected.get("expiresSeconds").isNull(), injected.toString());
        assertEquals("dvmrp", injected.get("protocol").asText());
        String line = DvmrpCommands.routes(r, false).lines().filter(l -> l.startsWith("198.18.0.0/15")).findFirst().orElseThrow();
        assertTrue(line.contains("injected") && !line.contains("null"), line);
        assertEquals(List.of("198.18.0.0/15", "3", "injected", "-", "-", "-", "r-eth1", "-"), List.of(line.trim().split("\\s+")));
    }
}
