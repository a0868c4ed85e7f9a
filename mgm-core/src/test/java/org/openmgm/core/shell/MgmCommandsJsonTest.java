package org.openmgm.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The JSON shapes of every mgm:* command: field names are an operator interface and must not drift. */
class MgmCommandsJsonTest extends ShellFixture {

    private static final java.util.Set<String> OWNER = set("protocol", "protocolId", "componentId");

    @Test
    void protocolsListsEveryProtocolWithIdsAndInterfacesByName() throws Exception {
        JsonNode root = parse(commands.protocols(true));
        assertEquals(set("protocols"), fields(root));
        JsonNode list = root.get("protocols");
        assertEquals(3, list.size(), "pim, igmp, static");
        JsonNode pimNode = list.get(0);
        assertEquals(set("protocol", "name", "protocolId", "componentId", "igmp", "interfaces", "callbackFaults"), fields(pimNode));
        assertEquals("pim", pimNode.get("protocol").asText());
        assertEquals(103, pimNode.get("protocolId").asInt());
        assertEquals(set("interface", "ifIndex", "nextHop"), fields(pimNode.get("interfaces").get(0)));
        assertEquals("eth3", pimNode.get("interfaces").get(0).get("interface").asText());
        assertTrue(pimNode.get("interfaces").get(0).get("nextHop").isNull());
        assertTrue(list.get(1).get("igmp").asBoolean());
        assertEquals("static", list.get(2).get("protocol").asText());
        assertEquals(StaticMemberships.PROTOCOL_ID, list.get(2).get("protocolId").asInt());
    }

    @Test
    void interfacesShowOwnerAndIgmpSeparately() throws Exception {
        JsonNode list = parse(commands.interfaces(true)).get("interfaces");
        assertEquals(2, list.size());
        JsonNode eth1 = list.get(0);
        assertEquals(set("interface", "ifIndex", "nextHop", "owner", "igmp", "igmpEnabled", "memberships"), fields(eth1));
        assertEquals("eth1", eth1.get("interface").asText());
        assertEquals(1, eth1.get("ifIndex").asInt());
        assertEquals(OWNER, fields(eth1.get("igmp")));
        assertEquals("igmp", eth1.get("igmp").get("protocol").asText());
        assertEquals(1, eth1.get("memberships").asInt());
        JsonNode eth3 = list.get(1);
        assertEquals("pim", eth3.get("owner").get("protocol").asText());
        assertTrue(eth3.get("igmp").isNull());
    }

    @Test
    void groupsUseNullForTheWildcardSource() throws Exception {
        JsonNode list = parse(commands.groups(true)).get("groups");
        assertEquals(1, list.size());
        JsonNode g = list.get(0);
        assertEquals(set("group", "source", "interface", "ifIndex", "nextHop", "protocol", "holder", "attributedTo"), fields(g));
        assertEquals("239.1.1.1", g.get("group").asText());
        assertTrue(g.get("source").isNull());
        assertEquals("eth1", g.get("interface").asText());
        assertEquals("igmp", g.get("protocol").asText());
        assertEquals(OWNER, fields(g.get("attributedTo")));
    }

    @Test
    void mfesCarryTheFieldsOfShowIpMroute() throws Exception {
        JsonNode root = parse(commands.mfes(true));
        assertEquals(set("mfes"), fields(root));
        JsonNode m = root.get("mfes").get(0);
        assertEquals(set("source", "group", "incoming", "neighbor", "route", "outgoing", "flags", "state", "uptimeSeconds",
                "expiresSeconds", "timeoutSeconds", "packets", "bytes"), fields(m));
        assertEquals("198.18.0.1", m.get("source").asText());
        assertEquals("239.1.1.1", m.get("group").asText());
        assertEquals(set("interface", "ifIndex", "nextHop", "owner"), fields(m.get("incoming")));
        assertEquals("eth3", m.get("incoming").get("interface").asText());
        assertEquals("pim", m.get("incoming").get("owner").get("protocol").asText());
        assertEquals("198.18.3.3", m.get("neighbor").asText());
        assertEquals(set("network", "prefixLength", "protocol"), fields(m.get("route")));
        assertEquals(24, m.get("route").get("prefixLength").asInt());
        JsonNode oif = m.get("outgoing").get(0);
        assertEquals(set("interface", "ifIndex", "nextHop", "owner", "packets"), fields(oif));
        assertEquals("eth1", oif.get("interface").asText());
        assertEquals("igmp", oif.get("owner").get("protocol").asText());
        assertEquals("forwarding", m.get("state").asText());
        assertEquals("F", m.get("flags").get(0).asText());
        assertEquals(2, m.get("packets").asLong());
        assertEquals(200, m.get("bytes").asLong());
        assertTrue(m.get("expiresSeconds").isNumber());
    }

    @Test
    void mfeShowsOneEntryWithTheSameShapeAsMfes() throws Exception {
        JsonNode one = parse(commands.mfe(true, "198.18.0.1", "239.1.1.1"));
        JsonNode fromList = parse(commands.mfes(true)).get("mfes").get(0);
        assertEquals(fields(fromList), fields(one));
        assertEquals(fromList.get("outgoing"), one.get("outgoing"));
    }

    @Test
    void mfestatsCountPacketsPerEntryAndPerOutgoingInterface() throws Exception {
        JsonNode root = parse(commands.mfestats(true));
        assertEquals(set("mfeStats"), fields(root));
        JsonNode s = root.get("mfeStats").get(0);
        assertEquals(set("source", "group", "interface", "ifIndex", "packets", "bytes", "packetsDifferentIf", "queueOverflow",
                "uninitializedMfe", "negativeMfe", "inDiscards", "inHeaderErrors", "outPackets", "outgoing"), fields(s));
        assertEquals(2, s.get("packets").asLong());
        assertEquals(2, s.get("outPackets").asLong());
        JsonNode o = s.get("outgoing").get(0);
        assertEquals(set("interface", "ifIndex", "nextHop", "packets", "discards", "ttlTooLow", "fragNeeded"), fields(o));
        assertEquals(2, o.get("packets").asLong());
        assertEquals(s, parse(commands.mfestats(true, "198.18.0.1", "239.1.1.1")).get("mfeStats").get(0));
    }

    @Test
    void joinLeaveAndStaticsReportTheStateOfEachStaticMembership() throws Exception {
        JsonNode joined = parse(commands.join(true, "239.2.2.2", "if7", "198.18.0.9"));
        assertEquals(set("group", "source", "interface", "ifIndex", "state", "reason"), fields(joined));
        assertEquals("active", joined.get("state").asText());
        assertEquals(7, joined.get("ifIndex").asInt());
        assertEquals("198.18.0.9", joined.get("source").asText());
        JsonNode list = parse(commands.statics(true));
        assertEquals(set("statics"), fields(list));
        assertEquals(1, list.get("statics").size());
        JsonNode left = parse(commands.leave(true, "239.2.2.2", "if7", "198.18.0.9"));
        assertEquals("removed", left.get("state").asText());
        assertEquals(0, parse(commands.statics(true)).get("statics").size());
    }

    @Test
    void configShowsEverySettingInForce() throws Exception {
        JsonNode c = parse(commands.config(true));
        assertEquals(set("wrongInterfaceMode", "wrongInterfaceIntervalMillis", "defaultMfeTimeoutSeconds", "igmpProtocolId",
                "attributeToOwner", "strictForwardState", "strictSetMfe", "refreshOnTraffic", "maxMfes", "maxGroupsPerInterface",
                "sweepIntervalMillis", "creationAlerts"), fields(c));
        assertEquals("WINDOWS", c.get("wrongInterfaceMode").asText());
        assertEquals("OWNERS", c.get("creationAlerts").asText());
        assertEquals(900, c.get("defaultMfeTimeoutSeconds").asInt());
    }

    @Test
    void emptyTablesAreEmptyArraysNotMissingFields() throws Exception {
        igmp.close();
        pim.close();
        assertEquals(0, parse(commands.mfes(true)).get("mfes").size());
        assertEquals(0, parse(commands.groups(true)).get("groups").size());
        assertEquals(0, parse(commands.interfaces(true)).get("interfaces").size());
    }
}
