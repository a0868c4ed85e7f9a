/**
 * The data plane itself, independent of OSGi: {@link org.openmgm.dataplane.pcap.engine.Dataplane}
 * (ports, capture threads, upcalls, control-packet dispatch, PacketIo and Forwarder),
 * {@link org.openmgm.dataplane.pcap.engine.FastPath} (the per-packet forwarding path),
 * {@link org.openmgm.dataplane.pcap.engine.ForwardingTable} (the lock-free view it reads) and
 * {@link org.openmgm.dataplane.pcap.engine.KernelRib} (RPF routes from /proc/net/route and configuration).
 */
package org.openmgm.dataplane.pcap.engine;
