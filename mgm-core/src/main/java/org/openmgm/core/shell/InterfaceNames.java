package org.openmgm.core.shell;

import java.util.Optional;
import java.util.function.Supplier;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;

/**
 * Interface names for operators: the data plane's name when its {@link PacketIo} service is present
 * and serves the interface, else {@code if<N>}; and back, a name or {@code if<N>} to an ifIndex.
 */
final class InterfaceNames {
    private final Supplier<PacketIo> packetIo;

    InterfaceNames(Supplier<PacketIo> packetIo) {
        this.packetIo = packetIo;
    }

    String name(int ifIndex) {
        PacketIo io = packetIo.get();
        if (io != null) {
            try {
                Optional<NetInterface> n = io.interfaceByIndex(ifIndex);
                if (n.isPresent()) return n.get().name();
            } catch (RuntimeException dataPlaneGoingAway) {
                // fall through to the neutral name
            }
        }
        return "if" + ifIndex;
    }

    /** {@code eth1}, or {@code eth1/198.18.0.2} for a point-to-multipoint link. */
    String name(InterfaceKey key) {
        return key.nextHop() == 0 ? name(key.ifIndex()) : name(key.ifIndex()) + "/" + Ipv4.format(key.nextHop());
    }

    /** The ifIndex of {@code name} ({@code eth1}, or {@code if7}), or null if nobody knows it. */
    Integer index(String name) {
        PacketIo io = packetIo.get();
        if (io != null) {
            try {
                Optional<NetInterface> n = io.interfaceByName(name);
                if (n.isPresent()) return n.get().index();
            } catch (RuntimeException dataPlaneGoingAway) {
                // try the neutral form
            }
        }
        if (name.length() > 2 && name.startsWith("if") && name.substring(2).chars().allMatch(Character::isDigit) && name.length() < 12) {
            long v = Long.parseLong(name.substring(2));
            if (v > 0 && v <= Integer.MAX_VALUE) return (int) v;
        }
        return null;
    }
}
