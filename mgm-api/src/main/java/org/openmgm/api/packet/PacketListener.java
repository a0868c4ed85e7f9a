package org.openmgm.api.packet;

/**
 * Whiteboard service of a protocol bundle that wants control packets: the data plane hands it every
 * IPv4 packet whose protocol number equals the service property {@value #IP_PROTOCOL} (2 for IGMP and
 * DVMRP, 103 for PIM) and that is addressed to a multicast group or to one of the router's addresses.
 * Called on a data-plane thread that is not the capture loop; must not block for long.
 */
public interface PacketListener {
    /** Service property: the IP protocol number (integer). */
    String IP_PROTOCOL = "openmgm.ip.protocol";

    void received(ReceivedPacket packet);
}
