package org.openmgm.dataplane.pcap.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.NetInterface;

class InterfaceViewTest {

    @Test
    void loopbackIsReadFromTheOsWithIndexMtuUpAndAddress() {
        Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(java.util.Map.of("interfaces", List.of(), "ttlThresholds", "lo=3")));
        NetInterface lo = dp.readInterface("lo").orElseThrow();
        assertEquals(1, lo.index());
        assertTrue(lo.up());
        assertTrue(lo.mtu() >= 1500);
        assertEquals(3, lo.ttlThreshold());
        assertTrue(lo.addresses().stream().anyMatch(a -> a.address() == Ipv4.parse("127.0.0.1") && a.prefixLength() == 8), lo.addresses().toString());
        assertTrue(dp.readInterface("no-such-if0").isEmpty());
    }

    @Test
    void aConfiguredInterfaceThatDoesNotExistYetIsServedAsDownInsteadOfFailingTheStart() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.openmgm.dataplane.pcap.ffm.Libpcap.available());
        try (Dataplane dp = new Dataplane(DataplaneSettings.fromProperties(java.util.Map.of("interfaces", "nope0")))) {
            dp.start();
            NetInterface ni = dp.interfaceByName("nope0").orElseThrow();
            assertFalse(ni.up());
            assertEquals(0, ni.index());
        }
    }

    @Test
    void settingsParseListsInAnyFormAndRejectBadThresholds() {
        DataplaneSettings a = DataplaneSettings.fromProperties(java.util.Map.of("interfaces", new String[] {"a", "b"}, "staticRoutes", List.of("198.18.5.0/24 dev a")));
        DataplaneSettings b = DataplaneSettings.fromProperties(java.util.Map.of("interfaces", "a, b"));
        assertEquals(List.of("a", "b"), a.interfaces());
        assertEquals(a.interfaces(), b.interfaces());
        assertEquals(List.of("198.18.5.0/24 dev a"), a.staticRoutes());
        assertThrows(IllegalArgumentException.class, () -> DataplaneSettings.fromProperties(java.util.Map.of("ttlThresholds", "a:3")));
    }
}
