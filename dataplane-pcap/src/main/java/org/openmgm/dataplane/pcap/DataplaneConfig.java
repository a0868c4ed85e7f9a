package org.openmgm.dataplane.pcap;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.openmgm.dataplane}. Besides these attributes, each interface may be
 * switched to offline mode with {@code offline.IF.read=/path.pcap} (replay the file as received traffic)
 * and/or {@code offline.IF.write=/path.pcap} (write every frame sent out of IF; "-" discards them), plus
 * {@code offline.IF.index}, {@code offline.IF.mac}, {@code offline.IF.address} (CIDR list),
 * {@code offline.IF.mtu} and {@code offline.IF.pace} (follow the file's timestamps, default true).
 */
@ObjectClassDefinition(id = "org.openmgm.dataplane", name = "OpenMGM data plane (libpcap)",
        description = "Interfaces served by the libpcap forwarding plane, capture parameters, queue sizes, TTL thresholds and static RPF routes.")
public @interface DataplaneConfig {
    @AttributeDefinition(description = "Names of the interfaces to serve, e.g. r-eth1")
    String[] interfaces() default {};

    @AttributeDefinition(description = "Capture length in bytes; longer frames are not forwarded")
    int snaplen() default 65535;

    @AttributeDefinition(description = "Kernel capture buffer per interface, bytes")
    int bufferSize() default 4194304;

    @AttributeDefinition(description = "Capture in promiscuous mode (a real NIC filters unjoined multicast otherwise)")
    boolean promiscuous() default true;

    @AttributeDefinition(description = "Packets queued per (S,G) while the MGM creates its MFE")
    int noCacheQueuePackets() default 16;

    @AttributeDefinition(description = "(S,G)s that may wait for an MFE at the same time")
    int noCacheQueueGroups() default 256;

    @AttributeDefinition(description = "Upcalls (no cache, wrong interface) waiting for the MGM before new ones are dropped")
    int upcallQueueSize() default 1024;

    @AttributeDefinition(description = "Control packets (IGMP, DVMRP, PIM) waiting for the protocols before new ones are dropped")
    int controlQueueSize() default 1024;

    @AttributeDefinition(description = "Per interface TTL threshold, IF=TTL: packets with a smaller TTL are not forwarded out of IF")
    String[] ttlThresholds() default {};

    @AttributeDefinition(description = "Period of the interface check (index, MAC, addresses, MTU, up/down), ms")
    int linkCheckMillis() default 2000;

    @AttributeDefinition(description = "How long first packets wait for an MFE before being dropped, ms")
    int pendingTimeoutMillis() default 3000;

    @AttributeDefinition(description = "Static RPF routes: 'PREFIX via GATEWAY [dev IF]' or 'PREFIX dev IF'")
    String[] staticRoutes() default {};

    @AttributeDefinition(description = "Microseconds a capture thread keeps polling libpcap before it sleeps (0: sleep at once; more: fewer wake-ups, more CPU)")
    int busyPollMicros() default 0;

    @AttributeDefinition(min = "0", description = "At most one wrong-interface upcall per MFE and arrival interface in this many ms (0: every packet); keep it at or below the core's wrongInterfaceIntervalMillis")
    int wrongInterfaceUpcallMillis() default 100;
}
