package org.openmgm.api.packet;

/**
 * A control packet handed to a protocol: the IPv4 packet (header included) as received on an
 * interface, and the Ethernet source MAC. The arrays belong to the receiver.
 */
public record ReceivedPacket(NetInterface iface, byte[] ip, byte[] sourceMac, long timestampNanos) {}
