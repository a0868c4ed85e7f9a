package org.openmgm.dataplane.pcap.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.spi.RpfRoute;

class KernelRibTest {

    static final class FakeIo implements PacketIo {
        final List<NetInterface> ifs = List.of(
                new NetInterface("r-eth1", 11, new byte[6], List.of(new NetInterface.InterfaceAddress(Ipv4.parse("198.18.1.1"), 24)), 1500, true, 1),
                new NetInterface("r-eth2", 12, new byte[6], List.of(new NetInterface.InterfaceAddress(Ipv4.parse("198.18.2.1"), 24)), 1500, true, 1));

        public List<NetInterface> interfaces() { return ifs; }
        public Optional<NetInterface> interfaceByName(String n) { return ifs.stream().filter(i -> i.name().equals(n)).findFirst(); }
        public Optional<NetInterface> interfaceByIndex(int x) { return ifs.stream().filter(i -> i.index() == x).findFirst(); }
        public void send(int ifIndex, byte[] ip) {}
    }

    // 198.18.1.0/24 dev r-eth1; 198.18.2.0/24 dev r-eth2; 198.18.9.0/24 via 198.18.2.7 dev r-eth2; default via 198.18.1.254; 10.0.0.0/8 dev other
    static final String PROC = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            r-eth1\t000112C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            r-eth2\t000212C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            r-eth2\t000912C6\t070212C6\t0003\t0\t0\t0\t00FFFFFF\t0\t0\t0
            r-eth1\t00000000\tFE0112C6\t0003\t0\t0\t0\t00000000\t0\t0\t0
            other\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0
            """;

    @Test
    void connectedSourceIsItsOwnUpstreamNeighbourAndGatewayRoutesUseTheGateway(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("route");
        Files.writeString(f, PROC);
        KernelRib rib = new KernelRib(new FakeIo(), List.of(), f, System::nanoTime);

        RpfRoute on = rib.lookup(Ipv4.parse("198.18.1.10")).orElseThrow();
        assertEquals(11, on.iface().ifIndex());
        assertEquals(Ipv4.parse("198.18.1.10"), on.upstreamNeighbor());
        assertEquals(24, Ipv4.prefixLength(on.route().mask()));

        RpfRoute via = rib.lookup(Ipv4.parse("198.18.9.3")).orElseThrow();
        assertEquals(12, via.iface().ifIndex());
        assertEquals(Ipv4.parse("198.18.2.7"), via.upstreamNeighbor());

        RpfRoute dflt = rib.lookup(Ipv4.parse("198.18.77.1")).orElseThrow();
        assertEquals(11, dflt.iface().ifIndex());
        assertEquals(Ipv4.parse("198.18.1.254"), dflt.upstreamNeighbor());
        assertEquals(0, dflt.route().mask());

        assertTrue(rib.lookup(Ipv4.parse("10.1.2.3")).isEmpty(), "routes via interfaces we do not serve are ignored");
    }

    @Test
    void staticRoutesFromConfigurationWinOnLongerOrEqualPrefix(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("route");
        Files.writeString(f, PROC);
        KernelRib rib = new KernelRib(new FakeIo(), List.of("198.18.5.0/24 via 198.18.1.2 dev r-eth1", "198.18.9.0/24 via 198.18.1.3"), f, System::nanoTime);
        RpfRoute r5 = rib.lookup(Ipv4.parse("198.18.5.9")).orElseThrow();
        assertEquals(11, r5.iface().ifIndex());
        assertEquals(Ipv4.parse("198.18.1.2"), r5.upstreamNeighbor());
        RpfRoute r9 = rib.lookup(Ipv4.parse("198.18.9.9")).orElseThrow();
        assertEquals(11, r9.iface().ifIndex(), "the static route's gateway is on r-eth1");
        assertEquals(KernelRib.PROTO_NETMGMT, r9.route().protocol());
    }

    @Test
    void malformedStaticRouteIsRejectedWithOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelRib.parseStatic("198.18.5.0/24 through x"));
        assertTrue(e.getMessage().contains("through"));
    }
}
