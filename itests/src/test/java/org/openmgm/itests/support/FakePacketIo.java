package org.openmgm.itests.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.packet.ReceivedPacket;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A data plane without packets, published by the probe as {@link PacketIo}: a fixed set of named
 * interfaces (198.18.0.0/15 addresses), a record of every packet the protocols send, and
 * {@link #deliver}, which hands a packet to the whiteboard {@link PacketListener}s of its IP protocol
 * the way the real data plane does. Lets the protocol bundles run in the framework without root.
 */
public final class FakePacketIo implements PacketIo {
    private final BundleContext bc;
    private final Map<String, NetInterface> byName = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    /** A packet a protocol sent. */
    public record Sent(int ifIndex, byte[] ip) {
        public int protocol() {
            return Ipv4Packets.protocol(ip);
        }

        public int destination() {
            return Ipv4Packets.destination(ip);
        }
    }

    public FakePacketIo(BundleContext bc) {
        this.bc = bc;
    }

    private static FakePacketIo standard;

    /**
     * The interfaces every protocol test uses, published once per framework: lan1..lan3 (201..203,
     * 198.18.1-3.1/24), pim1, pim2 (211, 212, 198.18.11-12.1/24), dv1, dv2 (221, 222, 198.18.21-22.1/24).
     */
    public static synchronized FakePacketIo standard(BundleContext bc) {
        if (standard == null) {
            standard = new FakePacketIo(bc)
                    .add("lan1", 201, "198.18.1.1/24").add("lan2", 202, "198.18.2.1/24").add("lan3", 203, "198.18.3.1/24")
                    .add("pim1", 211, "198.18.11.1/24").add("pim2", 212, "198.18.12.1/24")
                    .add("dv1", 221, "198.18.21.1/24").add("dv2", 222, "198.18.22.1/24");
            bc.registerService(PacketIo.class, standard, null);
        }
        return standard;
    }

    /** Adds interface {@code name} with index {@code index} and address {@code cidr} (e.g. 198.18.1.1/24). */
    public FakePacketIo add(String name, int index, String cidr) {
        String[] p = cidr.split("/");
        byte[] mac = {0x02, 0x00, 0x5e, 0x10, (byte) (index >> 8), (byte) index};
        byName.put(name, new NetInterface(name, index, mac,
                List.of(new NetInterface.InterfaceAddress(Ipv4.parse(p[0]), Integer.parseInt(p[1]))), 1500, true, 1));
        return this;
    }

    @Override
    public List<NetInterface> interfaces() {
        return new ArrayList<>(byName.values());
    }

    @Override
    public Optional<NetInterface> interfaceByName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<NetInterface> interfaceByIndex(int index) {
        return byName.values().stream().filter(n -> n.index() == index).findFirst();
    }

    @Override
    public void send(int ifIndex, byte[] ipPacket) {
        sent.add(new Sent(ifIndex, ipPacket.clone()));
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Packets sent out of {@code ifIndex} with IP protocol {@code protocol}. */
    public List<Sent> sent(int ifIndex, int protocol) {
        return sent.stream().filter(s -> s.ifIndex == ifIndex && s.protocol() == protocol).toList();
    }

    public void clearSent() {
        sent.clear();
    }

    /** Hands {@code ip} (a full IPv4 packet) received on {@code ifName} to every listener of its IP protocol. */
    public int deliver(String ifName, byte[] ip) {
        NetInterface ni = byName.get(ifName);
        if (ni == null) throw new IllegalArgumentException("no interface " + ifName);
        int proto = Ipv4Packets.protocol(ip);
        int n = 0;
        try {
            ServiceReference<?>[] refs = bc.getServiceReferences(PacketListener.class.getName(), "(" + PacketListener.IP_PROTOCOL + "=" + proto + ")");
            if (refs == null) return 0;
            for (ServiceReference<?> r : refs) {
                PacketListener l = (PacketListener) bc.getService(r);
                if (l == null) continue;
                try {
                    l.received(new ReceivedPacket(ni, ip.clone(), new byte[] {0x02, 0, 0, 0, 0, 0x42}, System.nanoTime()));
                    n++;
                } finally {
                    bc.ungetService(r);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    /** An IGMPv2 Membership Report (type 0x16) for {@code group} from {@code host}, with Router Alert. */
    public static byte[] igmpV2Report(String host, String group) {
        return igmpV2(0x16, host, group, group);
    }

    /** An IGMPv2 Leave Group (type 0x17) for {@code group} from {@code host}, to 224.0.0.2. */
    public static byte[] igmpV2Leave(String host, String group) {
        return igmpV2(0x17, host, group, "224.0.0.2");
    }

    /** A PIMv2 Hello from {@code neighbor} with a Holdtime of 105 s, to ALL-PIM-ROUTERS. */
    public static byte[] pimHello(String neighbor) {
        byte[] pim = {0x20, 0, 0, 0, 0, 1, 0, 2, 0, 105, 0, 20, 0, 4, 0x12, 0x34, 0x56, 0x78};
        int c = Ipv4Packets.checksum(pim, 0, pim.length);
        pim[2] = (byte) (c >> 8);
        pim[3] = (byte) c;
        return Ipv4Packets.build(Ipv4.parse(neighbor), Ipv4.parse("224.0.0.13"), Ipv4Packets.PROTO_PIM, 1, 0xc0, false, pim);
    }

    /** A DVMRP Probe (IGMP type 0x13, code 1, version 3.255) from {@code neighbor} with generation id 0x1234, to 224.0.0.4. */
    public static byte[] dvmrpProbe(String neighbor, String... heard) {
        byte[] m = new byte[12 + 4 * heard.length];
        m[0] = 0x13;
        m[1] = 1;
        m[6] = (byte) 0xFF;
        m[7] = 3;
        Ipv4Packets.putInt(m, 8, 0x1234);
        for (int i = 0; i < heard.length; i++) Ipv4Packets.putInt(m, 12 + 4 * i, Ipv4.parse(heard[i]));
        int c = Ipv4Packets.checksum(m, 0, m.length);
        m[2] = (byte) (c >> 8);
        m[3] = (byte) c;
        return Ipv4Packets.build(Ipv4.parse(neighbor), Ipv4.parse("224.0.0.4"), Ipv4Packets.PROTO_IGMP, 1, 0xc0, false, m);
    }

    /** The PIM message type of a sent PIM packet (0 hello, 3 join/prune, ...), or -1. */
    public static int pimType(byte[] ip) {
        int hl = (ip[0] & 0x0F) * 4;
        return ip.length > hl && Ipv4Packets.protocol(ip) == Ipv4Packets.PROTO_PIM ? ip[hl] & 0x0F : -1;
    }

    private static byte[] igmpV2(int type, String host, String group, String destination) {
        byte[] igmp = new byte[8];
        igmp[0] = (byte) type;
        Ipv4Packets.putInt(igmp, 4, Ipv4.parse(group));
        int c = Ipv4Packets.checksum(igmp, 0, 8);
        igmp[2] = (byte) (c >> 8);
        igmp[3] = (byte) c;
        return Ipv4Packets.build(Ipv4.parse(host), Ipv4.parse(destination), Ipv4Packets.PROTO_IGMP, 1, 0xc0, true, igmp);
    }
}
