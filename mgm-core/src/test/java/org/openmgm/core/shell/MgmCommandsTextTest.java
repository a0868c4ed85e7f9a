package org.openmgm.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Text output for people, and one-line errors for bad arguments. */
class MgmCommandsTextTest extends ShellFixture {

    @Test
    void mfesReadLikeShowIpMroute() {
        String text = commands.mfes(false);
        assertTrue(text.contains("(198.18.0.1, 239.1.1.1), uptime 00:00:00, expires 00:15:00, flags: F"), text);
        assertTrue(text.contains("Incoming interface: eth3 (owner pim 103/0), RPF nbr 198.18.3.3"), text);
        assertTrue(text.contains("    eth1 (owner igmp 10/0), 2 packets"), text);
        assertTrue(text.contains("1 MFE(s)"), text);
    }

    @Test
    void interfacesWithoutADataPlaneNameAreShownAsIfIndex() {
        commands.unbindPacketIo(null);
        commands.bindPacketIo(null);
        String text = commands.interfaces(false);
        assertTrue(text.contains("if1"), text);
        assertTrue(text.contains("if3"), text);
        assertFalse(text.contains("eth1"), text);
    }

    @Test
    void protocolsTableHasOneRowPerProtocol() {
        String text = commands.protocols(false);
        assertEquals(5, text.lines().count(), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("pim") && l.contains("eth3")), text);
    }

    @Test
    void componentNamesAreShortenedForOperators() {
        org.openmgm.api.ProtocolId id = new org.openmgm.api.ProtocolId(103, 1);
        assertEquals("pim", MgmCommands.nameOf(new org.openmgm.api.ProtocolView(id, "org.openmgm.pim.internal.PimComponent", false, java.util.List.of(), 0)));
        assertEquals("dvmrp", MgmCommands.nameOf(new org.openmgm.api.ProtocolView(id, "org.openmgm.dvmrp.osgi.Dvmrp", false, java.util.List.of(), 0)));
        assertEquals("static", MgmCommands.nameOf(new org.openmgm.api.ProtocolView(id, "static", false, java.util.List.of(), 0)));
        assertEquals("protocol-103", MgmCommands.nameOf(new org.openmgm.api.ProtocolView(id, null, false, java.util.List.of(), 0)));
    }

    @Test
    void badArgumentsFailWithOneLineMessages() {
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> commands.mfe(false, "198.18.0.1", "10.1.1.1")), "not a multicast");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> commands.mfe(false, "198.18.0.300", "239.1.1.1")), "not an IPv4 address");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> commands.mfe(false, "198.18.0.7", "239.1.1.1")), "no MFE for");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> commands.mfe(false, "198.18.0.7")), "usage: mgm:mfe");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> commands.join(false, "224.0.0.5", "eth1")), "link-local");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> commands.join(false, "239.1.1.1", "eth1", "239.9.9.9")), "not a unicast");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> commands.leave(false, "239.1.1.1", "if9")), "no static membership");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> commands.join(false)), "usage: mgm:join");
    }

    private static void assertOneLine(IllegalArgumentException e, String expected) {
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
