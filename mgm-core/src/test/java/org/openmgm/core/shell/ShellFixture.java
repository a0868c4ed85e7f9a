package org.openmgm.core.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.testing.InMemoryForwarder;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.api.testing.StaticRib;
import org.openmgm.core.MgmComponent;
import org.openmgm.core.MgmEngine;

/**
 * A real MGM (through its OSGi component class) with: "pim" (103/0) owning eth3, the RPF interface
 * towards 198.18.0.0/24 (neighbour 198.18.3.3); "igmp" (10/0) owning eth1 with a (*,239.1.1.1) member;
 * one MFE (198.18.0.1, 239.1.1.1) that forwarded 2 packets of 100 bytes; the static client; a data plane
 * that names ifIndex 1 eth1 and 3 eth3 (others stay if&lt;N&gt;).
 */
abstract class ShellFixture {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int G = Ipv4.parse("239.1.1.1");
    static final int S = Ipv4.parse("198.18.0.1");
    static final SourceGroup SG = new SourceGroup(S, G);
    static final InterfaceKey ETH1 = InterfaceKey.of(1);
    static final InterfaceKey ETH3 = InterfaceKey.of(3);

    ManualScheduler scheduler;
    InMemoryForwarder forwarder;
    MgmComponent mgm;
    MgmEngine engine;
    ProtocolHandle pim;
    ProtocolHandle igmp;
    final Map<String, Object> saved = new HashMap<>();
    StaticMemberships statics;
    MgmCommands commands;

    @BeforeEach
    void setUpShell() {
        scheduler = new ManualScheduler();
        mgm = new MgmComponent(scheduler, Map.of());
        engine = mgm.engine();
        forwarder = new InMemoryForwarder();
        engine.setForwarder(forwarder);
        engine.addRib(new StaticRib(3).route(Ipv4.parse("198.18.0.0"), 24, ETH3, Ipv4.parse("198.18.3.3")), 0);
        pim = mgm.register(103, 0, "pim", new MgmProtocol() {});
        pim.takeInterface(ETH3);
        igmp = mgm.register(MgmConstants.PROTO_IP_IGMP, 0, "igmp", new MgmProtocol() {});
        igmp.takeInterface(ETH1);
        igmp.addMembership(MembershipKey.anySource(G), ETH1, MgmConstants.MGM_JOIN_STATE_FLAG);
        forwarder.packet(SG, ETH3, 100);
        forwarder.packet(SG, ETH3, 100);
        statics = new StaticMemberships(mgm, scheduler, (pid, key, value) -> saved.put(pid + "/" + key, value), Map.of());
        commands = new MgmCommands(mgm, statics);
        PacketIo io = new NamingPacketIo(Map.of(1, "eth1", 3, "eth3"));
        commands.bindPacketIo(io);
        statics.bindPacketIo(io);
    }

    static JsonNode parse(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    static Set<String> fields(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    static Set<String> set(String... names) {
        return new TreeSet<>(List.of(names));
    }

    /** A data plane that only names interfaces. */
    record NamingPacketIo(Map<Integer, String> byIndex) implements PacketIo {
        @Override
        public List<NetInterface> interfaces() {
            List<NetInterface> out = new ArrayList<>();
            byIndex.forEach((i, n) -> out.add(new NetInterface(n, i, new byte[6], List.of(), 1500, true, 1)));
            return out;
        }

        @Override
        public Optional<NetInterface> interfaceByName(String name) {
            return interfaces().stream().filter(n -> n.name().equals(name)).findFirst();
        }

        @Override
        public Optional<NetInterface> interfaceByIndex(int index) {
            return interfaces().stream().filter(n -> n.index() == index).findFirst();
        }

        @Override
        public void send(int ifIndex, byte[] ipPacket) {
            throw new UnsupportedOperationException("naming only");
        }
    }
}
