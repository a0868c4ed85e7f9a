package org.openmgm.api;

/** An interface known to the MGM: its routing owner (or null), whether IGMP runs on it, and its state. */
public record InterfaceView(InterfaceKey iface, ProtocolId routingOwner, ProtocolId igmp, boolean igmpEnabled, int memberships) {}
