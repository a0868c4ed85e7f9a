package org.openmgm.core.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolId;

/** The static client: ownership rules, JOIN_STATE effects, pending memberships, persistence, configuration. */
class StaticMembershipsTest extends ShellFixture {
    private static final ProtocolId STATIC = new ProtocolId(StaticMemberships.PROTOCOL_ID, StaticMemberships.COMPONENT_ID);
    private static final InterfaceKey IF7 = InterfaceKey.of(7);

    @Test
    void joinOnAFreeInterfaceTakesItAndAddsItToCoveredMfes() {
        Views.Static s = statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        assertEquals("active", s.state());
        assertEquals(STATIC, mgm.protocolOnInterface(IF7));
        List<OifView> oifs = mgm.mfe(SG).outgoing();
        assertTrue(oifs.contains(new OifView(IF7, STATIC)), oifs.toString());
    }

    @Test
    void leavingTheLastMembershipReleasesTheInterface() {
        statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        statics.join(StaticEntry.of("239.3.3.3", "if7", null));
        statics.leave(StaticEntry.of("239.1.1.1", "if7", null));
        assertEquals(STATIC, mgm.protocolOnInterface(IF7));
        statics.leave(StaticEntry.of("239.3.3.3", "if7", null));
        MgmException e = assertThrows(MgmException.class, () -> mgm.protocolOnInterface(IF7));
        assertEquals(MgmError.NOT_FOUND, e.error());
        assertTrue(mgm.mfe(SG).outgoing().stream().noneMatch(o -> o.iface().equals(IF7)));
    }

    @Test
    void joinOnAnInterfaceOwnedByAnotherProtocolStaysPendingUntilItIsReleased() {
        Views.Static s = statics.join(StaticEntry.of("239.1.1.1", "eth3", null));
        assertEquals("pending", s.state());
        assertTrue(s.reason().contains("owned by pim (103/0)"), s.reason());
        assertTrue(mgm.memberships().stream().noneMatch(m -> m.holder().equals(STATIC)));
        pim.releaseInterface(ETH3);
        scheduler.advanceSeconds(StaticMemberships.RETRY_SECONDS);
        assertEquals("active", statics.list().get(0).state());
        assertEquals(STATIC, mgm.protocolOnInterface(ETH3));
    }

    @Test
    void joinOnAnIgmpInterfaceStaysPendingToo() {
        assertEquals("pending", statics.join(StaticEntry.of("239.4.4.4", "eth1", null)).state());
    }

    @Test
    void sourceSpecificJoinUsesAnSgMembership() {
        statics.join(StaticEntry.of("232.1.1.1", "if7", "198.18.0.1"));
        MembershipView m = mgm.memberships().stream().filter(v -> v.holder().equals(STATIC)).findFirst().orElseThrow();
        assertEquals(org.openmgm.api.MembershipKey.sourceGroup(S, org.openmgm.api.Ipv4.parse("232.1.1.1")), m.key());
    }

    @Test
    void joinAndLeaveAreSavedInTheStaticPid() {
        statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        statics.join(StaticEntry.of("232.1.1.1", "if8", "198.18.0.1"));
        assertArrayEquals(new String[] {"239.1.1.1 if7", "232.1.1.1 if8 198.18.0.1"}, (String[]) saved.get("org.openmgm.static/memberships"));
        statics.leave(StaticEntry.of("239.1.1.1", "if7", null));
        assertArrayEquals(new String[] {"232.1.1.1 if8 198.18.0.1"}, (String[]) saved.get("org.openmgm.static/memberships"));
    }

    @Test
    void joiningTwiceChangesNothing() {
        statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        saved.clear();
        statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        assertNull(saved.get("org.openmgm.static/memberships"));
        assertEquals(1, statics.list().size());
    }

    @Test
    void configuredMembershipsAreAppliedAtStart() {
        StaticMemberships restarted = new StaticMemberships(mgmWithoutStatic(), scheduler, (p, k, v) -> {},
                Map.of("memberships", new String[] {"239.1.1.1 if9"}));
        assertEquals("active", restarted.list().get(0).state());
    }

    @Test
    void anEditedConfigurationAddsAndRemovesMemberships() {
        statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        statics.modified(Map.of("memberships", new String[] {"239.5.5.5 if8"}));
        List<Views.Static> now = statics.list();
        assertEquals(1, now.size());
        assertEquals("239.5.5.5", now.get(0).group());
        assertEquals("active", now.get(0).state());
        assertThrows(MgmException.class, () -> mgm.protocolOnInterface(IF7));
    }

    @Test
    void anInvalidConfigurationIsRejectedAndThePreviousStaysInForce() {
        statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        statics.modified(Map.of("memberships", new String[] {"239.1.1.1 if7", "10.0.0.1 if8"}, "felix.fileinstall.filename", "file:/x/org.openmgm.static.cfg"));
        assertEquals(1, statics.list().size());
        assertEquals("active", statics.list().get(0).state());
    }

    @Test
    void ownWritesComingBackDoNotUndoNewerJoins() {
        statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        String[] first = (String[]) saved.get("org.openmgm.static/memberships");
        statics.join(StaticEntry.of("239.2.2.2", "if7", null));
        String[] second = (String[]) saved.get("org.openmgm.static/memberships");
        statics.modified(Map.of("memberships", first));
        assertEquals(2, statics.list().size());
        statics.modified(Map.of("memberships", second));
        assertEquals(2, statics.list().size());
        assertEquals(2, mgm.memberships().stream().filter(m -> m.holder().equals(STATIC)).count());
    }

    @Test
    void deactivationReleasesEverything() {
        statics.join(StaticEntry.of("239.1.1.1", "if7", null));
        statics.deactivate();
        assertTrue(mgm.protocols().stream().noneMatch(p -> p.id().equals(STATIC)));
        assertThrows(MgmException.class, () -> mgm.protocolOnInterface(IF7));
    }

    @Test
    void entriesParseFromTheConfigurationFormat() {
        assertEquals(StaticEntry.of("239.1.1.1", "eth1", null), StaticEntry.parse("  239.1.1.1   eth1 "));
        assertEquals("232.1.1.1 eth2 198.18.0.1", StaticEntry.parse("232.1.1.1 eth2 198.18.0.1").value());
        assertThrows(IllegalArgumentException.class, () -> StaticEntry.parse("239.1.1.1"));
        assertThrows(IllegalArgumentException.class, () -> StaticMemberships.parse(Map.of("memberships", 42)));
        assertEquals(2, StaticMemberships.parse(Map.of("memberships", "239.1.1.1 eth1, 239.2.2.2 eth2")).size());
        assertEquals(List.of(StaticEntry.of("239.1.1.1", "eth1", null), StaticEntry.of("232.1.1.1", "eth2", "198.18.0.1")),
                StaticMemberships.parse(Map.of("memberships", "[ \"239.1.1.1 eth1\", \"232.1.1.1 eth2 198.18.0.1\", ]")));
        assertEquals(MgmConstants.MGM_JOIN_STATE_FLAG, 1);
    }

    private org.openmgm.api.MgmService mgmWithoutStatic() {
        statics.deactivate();
        return mgm;
    }
}
