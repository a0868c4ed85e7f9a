package org.openmgm.api;

/** One membership record: who holds which key on which interface, and to whom it is attributed for alert counting. */
public record MembershipView(MembershipKey key, InterfaceKey iface, ProtocolId holder, ProtocolId attributedTo) {}
