package org.openmgm.pim.internal;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.pim.engine.PimOutput;
import org.openmgm.pim.engine.PimRoute;
import org.openmgm.pim.engine.PimRouter;
import org.openmgm.pim.engine.PimSettings;
import org.openmgm.pim.packet.PimCodec;
import org.openmgm.pim.packet.PimMessage;

class PimOptionsAndTextTest {

    @Test
    void configurationFromFileInstallStringsAndFromArrays() {
        PimOptions o = PimOptions.fromMap(Map.of("interfaces", "[ \"r-eth1\", \"r-eth2\" ]", "rpAddress", "198.18.100.1",
                "ssmRange", "232.0.0.0/8", "sptPolicy", "never", "helloPeriod", "10", "drPriority", "5",
                "staticRoutes", new String[] {"198.18.5.0/24 via 198.18.1.2"}));
        assertEquals(List.of("r-eth1", "r-eth2"), o.interfaces());
        assertEquals(Ipv4.parse("198.18.100.1"), o.rpAddress());
        assertEquals(PimSettings.SptPolicy.NEVER, o.sptPolicy());
        assertEquals(10, o.helloPeriodSeconds());
        assertEquals(5, o.drPriority());
        assertEquals(List.of("198.18.5.0/24 via 198.18.1.2"), o.staticRoutes());
        assertTrue(o.rawSocket());
        PimOptions d = PimOptions.fromMap(Map.of());
        assertEquals(0, d.rpAddress());
        assertEquals(30, d.helloPeriodSeconds());
        assertThrows(IllegalArgumentException.class, () -> PimOptions.fromMap(Map.of("sptPolicy", "sometimes")));
        assertThrows(IllegalArgumentException.class, () -> PimOptions.fromMap(Map.of("rpAddress", "not-an-address")));
    }

    @Test
    void commandJsonUsesTheCommonFieldNames() throws Exception {
        ManualScheduler s = new ManualScheduler();
        PimOutput out = new PimOutput() {
            @Override public void multicast(int ifIndex, int source, byte[] pim) {}
            @Override public void unicast(int source, int destination, byte[] pim) {}
            @Override public void data(int ifIndex, byte[] ipPacket) {}
        };
        int me = Ipv4.parse("198.18.1.1");
        PimRouter r = new PimRouter(PimSettings.defaults(Ipv4.parse("198.18.100.1")), s, out,
                a -> Optional.of(new PimRoute(3, (a >>> 8) == (me >>> 8) ? 0 : Ipv4.parse("198.18.1.2"), 0, 0, 1, 1)), new Random(1));
        r.addInterface(new NetInterface("r-eth1", 3, new byte[6], List.of(new NetInterface.InterfaceAddress(me, 24)), 1500, true, 1));
        r.receive(3, Ipv4.parse("198.18.1.2"), 0xE000000D, PimCodec.encode(PimMessage.Hello.of(105, 1, 9)));
        r.localJoin(MembershipKey.anySource(Ipv4.parse("239.1.1.1")), InterfaceKey.of(3));
        PimText t = new PimText(r, false);
        ObjectMapper m = new ObjectMapper();
        JsonNode n = m.readTree(t.neighbors(true)).get(0);
        assertEquals("198.18.1.2", n.get("neighbor").asText());
        assertEquals("r-eth1", n.get("interface").asText());
        assertTrue(n.has("uptimeSeconds") && n.has("expiresSeconds") && n.has("ifIndex"));
        JsonNode j = m.readTree(t.joins(true)).get(0);
        assertEquals("239.1.1.1", j.get("group").asText());
        assertTrue(j.get("source").isNull());
        assertTrue(j.has("joinTimerSeconds"));
        JsonNode st = m.readTree(t.stats(true));
        assertEquals(1, st.get("received").get("hello").asInt());
        assertTrue(t.interfaces(false).contains("r-eth1"));
        assertTrue(t.rp(false).contains("198.18.100.1"));
    }
}
