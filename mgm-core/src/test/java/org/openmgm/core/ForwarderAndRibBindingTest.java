package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.Mfe;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.core.RecordingProtocol.Rpf;

/**
 * The engine's SPI bindings: a forwarder bound later receives the current MFE table and the old one is detached
 * (Forwarder javadoc: "keeps the forwarder's table equal to its MFE table"); several RIBs: longest prefix wins,
 * then the higher ranking (MulticastRib javadoc); removing a RIB takes its routes away.
 */
class ForwarderAndRibBindingTest extends MgmFixture {

    @Test
    void aForwarderBoundLaterGetsTheCurrentMfesAndTheOldOneIsDetached() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        data(S, G, IF3);
        data(S, G2, IF3);
        InMemoryForwarder second = new InMemoryForwarder();
        engine.setForwarder(second);
        assertEquals(2, second.size());
        assertEquals(new ForwardingEntry(SG, IF3, List.of(IF1)), second.entry(SG));
        assertEquals(new ForwardingEntry(SG2, IF3, List.of()), second.entry(SG2));
        // later changes go to the new forwarder
        leave(hA, STAR_G, IF1);
        assertEquals(List.of(), second.entry(SG).outgoing());
        // the old one no longer raises upcalls into the MGM
        fwd.packet(S2G, IF3, 100);
        assertEquals(2, engine.mfeCount());
        second.packet(S2G, IF3, 100);
        assertEquals(3, engine.mfeCount());
    }

    @Test
    void theLongestPrefixWinsAcrossRibsThenTheHigherRanking() {
        own(hC, IF3);
        own(hB, IF4);
        own(hA, IF5);
        StaticRib ranked = new StaticRib(4).route(Ipv4.parse("10.0.0.0"), 24, IF4, 0);
        engine.addRib(ranked, 5);
        data(S, G, IF4);
        assertEquals(IF4, engine.mfe(SG).incomingInterface(), "same prefix: the RIB with the higher ranking");
        assertEquals(1, b.calls(Rpf.class).size());
        StaticRib longer = new StaticRib(5).route(Ipv4.parse("10.0.0.0"), 25, IF5, 0);
        engine.addRib(longer, 0);
        data(S, G2, IF5);
        assertEquals(IF5, engine.mfe(SG2).incomingInterface(), "a longer prefix beats a higher ranking");
        engine.removeRib(longer);
        engine.removeRib(ranked);
        data(S2, G, IF3);
        assertEquals(IF3, engine.mfe(S2G).incomingInterface(), "back to the fixture's RIB");
    }

    @Test
    void withoutAnyRibNewMfesAreNoRouteMfes() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        engine.removeRib(rib);
        clearCalls();
        data(S, G, IF1);
        Mfe m = engine.mfe(SG);
        assertTrue(m.negative());
        assertEquals(IF1, m.incomingInterface());
        assertEquals(Set.of(), Set.copyOf(c.calls(Rpf.class)));
    }

    @Test
    void aRouteLearnedLaterReplacesANoRouteMfeOnTheNextPacket() {
        own(hC, IF3);
        own(hA, IF1);
        join(hA, STAR_G, IF1);
        engine.removeRib(rib);
        data(S, G, IF3);
        assertTrue(engine.mfe(SG).negative(), "no route: negative");
        engine.addRib(rib, 0);
        data(S, G, IF3);
        Mfe m = engine.mfe(SG);
        assertEquals(IF3, m.incomingInterface());
        assertEquals(C_ID, m.incomingOwner());
        assertEquals(List.of(IF1), fwd.entry(SG).outgoing(), "the route's MFE forwards to the member");
    }
}
