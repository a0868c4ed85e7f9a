package org.openmgm.pim.io;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.pim.packet.EncodedGroup;
import org.openmgm.pim.packet.PimCodec;
import org.openmgm.pim.packet.PimMessage;

/** The raw socket on loopback (traffic allowed there by the network rule); needs CAP_NET_RAW. */
class RawPimSocketTest {
    @Test
    void aUnicastPimMessageSentThroughTheRawSocketComesBackWithItsSourceAddress() throws Exception {
        RawPimSocket s;
        try {
            s = RawPimSocket.open();
        } catch (IOException e) {
            assumeTrue(false, "no raw socket: " + e.getMessage());
            return;
        }
        try (s) {
            LinkedBlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            s.startReceiving(got::add);
            int lo = Ipv4.parse("127.0.0.1");
            byte[] pim = PimCodec.encode(new PimMessage.RegisterStop(EncodedGroup.of(Ipv4.parse("239.9.9.9")), Ipv4.parse("198.18.9.9")));
            s.send(lo, lo, pim);
            byte[] ip = got.poll(5, TimeUnit.SECONDS);
            assertNotNull(ip, "nothing received");
            int hl = Ipv4Packets.headerLength(ip, ip.length);
            assertEquals(Ipv4Packets.PROTO_PIM, Ipv4Packets.protocol(ip));
            assertEquals(lo, Ipv4Packets.source(ip));
            assertInstanceOf(PimMessage.RegisterStop.class, PimCodec.parse(ip, hl, ip.length - hl));
        }
    }
}
