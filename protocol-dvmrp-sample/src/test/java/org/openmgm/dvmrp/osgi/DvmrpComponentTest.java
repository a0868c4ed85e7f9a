package org.openmgm.dvmrp.osgi;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.dvmrp.core.DvmrpRouter;
import org.openmgm.dvmrp.core.InjectedRoute;

class DvmrpComponentTest {

    /** A data plane whose interfaces a test can add. */
    static final class FakeIo implements PacketIo {
        final Map<String, NetInterface> ifs = new ConcurrentHashMap<>();

        void add(String name, int index, String address) {
            ifs.put(name, new NetInterface(name, index, new byte[6], List.of(new NetInterface.InterfaceAddress(Ipv4.parse(address), 24)), 1500, true, 1));
        }

        @Override public List<NetInterface> interfaces() { return List.copyOf(ifs.values()); }
        @Override public Optional<NetInterface> interfaceByName(String name) { return Optional.ofNullable(ifs.get(name)); }
        @Override public Optional<NetInterface> interfaceByIndex(int index) { return ifs.values().stream().filter(n -> n.index() == index).findFirst(); }
        @Override public void send(int ifIndex, byte[] ipPacket) { }
    }

    /** The configuration annotation as Configuration Admin would give it: these values, else the defaults. */
    static DvmrpSettings settings(Map<String, Object> values) {
        return (DvmrpSettings) Proxy.newProxyInstance(DvmrpSettings.class.getClassLoader(), new Class<?>[] {DvmrpSettings.class}, (p, m, a) -> {
            if (values.containsKey(m.getName())) return values.get(m.getName());
            if (m.getDefaultValue() != null) return m.getDefaultValue();
            return switch (m.getName()) {
                case "annotationType" -> DvmrpSettings.class;
                case "hashCode" -> 0;
                case "toString" -> "settings";
                default -> null;
            };
        });
    }

    @Test
    void interfaceListsAreReadInEveryFormACfgFileGives() {
        assertEquals(List.of("r-eth1", "r-eth2"), DvmrpComponent.names(new String[] {"r-eth1", "r-eth2"}));
        assertEquals(List.of("r-eth1", "r-eth2"), DvmrpComponent.names(new String[] {"[ \"r-eth1\", \"r-eth2\" ]"}));
        assertEquals(List.of("r-eth1", "r-eth2"), DvmrpComponent.names(new String[] {"r-eth1, r-eth2"}));
        assertEquals(List.of(), DvmrpComponent.names(null));
    }

    @Test
    void configuredMetricAndInterfaceComeFromTheDataPlaneView() {
        FakeIo io = new FakeIo();
        io.add("r-eth1", 7, "198.18.5.1");
        var c = DvmrpComponent.map(io, settings(Map.of("interfaces", new String[] {"r-eth1"}, "metrics", new String[] {"r-eth1=4"})), "r-eth1");
        assertEquals(7, c.ifIndex());
        assertEquals(Ipv4.parse("198.18.5.1"), c.address());
        assertEquals(4, c.metric());
        assertNull(DvmrpComponent.map(io, settings(Map.of()), "absent"));
    }

    @Test
    void anInterfaceThatAppearsLaterIsTakenOnTheNextRetry() {
        ManualScheduler clock = new ManualScheduler();
        FakeIo io = new FakeIo();
        io.add("r-eth1", 1, "198.18.5.1");
        try (MgmEngine engine = new MgmEngine(MgmConfig.defaults(), clock)) {
            DvmrpComponent c = new DvmrpComponent(io, clock, engine, settings(Map.of("interfaces", new String[] {"r-eth1", "r-eth2"})));
            ProtocolHandle h = engine.register(DvmrpRouter.PROTOCOL_ID, 1, "dvmrp", c);
            c.registered(h);
            assertEquals(new ProtocolId(DvmrpRouter.PROTOCOL_ID, 1), engine.protocolOnInterface(InterfaceKey.of(1)));
            assertEquals(1, c.router().routes().size());
            io.add("r-eth2", 2, "198.18.6.1");
            clock.advanceSeconds(DvmrpComponent.RETRY_SECONDS);
            assertEquals(new ProtocolId(DvmrpRouter.PROTOCOL_ID, 1), engine.protocolOnInterface(InterfaceKey.of(2)));
            assertTrue(c.router().routes().stream().anyMatch(r -> r.network().equals("198.18.6.0/24") && r.state().equals("local")));
            c.deactivate();
        }
    }

    @Test
    void injectRoutesAreReadInEveryFormIncludingTheDefaultRoute() {
        List<InjectedRoute> want = List.of(new InjectedRoute(Ipv4.parse("198.18.0.0"), 15), new InjectedRoute(0, 0), new InjectedRoute(Ipv4.parse("198.19.7.10"), 32));
        assertEquals(want, DvmrpComponent.injectRoutes(new String[] {"198.18.0.0/15", "0.0.0.0/0", "198.19.7.10/32"}));
        assertEquals(want, DvmrpComponent.injectRoutes(new String[] {"[ \"198.18.0.0/15\", \"0.0.0.0/0\", \"198.19.7.10/32\" ]"}));
        assertEquals(want, DvmrpComponent.injectRoutes(new String[] {" 198.18.0.0/15 , 0.0.0.0/0,198.19.7.10/32"}));
        assertEquals(List.of(), DvmrpComponent.injectRoutes(null));
        assertEquals(List.of(), DvmrpComponent.injectRoutes(new String[0]));
    }

    @Test
    void badInjectRoutesAreRejectedNamingTheKeyAndTheValue() {
        for (String bad : List.of("198.18.0.0", "198.18.0.0/", "/15", "198.18.0.1/15", "198.18.0.0/33", "198.18.0.0/-1", "198.18.0.0/x",
                "198.18.0/15", "198.18.0.256/32", "198.18.0.0/15/1", "0.0.0.0/4")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DvmrpComponent.injectRoutes(new String[] {"198.19.0.0/16", bad}), bad);
            assertTrue(e.getMessage().startsWith("injectRoutes: "), e.getMessage());
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DvmrpComponent.injectRoutes(new String[] {"198.18.0.1/15"}))
                .getMessage().contains("host bits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DvmrpComponent.injectRoutes(new String[] {"198.18.0.0/33"}))
                .getMessage().contains("prefix length"));
    }

    /** Without earlier accepted settings the component refuses to start with a bad injectRoutes or injectMetric; good ones are injected. */
    @Test
    void componentRejectsBadInjectionSettingsAndInjectsGoodOnes() {
        ManualScheduler clock = new ManualScheduler();
        FakeIo io = new FakeIo();
        io.add("r-eth1", 1, "198.18.5.1");
        try (MgmEngine engine = new MgmEngine(MgmConfig.defaults(), clock)) {
            for (int metric : new int[] {0, 32, -1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DvmrpComponent(io, clock, engine,
                        settings(Map.of("interfaces", new String[] {"r-eth1"}, "injectRoutes", new String[] {"198.18.0.0/15"}, "injectMetric", metric))));
                assertTrue(e.getMessage().contains("injectMetric") && e.getMessage().contains(String.valueOf(metric)), e.getMessage());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DvmrpComponent(io, clock, engine,
                    settings(Map.of("interfaces", new String[] {"r-eth1"}, "injectRoutes", new String[] {"198.18.0.0/14"}))));
            assertEquals("injectRoutes: host bits set in 198.18.0.0/14 (the network is 198.16.0.0/14) in \"198.18.0.0/14\"", e.getMessage());

            DvmrpComponent c = new DvmrpComponent(io, clock, engine,
                    settings(Map.of("interfaces", new String[] {"r-eth1"}, "injectRoutes", new String[] {"[ \"198.18.0.0/15\", \"0.0.0.0/0\" ]"}, "injectMetric", 7)));
            assertEquals(List.of(InjectedRoute.parse("198.18.0.0/15"), InjectedRoute.parse("0.0.0.0/0")), c.router().config().injectRoutes());
            c.registered(engine.register(DvmrpRouter.PROTOCOL_ID, 1, "dvmrp", c));
            var injected = c.router().routes().stream().filter(r -> r.state().equals("injected")).toList();
            assertEquals(List.of("0.0.0.0/0", "198.18.0.0/15"), injected.stream().map(r -> r.network()).sorted().toList());
            assertTrue(injected.stream().allMatch(r -> r.metric() == 7));
            assertTrue(c.lookup(Ipv4.parse("198.19.7.10")).isEmpty(), "the component's MulticastRib does not publish them");
            c.deactivate();
        }
    }

    /** A configuration change with a bad value re-creates the component with the settings accepted last. */
    @Test
    void aBadChangeKeepsTheSettingsAcceptedLast() {
        ManualScheduler clock = new ManualScheduler();
        FakeIo io = new FakeIo();
        io.add("r-eth1", 1, "198.18.5.1");
        io.add("r-eth2", 2, "198.18.6.1");
        try (MgmEngine engine = new MgmEngine(MgmConfig.defaults(), clock)) {
            Map<String, Object> good = Map.of("interfaces", new String[] {"r-eth1"}, "injectMetric", 3, "felix.fileinstall.filename", "etc/org.openmgm.dvmrp.cfg");
            DvmrpComponent first = new DvmrpComponent(io, clock, engine, settings(good), good);
            assertEquals(3, first.router().config().injectMetric());
            first.deactivate();
            Map<String, Object> bad = Map.of("interfaces", new String[] {"r-eth2"}, "injectMetric", 0, "felix.fileinstall.filename", "etc/org.openmgm.dvmrp.cfg");
            DvmrpComponent second = new DvmrpComponent(io, clock, engine, settings(bad), bad);
            assertEquals(3, second.router().config().injectMetric(), "the previous settings stay in force");
            assertEquals(List.of("r-eth1"), second.router().config().interfaces().stream().map(i -> i.name()).toList());
            second.deactivate();
        }
    }
}
