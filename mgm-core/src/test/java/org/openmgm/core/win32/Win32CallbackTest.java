package org.openmgm.core.win32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openmgm.api.win32.Win32Structs.ERROR_NOT_FOUND;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.api.win32.Mgm;
import org.openmgm.api.win32.MibIpmcastMfe;
import org.openmgm.api.win32.RoutingProtocolConfig;
import org.openmgm.api.win32.Win32Structs;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.core.win32.Win32Recorder.Creation;
import org.openmgm.core.win32.Win32Recorder.Disable;
import org.openmgm.core.win32.Win32Recorder.Enable;
import org.openmgm.core.win32.Win32Recorder.Join;
import org.openmgm.core.win32.Win32Recorder.LocalJoin;
import org.openmgm.core.win32.Win32Recorder.Prune;
import org.openmgm.core.win32.Win32Recorder.Rpf;

/** The mgm.h callback tables, adapted by the façade, see what C callbacks would see and can answer through their out-parameters. */
class Win32CallbackTest extends Win32Fixture {

    MibIpmcastMfe getMfe(int source, int group) {
        ByteBuffer buf = buffer(4096);
        ok(mgm.MgmGetMfe(MibIpmcastMfe.key(source, group), new int[] {4096}, buf));
        return MibIpmcastMfe.read(buf);
    }

    @Test
    void rpfAndCreationAlertCallbacksGetTheMgmHParameters() {
        joinStarG(hA, G, 1);
        a.clear();
        c.clear();
        createMfe(S, G);
        assertEquals(List.of(new Rpf(S, HOST, G, HOST, 3, 0, ROUTE_NBR, new RouteInfo(RIB_PROTOCOL, Ipv4.parse("10.0.0.0"), Ipv4.parse("255.255.0.0")))),
                c.calls(Rpf.class));
        List<Creation> creations = a.calls(Creation.class);
        assertEquals(1, creations.size());
        assertEquals(new Creation(S, G, 3, 1, List.of("MGM_IF_ENTRY(if1)")), creations.get(0));
        assertTrue(c.calls(Creation.class).isEmpty());
        assertEquals(1, getMfe(S, G).ulNumOutIf(), "the creation alert's error return is ignored");
    }

    @Test
    void rpfOutParametersChooseTheIncomingInterfaceAndUpstreamNeighbour() {
        c.rpfInIfIndex = 5; // owned by A
        c.rpfUpstream = Ipv4.parse("10.1.1.1");
        createMfe(S, G);
        MibIpmcastMfe m = getMfe(S, G);
        assertEquals(5, m.dwInIfIndex());
        assertEquals(100, m.dwInIfProtocol());
        assertEquals(Ipv4.parse("10.1.1.1"), m.dwUpStrmNgbr());
    }

    @Test
    void creationAlertVetoClearsBIsEnabled() {
        joinStarG(hA, G, 1);
        joinStarG(hA, G, 4);
        a.vetoIfIndexes.add(1);
        createMfe(S, G);
        MibIpmcastMfe m = getMfe(S, G);
        assertEquals(1, m.ulNumOutIf());
        assertEquals(4, m.rgmioOutInfo().get(0).dwOutIfIndex());
    }

    @Test
    void pruneAlertTimeoutOutParameterSetsTheNegativeMfeLifetime() {
        joinStarG(hA, G, 1);
        createMfe(S, G);
        c.clear();
        c.pruneTimeout = 60;
        ok(mgm.MgmDeleteGroupMembershipEntry(hA, 0, 0, G, HOST, 1, 0, JOIN));
        List<Prune> falsePrunes = c.calls(Prune.class).stream().filter(p -> !p.memberDelete()).toList();
        assertEquals(List.of(new Prune(S, HOST, G, HOST, 3, 0, false, MgmConstants.DEFAULT_MFE_TIMEOUT_SECONDS)), falsePrunes);
        assertEquals(60, getMfe(S, G).ulTimeOut());
        scheduler.advanceSeconds(62);
        assertRcNotFound();
    }

    void assertRcNotFound() {
        assertRc(ERROR_NOT_FOUND, mgm.MgmGetMfe(MibIpmcastMfe.key(S, G), new int[] {4096}, buffer(4096)));
    }

    @Test
    void joinAlertsReachTheOtherClientsWithMemberUpdateTrue() {
        joinStarG(hA, G, 1);
        assertEquals(List.of(new Join(0, 0, G, HOST, true)), b.calls(Join.class));
        assertEquals(List.of(new Join(0, 0, G, HOST, true)), c.calls(Join.class));
        assertTrue(a.calls(Join.class).isEmpty());
    }

    @Test
    void igmpGetsDisableThenEnableAndOwnersGetLocalJoins() {
        Win32Recorder igmp = new Win32Recorder("IGMP");
        long hI = register(igmp, MgmConstants.PROTO_IP_IGMP, 1);
        ok(mgm.MgmTakeInterfaceOwnership(hI, 6, 0));
        ok(mgm.MgmTakeInterfaceOwnership(hA, 6, 0));
        assertEquals(List.of(new Disable(6, 0), new Enable(6, 0)), igmp.calls());
        ok(mgm.MgmTakeInterfaceOwnership(hI, 1, 0));
        a.clear();
        ok(mgm.MgmAddGroupMembershipEntry(hI, 0, 0, G, HOST, 1, 0, JOIN));
        assertEquals(List.of(new LocalJoin(0, G, 1)), a.calls(LocalJoin.class));
        int[] p = {0}, comp = {0};
        ok(mgm.MgmGetProtocolOnInterface(1, 0, p, comp));
        assertEquals(100, p[0]);
    }

    @Test
    void wrongIfCallbackIsDeliveredOnlyInRfcModeAndOnlyToTablesThatHaveOne() {
        for (MgmConfig.WrongInterfaceMode mode : MgmConfig.WrongInterfaceMode.values()) {
            try (MgmEngine e = new MgmEngine(MgmConfig.defaults().withWrongInterfaceMode(mode), new ManualScheduler())) {
                InMemoryForwarder f = new InMemoryForwarder();
                e.addRib(new StaticRib(1).route(Ipv4.parse("10.0.0.0"), 16, IF3, ROUTE_NBR), 0);
                e.setForwarder(f);
                Mgm m = new Mgm(e);
                List<Integer> wrongIfs = new ArrayList<>();
                RoutingProtocolConfig withWrongIf = new RoutingProtocolConfig();
                withWrongIf.pfnWrongIfCallback = (s, g, ifIndex, nh, hdrSize, hdr) -> {
                    wrongIfs.add(ifIndex);
                    return Win32Structs.NO_ERROR;
                };
                long[] h1 = new long[1], h2 = new long[1], h3 = new long[1];
                ok(m.MgmRegisterMProtocol(withWrongIf, 100, 1, h1));
                ok(m.MgmRegisterMProtocol(new RoutingProtocolConfig(), 200, 1, h2));
                ok(m.MgmRegisterMProtocol(new RoutingProtocolConfig(), 300, 1, h3));
                ok(m.MgmTakeInterfaceOwnership(h1[0], 1, 0));
                ok(m.MgmTakeInterfaceOwnership(h2[0], 2, 0));
                ok(m.MgmTakeInterfaceOwnership(h3[0], 3, 0));
                SourceGroup sg = new SourceGroup(S, G);
                f.packet(sg, IF3, 100);
                f.packet(sg, IF1, 100);
                f.packet(sg, IF2, 100);
                if (mode == MgmConfig.WrongInterfaceMode.WINDOWS) assertEquals(List.of(), wrongIfs);
                else assertEquals(List.of(1), wrongIfs, "only the client whose table has pfnWrongIfCallback");
                assertEquals(InterfaceKey.of(3), f.entry(sg).incoming());
            }
        }
    }
}
