package org.openmgm.pim.packet;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.pim.packet.PimMessage.*;

class PimCodecTest {

    @BeforeAll
    static void fixtures() {
        assumeTrue(PimFixtures.available(), "fixtures not found");
    }

    @Test
    void everyPimPacketInTheFrrAndPimdCapturesDecodes() throws Exception {
        TreeMap<String, Integer> byType = new TreeMap<>();
        int total = 0;
        for (Path f : PimFixtures.files()) {
            for (byte[] pim : PimFixtures.pimPayloads(f)) {
                PimMessage m = assertDoesNotThrow(() -> PimCodec.parse(pim), f.toString());
                byType.merge(PimMessage.typeName(m.type()), 1, Integer::sum);
                total++;
            }
        }
        assertTrue(total > 100, "decoded " + total);
        for (String t : List.of("hello", "register", "registerStop", "joinPrune", "assert", "bootstrap", "candidateRpAdvertisement"))
            assertTrue(byType.containsKey(t), "no " + t + " in " + byType);
    }

    @Test
    void messagesReEncodeToTheSameBytesExceptHellosWithForeignAddresses() throws Exception {
        int same = 0;
        for (Path f : PimFixtures.files()) {
            for (byte[] pim : PimFixtures.pimPayloads(f)) {
                PimMessage m = PimCodec.parse(pim);
                if (m instanceof Hello h && (h.foreignAddresses() > 0 || !h.unknownOptionTypes().isEmpty())) continue;
                if (m instanceof Hello) continue; // option order is the sender's choice
                assertArrayEquals(pim, PimCodec.encode(m), f + " " + m);
                same++;
            }
        }
        assertTrue(same > 50, "re-encoded " + same);
    }

    @Test
    void frrHelloWithIpv6LinkLocalInTheAddressListIsAccepted() throws Exception {
        Hello h = (Hello) PimCodec.parse(PimFixtures.single("pim-hello-frr"));
        assertEquals(105, h.holdtime());
        assertEquals(1L, h.drPriority());
        assertEquals(0x0ee33229, h.generationId());
        assertEquals(1, h.foreignAddresses());
        assertEquals(List.of(), h.addressList());
        assertEquals(new LanPruneDelay(false, 500, 2500), h.lanPruneDelay());
    }

    @Test
    void pimdHelloHasNoLanPruneDelay() throws Exception {
        Hello h = (Hello) PimCodec.parse(PimFixtures.single("pim-hello-pimd"));
        assertEquals(105, h.holdtime());
        assertNull(h.lanPruneDelay());
        assertEquals(1L, h.drPriority());
    }

    @Test
    void starGJoinCarriesTheRpWithWildcardAndRptBits() throws Exception {
        JoinPrune jp = (JoinPrune) PimCodec.parse(PimFixtures.single("pim-joinprune-starg-join-frr"));
        assertEquals(Ipv4.parse("198.18.20.1"), jp.upstreamNeighbor());
        assertEquals(35, jp.holdtime());
        GroupSet g = jp.groups().getFirst();
        assertEquals(Ipv4.parse("239.1.1.1"), g.group().address());
        assertEquals(List.of(new EncodedSource(Ipv4.parse("198.18.100.1"), 32, true, true, true)), g.joins());
        assertEquals(List.of(), g.prunes());
    }

    @Test
    void registerCarriesTheDataPacketAndItsChecksumCoversOnlyTheHeader() throws Exception {
        byte[] pim = PimFixtures.single("pim-register-frr");
        Register r = (Register) PimCodec.parse(pim);
        assertFalse(r.nullRegister());
        assertEquals(Ipv4.parse("198.18.1.2"), Ipv4Packets.source(r.packet()));
        assertEquals(Ipv4.parse("239.1.1.1"), Ipv4Packets.destination(r.packet()));
        pim[pim.length - 1] ^= 0x55; // data is outside the checksum
        assertInstanceOf(Register.class, PimCodec.parse(pim));
        pim[4] ^= 0x40; // the flags word is inside it
        PimParseException e = assertThrows(PimParseException.class, () -> PimCodec.parse(pim));
        assertEquals(PimParseException.Reason.BAD_CHECKSUM, e.reason());
    }

    @Test
    void registerStopAssertBootstrapAndCandidateRpDecode() throws Exception {
        RegisterStop rs = (RegisterStop) PimCodec.parse(PimFixtures.single("pim-register-stop-frr"));
        assertEquals(new RegisterStop(EncodedGroup.of(Ipv4.parse("239.1.1.1")), Ipv4.parse("198.18.1.2")), rs);
        Assert a = (Assert) PimCodec.parse(PimFixtures.single("pim-assert-frr"));
        assertEquals(Ipv4.parse("198.18.1.2"), a.source());
        assertEquals(0, a.metricPreference());
        assertFalse(a.rpt());
        Bootstrap b = (Bootstrap) PimCodec.parse(PimFixtures.single("pim-bootstrap-pimd-mcast"));
        assertEquals(Ipv4.parse("198.18.20.1"), b.bsrAddress());
        assertEquals(30, b.hashMaskLength());
        CandidateRpAdvertisement c = (CandidateRpAdvertisement) PimCodec.parse(PimFixtures.single("pim-crp-adv-pimd"));
        assertEquals(Ipv4.parse("198.18.20.2"), c.rpAddress());
        assertEquals(List.of(new EncodedGroup(Ipv4.parse("224.0.0.0"), 4, false, false)), c.groups());
        assertEquals(75, c.holdtime());
    }

    @Test
    void corruptedChecksumIsRejected() throws Exception {
        byte[] pim = PimFixtures.single("pim-joinprune-frr-2");
        pim[10] ^= 1;
        assertEquals(PimParseException.Reason.BAD_CHECKSUM, assertThrows(PimParseException.class, () -> PimCodec.parse(pim)).reason());
    }

    @Test
    void everyTruncationOfEveryFixtureIsRejectedOrParsesWithoutException() throws Exception {
        for (Path f : PimFixtures.files()) {
            for (byte[] pim : PimFixtures.pimPayloads(f)) {
                for (int len = 0; len < pim.length; len++) {
                    byte[] cut = Arrays.copyOf(pim, len);
                    try {
                        PimCodec.parse(cut);
                    } catch (PimParseException expected) {
                        assertNotNull(expected.reason());
                    }
                }
            }
        }
    }

    @Test
    void graftAndGraftAckParseAsJoinPruneBodies() throws Exception {
        JoinPrune body = new JoinPrune(PimMessage.GRAFT, Ipv4.parse("198.18.0.1"), 0,
                List.of(new GroupSet(EncodedGroup.of(Ipv4.parse("239.1.1.1")), List.of(EncodedSource.source(Ipv4.parse("198.18.1.2"))), List.of())));
        byte[] b = PimCodec.encode(body);
        assertEquals(0x26, b[0] & 0xFF);
        assertEquals(body, PimCodec.parse(b));
        JoinPrune ack = new JoinPrune(PimMessage.GRAFT_ACK, body.upstreamNeighbor(), 0, body.groups());
        assertEquals(PimMessage.GRAFT_ACK, PimCodec.parse(PimCodec.encode(ack)).type());
    }

    @Test
    void unknownTypeAndVersionAreCountedReasons() {
        byte[] t = {0x2F, 0, 0, 0};
        int c = Ipv4Packets.checksum(t, 0, 4);
        t[2] = (byte) (c >>> 8);
        t[3] = (byte) c;
        assertEquals(PimParseException.Reason.UNKNOWN_TYPE, assertThrows(PimParseException.class, () -> PimCodec.parse(t)).reason());
        byte[] v = {0x10, 0, 0, 0};
        assertEquals(PimParseException.Reason.BAD_VERSION, assertThrows(PimParseException.class, () -> PimCodec.parse(v)).reason());
    }
}
