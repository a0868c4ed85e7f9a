package org.openmgm.pim.engine;

import static org.junit.jupiter.api.Assertions.*;
import static org.openmgm.pim.engine.Harness.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.SourceGroup;
import org.openmgm.pim.packet.EncodedGroup;
import org.openmgm.pim.packet.EncodedSource;
import org.openmgm.pim.packet.PimCodec;
import org.openmgm.pim.packet.PimMessage.GroupSet;
import org.openmgm.pim.packet.PimMessage.JoinPrune;
import org.openmgm.pim.packet.PimMessage.Register;
import org.openmgm.pim.packet.PimMessage.RegisterStop;

/**
 * RFC 2715's border rule for PIM-SM: a source whose MFE arrives on another protocol's interface (IGMP-only
 * LAN or DVMRP, here if13 = 198.18.60.0/24, not a PIM interface) is registered to the RP as if we were its DR.
 */
class BorderDrTest {
    static final int IF_OTHER = 13;
    static final int EXT_SRC = ip("198.18.60.7");

    static Harness harness() {
        Harness h = new Harness();
        h.routes.put(EXT_SRC & 0xFFFFFF00, new PimRoute(IF_OTHER, 0, EXT_SRC & 0xFFFFFF00, 24, 0, 0));
        h.hello(IF1, UPSTREAM, 1, 1);
        h.clear();
        return h;
    }

    static void created(Harness h, int s, int g, int iif) {
        h.router.creationAlert(new SourceGroup(s, g), InterfaceKey.of(iif), List.<IfEntry>of());
    }

    @Test
    void aSourceOfAnotherDomainIsRegisteredFromOurInterfaceTowardsTheRpWithoutTheBorderBit() {
        Harness h = harness();
        created(h, EXT_SRC, G, IF_OTHER);
        assertEquals(Set.of(IF_OTHER), h.taps, "data tapped on the MFE's incoming interface");
        assertEquals("join", h.router.joinViews().getFirst().registerState());
        assertEquals(1L, h.router.stats().events().get("borderRegister"));

        byte[] data = RegisterSptAssertTest.udp(EXT_SRC, G, 16);
        h.router.dataPacket(IF_OTHER, data);
        List<Harness.Sent> regs = h.sent.stream().filter(x -> x.message() instanceof Register).toList();
        assertEquals(1, regs.size());
        assertEquals(RP, regs.getFirst().destination());
        assertEquals(A1, regs.getFirst().source(), "from our address on the interface towards the RP");
        Register r = (Register) regs.getFirst().message();
        assertFalse(r.border(), "B = 0: RFC 7761 has no PMBR and FRR drops Border-bit registers");
        assertFalse(r.nullRegister());
        assertArrayEquals(data, r.packet());

        h.router.dataPacket(IF2, RegisterSptAssertTest.udp(EXT_SRC, G, 16));
        assertEquals(1, h.sentOf(Register.class).size(), "only the tapped interface's packets are registered");
    }

    @Test
    void theRpsSourceJoinAddsOurInterfaceWithoutAJoinUpstreamAndRegisterStopEndsTheTap() {
        Harness h = harness();
        created(h, EXT_SRC, G, IF_OTHER);
        GroupSet gs = new GroupSet(EncodedGroup.of(G), List.of(EncodedSource.source(EXT_SRC)), List.of());
        h.receive(IF1, UPSTREAM, new JoinPrune(A1, 210, List.of(gs)));
        assertTrue(h.mgmCalls.contains("add (198.18.60.7, 239.1.1.1) if11 join"), h.mgmCalls.toString());
        assertTrue(h.sentOf(JoinPrune.class).isEmpty(), "the source is reached through another protocol: nothing to join upstream");
        assertNull(h.router.stats().events().get("noRpfNeighbor"));

        h.router.receive(-1, RP, A1, PimCodec.encode(new RegisterStop(EncodedGroup.of(G), EXT_SRC)));
        assertEquals("prune", h.router.joinViews().stream().filter(v -> v.source() != null).findFirst().orElseThrow().registerState());
        assertEquals(Set.of(), h.taps);
    }

    @Test
    void sourcesOnPimInterfacesSsmGroupsAndUnroutableRpsAreNotBorderSources() {
        Harness h = harness();
        created(h, S, G, IF1); // PIM's own interface: the ordinary RPF/DR path applies
        created(h, EXT_SRC, ip("232.1.1.1"), IF_OTHER); // SSM: no RP
        created(h, EXT_SRC, ip("224.0.0.251"), IF_OTHER); // link-local
        assertEquals(Set.of(), h.taps);
        assertTrue(h.router.joinViews().isEmpty(), h.router.joinViews().toString());
        assertNull(h.router.stats().events().get("borderRegister"));
    }

    @Test
    void theRpItselfDoesNotRegisterToItself() {
        Harness h = new Harness(PimSettings.defaults(A1));
        h.routes.put(EXT_SRC & 0xFFFFFF00, new PimRoute(IF_OTHER, 0, EXT_SRC & 0xFFFFFF00, 24, 0, 0));
        created(h, EXT_SRC, G, IF_OTHER);
        assertEquals(Set.of(), h.taps);
        assertTrue(h.sentOf(Register.class).isEmpty());
    }

    @Test
    void registeringStopsWhenTheFlowGoesQuiet() {
        Harness h = harness();
        created(h, EXT_SRC, G, IF_OTHER);
        assertEquals(Set.of(IF_OTHER), h.taps);
        h.scheduler.advanceSeconds(211); // Keepalive_Period without data and no MGM to report traffic
        assertEquals(Set.of(), h.taps);
        assertTrue(h.router.joinViews().isEmpty(), h.router.joinViews().toString());
    }
}
