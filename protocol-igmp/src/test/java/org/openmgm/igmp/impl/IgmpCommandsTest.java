package org.openmgm.igmp.impl;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.igmp.packet.GroupRecord;
import org.openmgm.igmp.packet.IgmpCodec;
import org.openmgm.igmp.packet.RecordType;

class IgmpCommandsTest {
    static final ObjectMapper M = new ObjectMapper();
    final ManualScheduler clock = new ManualScheduler();
    final MgmEngine mgm = new MgmEngine(MgmConfig.defaults(), clock);
    final FakePacketIo io = new FakePacketIo(3);
    IgmpProtocol igmp;
    IgmpCommands cmd;

    @BeforeEach
    void setUp() {
        mgm.setForwarder(new InMemoryForwarder());
        igmp = new IgmpProtocol(IgmpMgmIntegrationTest.settings(List.of("r-eth2", "r-eth3"), ""), clock, io);
        igmp.registered(mgm.register(MgmConstants.PROTO_IP_IGMP, 1, "igmp", igmp));
        cmd = new IgmpCommands(igmp);
        clock.advanceSeconds(30);
        igmp.received(io.packet(2, IgmpCodec.report(Ipv4.parse("198.18.2.2"), 2, Ipv4.parse("239.1.1.1"))));
        igmp.received(io.packet(2, IgmpCodec.v3Report(Ipv4.parse("198.18.2.3"),
                List.of(new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, Ipv4.parse("239.1.1.2"), List.of(Ipv4.parse("198.18.1.9")))))));
        byte[] bad = IgmpCodec.leave(Ipv4.parse("198.18.2.2"), Ipv4.parse("239.1.1.1"));
        bad[bad.length - 1] ^= 1;
        igmp.received(io.packet(2, bad));
        clock.advanceSeconds(10);
    }

    @AfterEach
    void tearDown() {
        igmp.close();
        mgm.close();
    }

    @Test
    void interfacesShowVersionQuerierAndTimersInJson() throws Exception {
        JsonNode a = M.readTree(cmd.interfaces(true));
        assertEquals(2, a.size());
        JsonNode i = a.get(0);
        assertEquals("r-eth2", i.get("interface").asText());
        assertEquals(2, i.get("ifIndex").asInt());
        assertEquals(3, i.get("version").asInt());
        assertTrue(i.get("querier").asBoolean());
        assertEquals(125, i.get("queryIntervalSeconds").asInt());
        assertEquals(260.0, i.get("groupMembershipIntervalSeconds").asDouble());
        assertTrue(cmd.interfaces(false).contains("r-eth2"));
    }

    @Test
    void groupsShowModeReporterUptimeAndExpiry() throws Exception {
        JsonNode a = M.readTree(cmd.groups(true));
        assertEquals(2, a.size());
        JsonNode g = a.get(0);
        assertEquals("239.1.1.1", g.get("group").asText());
        assertEquals("r-eth2", g.get("interface").asText());
        assertEquals("EXCLUDE", g.get("mode").asText());
        assertEquals(2, g.get("version").asInt());
        assertEquals("198.18.2.2", g.get("reporter").asText());
        assertEquals(10, g.get("uptimeSeconds").asLong());
        assertEquals(250, g.get("expiresSeconds").asLong());
        assertTrue(cmd.groups(false).contains("239.1.1.2"));
    }

    @Test
    void sourcesShowExcludedSources() throws Exception {
        JsonNode a = M.readTree(cmd.sources(true));
        assertEquals(1, a.size());
        assertEquals("198.18.1.9", a.get(0).get("source").asText());
        assertEquals("excluded", a.get(0).get("state").asText());
        assertTrue(a.get(0).get("expiresSeconds").isNull());
    }

    @Test
    void statsCountMessagesByTypeAndDropsByReason() throws Exception {
        JsonNode s = M.readTree(cmd.stats(true));
        assertEquals(1, s.get("total").get("in").get("v2Report").asLong());
        assertEquals(1, s.get("total").get("in").get("v3Report").asLong());
        assertEquals(1, s.get("total").get("drops").get("badChecksum").asLong());
        assertTrue(s.get("total").get("out").get("v3Query").asLong() >= 2);
        assertEquals(2, s.get("mgm").get("add").asLong());
        assertTrue(cmd.stats(false).contains("badChecksum=1"));
    }
}
