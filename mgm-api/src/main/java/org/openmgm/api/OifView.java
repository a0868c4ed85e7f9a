package org.openmgm.api;

/** An outgoing interface of an MFE with the protocol that owns it (IGMP for IGMP-only interfaces). */
public record OifView(InterfaceKey iface, ProtocolId owner) {}
