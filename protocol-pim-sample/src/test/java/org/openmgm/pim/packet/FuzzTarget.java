package org.openmgm.pim.packet;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.pim.engine.PimOutput;
import org.openmgm.pim.engine.PimRoute;
import org.openmgm.pim.engine.PimRouter;
import org.openmgm.pim.engine.PimSettings;

/**
 * What the fuzzer exercises: the parser, encode/parse round trips, and a router fed with every input
 * (on a PIM interface from a neighbour, and as unicast). A second pass repairs the PIM checksum so
 * that mutations reach the message bodies. Throws AssertionError on a broken invariant.
 */
public final class FuzzTarget implements Consumer<byte[]> {
    static final int IF = 5, US = Ipv4.parse("198.18.1.1"), PEER = Ipv4.parse("198.18.1.2");
    private final ManualScheduler scheduler = new ManualScheduler();
    private final PimRouter router;

    public FuzzTarget() {
        PimOutput out = new PimOutput() {
            @Override public void multicast(int ifIndex, int source, byte[] pim) { reparse(pim); }
            @Override public void unicast(int source, int destination, byte[] pim) { reparse(pim); }
            @Override public void data(int ifIndex, byte[] ipPacket) { }
        };
        router = new PimRouter(PimSettings.defaults(US), scheduler, out,
                a -> Optional.of(new PimRoute(IF, (a & 0xFFFFFF00) == (US & 0xFFFFFF00) ? 0 : PEER, 0, 0, 1, 1)), new Random(1));
        router.addInterface(new NetInterface("fuzz0", IF, new byte[6], List.of(new NetInterface.InterfaceAddress(US, 24)), 1500, true, 1));
        router.receive(IF, PEER, 0xE000000D, PimCodec.encode(PimMessage.Hello.of(0xFFFF, 1, 1)));
    }

    /** What we send must always parse back. */
    static void reparse(byte[] pim) {
        try {
            PimCodec.parse(pim);
        } catch (PimParseException e) {
            throw new AssertionError("the router sent a message it cannot parse: " + e.getMessage());
        }
    }

    @Override
    public void accept(byte[] data) {
        check(data);
        if (data.length >= 4) {
            byte[] fixed = Arrays.copyOf(data, data.length);
            fixed[2] = 0;
            fixed[3] = 0;
            boolean register = (fixed[0] & 0x0F) == PimMessage.REGISTER && fixed.length >= 8;
            int c = Ipv4Packets.checksum(fixed, 0, register ? 8 : fixed.length);
            fixed[2] = (byte) (c >>> 8);
            fixed[3] = (byte) c;
            check(fixed);
        }
    }

    private void check(byte[] data) {
        PimMessage m;
        try {
            m = PimCodec.parse(data);
        } catch (PimParseException e) {
            if (e.reason() == null) throw new AssertionError("parse exception without a reason");
            return;
        }
        byte[] again = PimCodec.encode(m);
        PimMessage back;
        try {
            back = PimCodec.parse(again);
        } catch (PimParseException e) {
            throw new AssertionError("re-encoded " + m + " does not parse: " + e.getMessage());
        }
        if (!(m instanceof PimMessage.Register) && !(m instanceof PimMessage.Hello) && !m.equals(back))
            throw new AssertionError("round trip changed " + m + " into " + back);
        router.receive(IF, PEER, 0xE000000D, data);
        router.receive(-1, PEER, US, data);
        scheduler.advanceSeconds(1);
    }
}
