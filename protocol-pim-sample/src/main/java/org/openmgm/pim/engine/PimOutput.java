package org.openmgm.pim.engine;

/** Where the protocol logic sends packets; the bundle maps it to PacketIo and the raw PIM socket. */
public interface PimOutput {
    /** A PIM message to ALL-PIM-ROUTERS (224.0.0.13, TTL 1) out of {@code ifIndex}, from {@code source}. */
    void multicast(int ifIndex, int source, byte[] pim);

    /** A unicast PIM message (Register, Register-Stop), routed by the kernel. */
    void unicast(int source, int destination, byte[] pim);

    /** A complete IPv4 data packet (decapsulated at the RP) out of {@code ifIndex}. */
    void data(int ifIndex, byte[] ipPacket);

    /**
     * The interfaces whose directly connected sources this router registers (Register Join state)
     * changed: the bundle taps data packets there and feeds them to {@link PimRouter#dataPacket}.
     */
    default void registerInterfaces(java.util.Set<Integer> ifIndexes) {}
}
