package org.openmgm.api.packet;

import java.util.List;
import java.util.Optional;

/**
 * The data plane's interfaces and transmit path for protocols, published as an OSGi service.
 */
public interface PacketIo {

    /** The interfaces the data plane serves (from its configuration), with the OS's current view. */
    List<NetInterface> interfaces();

    Optional<NetInterface> interfaceByName(String name);

    Optional<NetInterface> interfaceByIndex(int index);

    /**
     * Sends a complete IPv4 packet (header included, checksum valid) out of {@code ifIndex}. The
     * Ethernet destination is derived from the IP destination for multicast, and resolved for unicast
     * destinations on the link. Throws {@link java.io.UncheckedIOException} if the frame cannot be sent.
     */
    void send(int ifIndex, byte[] ipPacket);

    /**
     * The capture figures of {@code ifIndex} ({@link CaptureStats#NONE} when it is not served or the data
     * plane cannot tell), so a protocol can report control packets lost before they reached it.
     */
    default CaptureStats captureStats(int ifIndex) {
        return CaptureStats.NONE;
    }
}
