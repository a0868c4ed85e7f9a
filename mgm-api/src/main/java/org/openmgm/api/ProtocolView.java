package org.openmgm.api;

import java.util.List;

/** A registered protocol as the MGM sees it; {@code callbackFaults} counts its callbacks that threw. */
public record ProtocolView(ProtocolId id, String name, boolean igmp, List<InterfaceKey> interfaces, long callbackFaults) {}
