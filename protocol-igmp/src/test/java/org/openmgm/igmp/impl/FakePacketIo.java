package org.openmgm.igmp.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.ReceivedPacket;

/** Interfaces r-eth1..N with 198.18.N.1/24; records sent packets. */
final class FakePacketIo implements PacketIo {
    record Sent(int ifIndex, byte[] packet) {}

    final List<NetInterface> ifs = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();

    FakePacketIo(int count) {
        for (int i = 1; i <= count; i++)
            ifs.add(new NetInterface("r-eth" + i, i, new byte[] {2, 0, 0, 0, 0, (byte) i},
                    List.of(new NetInterface.InterfaceAddress(Ipv4.parse("198.18." + i + ".1"), 24)), 1500, true, 1));
    }

    @Override
    public List<NetInterface> interfaces() {
        return ifs;
    }

    @Override
    public Optional<NetInterface> interfaceByName(String name) {
        return ifs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    @Override
    public Optional<NetInterface> interfaceByIndex(int index) {
        return ifs.stream().filter(i -> i.index() == index).findFirst();
    }

    @Override
    public synchronized void send(int ifIndex, byte[] ipPacket) {
        sent.add(new Sent(ifIndex, ipPacket));
    }

    synchronized List<Sent> sentOn(int ifIndex) {
        return sent.stream().filter(s -> s.ifIndex() == ifIndex).toList();
    }

    ReceivedPacket packet(int ifIndex, byte[] ip) {
        return new ReceivedPacket(interfaceByIndex(ifIndex).orElseThrow(), ip, new byte[6], 0);
    }
}
