package org.openmgm.api;

/** MIB_IPMCAST_OIF_STATS. */
public record OifStats(InterfaceKey iface, long ttlTooLow, long fragNeeded, long outPackets, long outDiscards) {}
