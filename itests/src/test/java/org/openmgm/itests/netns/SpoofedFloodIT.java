package org.openmgm.itests.netns;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.Json;
import org.openmgm.netlab.BackgroundProcess;
import org.openmgm.netlab.MulticastReceiver;
import org.openmgm.netlab.Netlab;
import org.openmgm.netlab.Node;

/**
 * Bench (opt-in: {@code -Dopenmgm.bench.netns=true}, or {@code itests/bench-netns-flood.sh}): a flood of
 * multicast packets from random spoofed sources (198.19.0.0/16, no route: each would be a new negative
 * MFE) to random groups, sent with a raw socket from the sender's namespace through the real router
 * (launcher distribution, libpcap data plane, {@code maxMfes} set), while an established flow with a
 * static member runs at 1000 packets/s. Prints how many of its packets the established flow delivers
 * with and without the flood, the MFE count against the limit, and the router JVM's resident memory.
 * Asserts only that the MFE table stays within {@code maxMfes} and that the established flow still
 * delivers during the flood.
 */
public class SpoofedFloodIT {
    static final String G = "239.66.0.1";
    static final int PORT = 5066;

    static final String FLOOD = """
            import random, socket, struct, sys, time
            count, seconds = int(sys.argv[1]), float(sys.argv[2])
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
            def csum(b):
                t = sum(struct.unpack('!%dH' % (len(b) // 2), b)); t = (t & 0xffff) + (t >> 16); t = (t & 0xffff) + (t >> 16)
                return ~t & 0xffff
            payload = b'\\0' * 32
            rnd = random.Random(7); sent = 0; end = time.monotonic() + seconds
            while sent < count and time.monotonic() < end:
                src = bytes([198, 19, rnd.randrange(256), rnd.randrange(1, 255)])
                dst = bytes([239, 99, rnd.randrange(256), rnd.randrange(1, 255)])
                udp = struct.pack('!HHHH', 4000, 4000, 8 + len(payload), 0) + payload
                hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 16, 17, 0, src, dst)
                hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
                try:
                    s.sendto(hdr + udp, (socket.inet_ntoa(dst), 0)); sent += 1
                except OSError:
                    pass
            print(sent)
            """;

    @Test
    public void spoofedSourceFloodLeavesTheMfeTableBoundedAndTheEstablishedFlowForwarding() throws Exception {
        assumeTrue("bench: -Dopenmgm.bench.netns=true", Boolean.getBoolean("openmgm.bench.netns"));
        assumeTrue("needs root and ip netns", Netlab.available());
        Path dist = DistRouter.distribution();
        assumeTrue("launcher distribution not assembled", dist != null);
        int maxMfes = 2000, floodCount = Integer.getInteger("openmgm.bench.floodPackets", 300_000);
        try (Netlab lab = Netlab.create("itfl")) {
            Node s = lab.host("s"), r = lab.router("r"), b = lab.host("b");
            lab.link(s, "s-eth0", r, "r-eth0");
            lab.link(r, "r-eth1", b, "b-eth0");
            s.multicastRoute("s-eth0");
            Path script = lab.workDir().resolve("flood.py");
            Files.writeString(script, FLOOD);
            try (DistRouter router = DistRouter.copy(r, dist)) {
                router.config("org.openmgm.dataplane", "interfaces = r-eth0,r-eth1", System.getProperty("openmgm.netns.dataplaneExtra", "bufferSize = 33554432"))
                        .config("org.openmgm.core", "maxMfes = " + maxMfes);
                router.start().awaitReady(Duration.ofSeconds(90));
                router.ctl("mgm:join", G, "r-eth1");
                try (MulticastReceiver rb = b.receiver("b-eth0", G, PORT).maxDuration(Duration.ofSeconds(180)).start()) {
                    s.sender("s-eth0", G, PORT).count(50).interval(Duration.ofMillis(10)).run();
                    Await.until("the established flow forwards", Duration.ofSeconds(10), () -> rb.packets() > 0);
                    rb.awaitQuiet(Duration.ofMillis(300), Duration.ofSeconds(5));
                    long rss0 = rssKb(router);

                    long c0 = rb.packets();
                    int sentControl = established(s, 3000);
                    rb.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(10));
                    long gotControl = rb.packets() - c0;

                    long f0 = rb.packets();
                    long t0 = System.nanoTime();
                    BackgroundProcess flood = s.start("flood", "python3", script.toString(), Integer.toString(floodCount), "20");
                    int sentFlood = established(s, 3000);
                    if (flood.waitFor(Duration.ofSeconds(60)) != 0) throw new AssertionError("flood failed: " + flood.stderr());
                    double floodSeconds = (System.nanoTime() - t0) / 1e9;
                    long floodSent = Long.parseLong(flood.stdout().strip());
                    rb.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(10));
                    long gotFlood = rb.packets() - f0;
                    int mfes = countMfes(router);
                    long rss1 = rssKb(router);
                    String stats = router.ctl("dataplane:stats");

                    System.out.printf("netns spoofed flood: %,d spoofed packets in %.1f s (%,.0f/s) from random 198.19/16 sources to random 239.99/16 groups%n",
                            floodSent, floodSeconds, floodSent / floodSeconds);
                    System.out.printf("  established flow (1000/s): %d/%d delivered alone, %d/%d during the flood (%.1f%%)%n",
                            gotControl, sentControl, gotFlood, sentFlood, 100.0 * gotFlood / sentFlood);
                    System.out.printf("  MFEs %d (maxMfes %d); router RSS %,d kB before, %,d kB after%n", mfes, maxMfes, rss0, rss1);
                    System.out.println(stats.lines().filter(l -> l.contains("noCache") || l.contains("upcalls") || l.contains("Dropped")
                            || l.contains("r-eth0.rx")).reduce("", (x, y) -> x + "  " + y + "\n"));
                    assertTrue("the MFE table stays within maxMfes: " + mfes, mfes <= maxMfes);
                    assertTrue("the established flow still delivers during the flood", gotFlood > 0);
                    assertTrue(Json.hasObject(router.ctlJson("mgm:groups", "-j"), Map.of("group", G)));
                }
            }
        }
    }

    private static int established(Node s, int count) {
        return s.sender("s-eth0", G, PORT).count(count).interval(Duration.ofMillis(1)).maxDuration(Duration.ofSeconds(60)).run();
    }

    private static int countMfes(DistRouter router) {
        JsonNode j = router.ctlJson("mgm:mfes", "-j");
        return j.findParents("group").size();
    }

    /** Resident memory of the router's JVM (the java descendant of the ip-netns-exec process), kB. */
    private static long rssKb(DistRouter router) {
        return router.javaPid().map(pid -> {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                    if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            } catch (Exception e) {
                return -1L;
            }
            return -1L;
        }).orElse(-1L);
    }
}
