package org.openmgm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmService;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.FakePacketIo;
import org.openmgm.itests.support.Json;
import org.openmgm.itests.support.OpenMgmOptions;
import org.openmgm.itests.support.Osgi;
import org.openmgm.itests.support.Pcap;
import org.openmgm.itests.support.ProtocolConfigs;
import org.openmgm.itests.support.ReactorBundles;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The real data plane in offline mode (no root): dataplane-pcap replays pcap files as the traffic
 * received on three interfaces that do not exist on this machine and writes what it sends to pcap
 * files. A host on lanA reports a group (IGMPv2, replayed), the IGMP bundle learns it through the data
 * plane's packet listener and adds the membership, data from a source on "up" then creates an MFE and
 * is forwarded to lanA only, with TTL decremented and lanA's MAC as source — all through the real
 * bundles, SCR and ConfigAdmin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DataplaneOfflineIT {
    static final String GROUP = "239.5.0.1", SOURCE = "198.18.30.10";
    static final int DATA = 50;

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return options(OpenMgmOptions.base(OpenMgmOptions.reactor(OpenMgmOptions.DATAPLANE, OpenMgmOptions.IGMP)));
    }

    /**
     * The input captures: reports on lanA at 4, 5 and 6 s, data on "up" from 8 s, every 20 ms. The replay
     * starts as soon as the data plane is attached to the MGM; the IGMP component restarts with the data
     * plane (static reference to PacketIo) and must have its packet listener back before the reports.
     */
    static void writeInputs(Path dir) {
        long t0 = 1_700_000_000_000_000L;
        byte[] hostMac = {0x02, 0, 0, 0, 0x31, 0x0a};
        List<Pcap.Frame> lanA = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            lanA.add(new Pcap.Frame(t0 + 4_000_000 + i * 1_000_000L, Pcap.ethernetMulticast(hostMac, FakePacketIo.igmpV2Report("198.18.31.10", GROUP))));
        List<Pcap.Frame> up = new ArrayList<>();
        byte[] srcMac = {0x02, 0, 0, 0, 0x30, 0x0a};
        for (int i = 0; i < DATA; i++)
            up.add(new Pcap.Frame(t0 + 8_000_000 + i * 20_000L, Pcap.ethernetMulticast(srcMac, Pcap.udp(SOURCE, GROUP, 5000, 8, i))));
        // Both files start at t0 (a frame at t0 that nobody listens for aligns the common clock).
        up.add(0, new Pcap.Frame(t0, Pcap.ethernetMulticast(srcMac, Pcap.udp(SOURCE, "239.5.0.99", 5000, 1, -1))));
        lanA.add(0, new Pcap.Frame(t0, Pcap.ethernetMulticast(hostMac, Pcap.udp("198.18.31.10", "239.5.0.98", 5000, 1, -1))));
        Pcap.write(dir.resolve("up-in.pcap"), up);
        Pcap.write(dir.resolve("lanA-in.pcap"), lanA);
    }

    @Test
    public void offlineDataplaneCarriesIgmpMembershipAndForwardsDataThroughTheRealBundles() throws Exception {
        Osgi osgi = new Osgi(bc);
        assumeTrue("dataplane-pcap not built", osgi.bundle("org.openmgm.dataplane.pcap").isPresent() || ReactorBundles.find(OpenMgmOptions.DATAPLANE).isPresent());
        assumeTrue("protocol-igmp not built", osgi.bundle("org.openmgm.igmp").isPresent());
        assumeTrue("libpcap not installed (offline mode still uses it)", Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libpcap.so.0.8")));
        Path dir = Files.createTempDirectory(ReactorBundles.workDir(), "offline-");
        writeInputs(dir);
        MgmService mgm = osgi.service(MgmService.class);
        var rib = bc.registerService(MulticastRib.class, new StaticRib(99).route(Ipv4.parse("198.18.30.0"), 24, InterfaceKey.of(301), 0),
                Osgi.dict(Constants.SERVICE_RANKING, 1000));
        try {
            osgi.configure("org.openmgm.dataplane", Osgi.props(
                    "interfaces", new String[] {"up", "lanA", "lanB"},
                    "offline.up.read", dir.resolve("up-in.pcap").toString(), "offline.up.index", "301", "offline.up.address", "198.18.30.1/24",
                    "offline.up.mac", "02:00:00:00:30:01",
                    "offline.lanA.read", dir.resolve("lanA-in.pcap").toString(), "offline.lanA.write", dir.resolve("lanA-out.pcap").toString(),
                    "offline.lanA.index", "302", "offline.lanA.address", "198.18.31.1/24", "offline.lanA.mac", "02:00:00:00:31:01",
                    "offline.lanB.write", dir.resolve("lanB-out.pcap").toString(), "offline.lanB.index", "303",
                    "offline.lanB.address", "198.18.32.1/24", "offline.lanB.mac", "02:00:00:00:32:01"));
            Await.until("the data plane serves lanA as ifIndex 302", Duration.ofSeconds(15), () -> {
                var r = bc.getServiceReference(PacketIo.class);
                PacketIo io = r == null ? null : bc.getService(r);
                return io != null && io.interfaceByName("lanA").map(n -> n.index() == 302).orElse(false);
            });
            // IGMP only after the data plane is up: created the other way round, the data plane (a delayed
            // component) is instantiated from inside IGMP's activation, its dynamic PacketListener reference
            // then runs into IGMP's own creation (Felix: "ServiceFactory.getService() resulted in a cycle") and
            // IGMP is never bound as a listener (seen 1 run in 5; reported to dataplane-pcap).
            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", new String[] {"lanA", "lanB"}, "version", 2, "retryInterval", 1));
            Await.until("IGMP owns lanA and lanB through the data plane's interface names", Duration.ofSeconds(15),
                    () -> mgm.protocols().stream().anyMatch(p -> p.id().protocolId() == 10 && p.interfaces().size() == 2),
                    () -> String.valueOf(mgm.protocols()) + "\n" + osgi.componentStates("org.openmgm"));
            Await.until("the replayed report became a membership on lanA", Duration.ofSeconds(15), () -> mgm.memberships().stream()
                    .anyMatch(m -> m.iface().ifIndex() == 302 && Ipv4.format(m.key().group()).equals(GROUP)),
                    () -> String.valueOf(mgm.memberships()) + (osgi.hasCommand("igmp", "stats") ? gogo(osgi, "igmp:stats") : ""));
            Await.until("the MFE forwards to lanA", Duration.ofSeconds(15), () -> {
                try {
                    var m = mgm.mfe(org.openmgm.api.SourceGroup.parse(SOURCE, GROUP));
                    return m.incomingInterface().ifIndex() == 301 && m.outgoing().size() == 1 && m.outgoing().get(0).iface().ifIndex() == 302;
                } catch (RuntimeException e) {
                    return false;
                }
            }, () -> gogo(osgi, "mgm:mfes"));
            Await.until("every data packet was counted by the MFE", Duration.ofSeconds(15),
                    () -> mgm.mfeStats(org.openmgm.api.SourceGroup.parse(SOURCE, GROUP)).inPackets() >= DATA,
                    () -> gogo(osgi, "mgm:mfestats") + gogo(osgi, "dataplane:stats"));
            if (osgi.hasCommand("mgm", "mfes")) {
                JsonNode j = Json.parse(osgi.gogo("mgm:mfes -j").text());
                assertTrue("mgm:mfes -j names the interfaces: " + j, Json.hasObject(j, Map.of("interface", "lanA")));
            }
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.igmp");
            osgi.deleteConfiguration("org.openmgm.dataplane");
            // The data plane restarts without configuration: SCR activates the new instance only after the old
            // one's deactivate returned, which closed (and flushed) the output files.
            Await.until("the data plane restarted without the offline interfaces", Duration.ofSeconds(15), () -> {
                var r = bc.getServiceReference(PacketIo.class);
                PacketIo io = r == null ? null : bc.getService(r);
                return io != null && io.interfaceByName("lanA").isEmpty();
            });
            rib.unregister();
        }
        List<Pcap.Frame> outA = Pcap.read(dir.resolve("lanA-out.pcap"));
        List<Pcap.Frame> outB = Pcap.read(dir.resolve("lanB-out.pcap"));
        List<byte[]> dataA = outA.stream().filter(Pcap.Frame::isIpv4).map(Pcap.Frame::ip)
                .filter(ip -> Ipv4Packets.protocol(ip) == Ipv4Packets.PROTO_UDP && Ipv4.format(Ipv4Packets.destination(ip)).equals(GROUP)).toList();
        long dataB = outB.stream().filter(Pcap.Frame::isIpv4).map(Pcap.Frame::ip).filter(ip -> Ipv4Packets.protocol(ip) == Ipv4Packets.PROTO_UDP).count();
        long queriesB = outB.stream().filter(Pcap.Frame::isIpv4).map(Pcap.Frame::ip).filter(ip -> Ipv4Packets.protocol(ip) == Ipv4Packets.PROTO_IGMP).count();
        System.out.printf("offline data plane: lanA got %d of %d data packets, lanB %d data packets and %d IGMP queries%n", dataA.size(), DATA, dataB, queriesB);
        assertEquals("every data packet forwarded to the member LAN", DATA, dataA.size());
        assertEquals("nothing forwarded to the LAN without members", 0, dataB);
        assertTrue("IGMP queried lanB through the data plane", queriesB > 0);
        assertEquals("TTL decremented", 7, Ipv4Packets.ttl(dataA.get(0)));
        byte[] first = outA.stream().filter(f -> f.isIpv4() && Ipv4Packets.protocol(f.ip()) == Ipv4Packets.PROTO_UDP).findFirst().orElseThrow().data();
        assertEquals("source MAC is lanA's", "02:00:00:00:31:01", mac(first, 6));
        assertEquals("destination MAC is the group's", "01:00:5e:05:00:01", mac(first, 0));
    }

    private static String mac(byte[] f, int off) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) sb.append(i == 0 ? "" : ":").append(String.format("%02x", f[off + i] & 0xFF));
        return sb.toString();
    }

    private static String gogo(Osgi osgi, String cmd) {
        try {
            return osgi.gogo(cmd).text();
        } catch (Exception e) {
            return cmd + ": " + e;
        }
    }
}
