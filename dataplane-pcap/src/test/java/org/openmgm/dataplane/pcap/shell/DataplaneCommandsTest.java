package org.openmgm.dataplane.pcap.shell;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.dataplane.pcap.PcapDataplaneComponent;
import org.openmgm.dataplane.pcap.ffm.Libpcap;

class DataplaneCommandsTest {

    @Test
    void commandsPrintInterfacesEntriesAndCountersAsCamelCaseJson() throws Exception {
        assumeTrue(Libpcap.available());
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("interfaces", new String[] {"x-eth1", "x-eth2"});
        cfg.put("offline.x-eth1.write", "-");
        cfg.put("offline.x-eth1.index", "31");
        cfg.put("offline.x-eth1.address", "198.18.31.1/24");
        cfg.put("offline.x-eth2.write", "-");
        cfg.put("offline.x-eth2.index", "32");
        PcapDataplaneComponent c = new PcapDataplaneComponent(cfg);
        try {
            DataplaneCommands cmd = new DataplaneCommands(c);
            c.install(new ForwardingEntry(SourceGroup.parse("198.18.31.9", "239.3.3.3"), InterfaceKey.of(31), List.of(InterfaceKey.of(32))));
            ObjectMapper m = new ObjectMapper();
            JsonNode ifs = m.readTree(cmd.interfaces(true));
            assertEquals("x-eth1", ifs.get(0).get("interface").asText());
            assertEquals(31, ifs.get(0).get("ifIndex").asInt());
            assertEquals("198.18.31.1/24", ifs.get(0).get("addresses").get(0).asText());
            assertEquals("up", ifs.get(0).get("state").asText());
            JsonNode entries = m.readTree(cmd.entries(true));
            assertEquals("198.18.31.9", entries.get(0).get("source").asText());
            assertEquals("239.3.3.3", entries.get(0).get("group").asText());
            assertEquals("x-eth1", entries.get(0).get("interface").asText());
            assertEquals("x-eth2", entries.get(0).get("outgoing").get(0).get("interface").asText());
            assertEquals(0, entries.get(0).get("packets").asLong());
            assertTrue(m.readTree(cmd.stats(true)).has("noCacheUpcalls"));
            assertTrue(cmd.interfaces(false).contains("x-eth2"));
        } finally {
            c.deactivate();
        }
    }
}
