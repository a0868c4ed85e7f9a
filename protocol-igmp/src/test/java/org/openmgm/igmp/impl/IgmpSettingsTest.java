package org.openmgm.igmp.impl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IgmpSettingsTest {
    @Test
    void listsArriveAsArraysCollectionsOrOneBracketedString() {
        assertEquals(List.of("r-eth1", "r-eth2"), IgmpSettings.fromProperties(Map.of("interfaces", "[ \"r-eth1\", \"r-eth2\" ]")).interfaces());
        assertEquals(List.of("r-eth1", "r-eth2"), IgmpSettings.fromProperties(Map.of("interfaces", new String[] {"r-eth1", "r-eth2"})).interfaces());
        assertEquals(List.of("a", "b"), IgmpSettings.fromProperties(Map.of("interfaces", List.of("a", "b"))).interfaces());
        assertEquals(List.of("a", "b"), IgmpSettings.fromProperties(Map.of("interfaces", "a, b")).interfaces());
    }

    @Test
    void defaultsAreTheRfcValues() {
        IgmpSettings s = IgmpSettings.fromProperties(Map.of());
        assertEquals(List.of(), s.interfaces());
        assertEquals(3, s.defaults().version());
        assertEquals(125, s.defaults().queryIntervalSeconds());
        assertEquals(100, s.defaults().queryResponseIntervalDeciseconds());
        assertFalse(s.proxy());
        assertTrue(s.defaults().isSsm(org.openmgm.api.Ipv4.parse("232.1.1.1")));
    }

    @Test
    void perInterfaceVersionsAndProxyUpstream() {
        IgmpSettings s = IgmpSettings.fromProperties(Map.of("interfaces", "lan1,lan2", "interfaceVersions", "[ \"lan2=2\" ]",
                "proxyUpstream", "\"wan0\"", "queryInterval", "60"));
        assertEquals(2, s.parametersFor("lan2").version());
        assertEquals(3, s.parametersFor("lan1").version());
        assertEquals(60, s.parametersFor("lan2").queryIntervalSeconds());
        assertTrue(s.proxy());
        assertEquals("wan0", s.proxyUpstream());
    }

    @Test
    void badValuesGiveOneLineMessages() {
        var e = assertThrows(IllegalArgumentException.class, () -> IgmpSettings.fromProperties(Map.of("version", "4")));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IgmpSettings.fromProperties(Map.of("queryInterval", "ten")));
        assertThrows(IllegalArgumentException.class, () -> IgmpSettings.fromProperties(Map.of("interfaces", "a", "proxyUpstream", "a")));
        assertThrows(IllegalArgumentException.class, () -> IgmpSettings.fromProperties(Map.of("queryResponseInterval", "2000")));
    }
}
