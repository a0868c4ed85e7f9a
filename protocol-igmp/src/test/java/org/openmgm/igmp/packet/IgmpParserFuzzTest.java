package org.openmgm.igmp.packet;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.igmp.router.IgmpParameters;
import org.openmgm.igmp.router.IgmpRouter;
import org.openmgm.igmp.router.RouterOutput;

/**
 * Jazzer fuzzing of the IGMP parser (and of the state machine behind it), seeded with every IGMP packet of
 * fixtures/pcaps (src/test/resources/.../IgmpParserFuzzTestInputs). Without JAZZER_FUZZ the seeds are replayed
 * as regression tests; the build's "fuzz-short" execution fuzzes {@link #parserShortRun} for 10 s; the long run
 * is documented in docs/protocol-igmp.md.
 */
class IgmpParserFuzzTest {
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.openmgm.igmp");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING); // a log line per input would dominate the run
    }

    private static final IgmpCodec STRICT = new IgmpCodec(true);
    private static final IgmpCodec LAX = new IgmpCodec(false);

    @FuzzTest(maxDuration = "10s")
    void parserShortRun(byte[] data) {
        check(data);
    }

    @FuzzTest(maxDuration = "2h")
    @EnabledIfSystemProperty(named = "igmp.fuzz.long", matches = "true")
    void parserLongRun(byte[] data) {
        check(data);
    }

    /** The properties: parse never throws, a parsed message re-encodes to something that parses, the router takes it. */
    static void check(byte[] data) {
        ParseResult strict = STRICT.parse(data);
        assertNotNull(strict);
        ParseResult lax = LAX.parse(data);
        assertNotNull(lax);
        if (data.length > 0) assertNotNull(STRICT.parse(data, data.length - 1));
        if (lax instanceof ParseResult.Parsed(IgmpMessage m)) {
            byte[] again = switch (m) {
                case IgmpMessage.Report r -> IgmpCodec.report(r.source(), r.version(), r.group());
                case IgmpMessage.Leave l -> IgmpCodec.leave(l.source(), l.group());
                case IgmpMessage.V3Report r -> IgmpCodec.v3Report(r.source(), r.records());
                case IgmpMessage.Query q when q.version() == 3 -> IgmpCodec.queryV3(q.source(), q.maxRespDeciseconds(), q.group(),
                        q.suppressRouterSide(), q.qrv(), q.queryIntervalSeconds(), q.sources());
                case IgmpMessage.Query q -> IgmpCodec.queryV1V2(q.source(), q.version(), q.maxRespCode(), q.group());
            };
            assertInstanceOf(ParseResult.Parsed.class, STRICT.parse(again), "re-encoded " + m);
            feedRouter(m);
        }
    }

    private static void feedRouter(IgmpMessage m) {
        ManualScheduler clock = new ManualScheduler();
        RouterOutput sink = new RouterOutput() {
            @Override public void send(int ifIndex, byte[] ipPacket) {}
            @Override public void addMembership(int ifIndex, org.openmgm.api.MembershipKey key) { key.validate(); }
            @Override public void deleteMembership(int ifIndex, org.openmgm.api.MembershipKey key) { key.validate(); }
            @Override public void blockSource(int ifIndex, int source, int group) {}
            @Override public void unblockSource(int ifIndex, int source, int group) {}
        };
        IgmpRouter router = new IgmpRouter(clock, sink);
        int addr = (m.source() & 0xFFFFFF00) | (m.source() == 0 ? 1 : (m.source() & 0xFF) ^ 1);
        router.addInterface(new NetInterface("fuzz0", 1, new byte[6], List.of(new NetInterface.InterfaceAddress(addr, 24)), 1500, true, 1),
                IgmpParameters.defaults());
        router.receive(1, m);
        router.receive(1, m);
        clock.advanceSeconds(300);
        router.close();
        assertEquals(0, router.globalCounters().get("outputFault"), Ipv4.format(m.source()));
    }
}
