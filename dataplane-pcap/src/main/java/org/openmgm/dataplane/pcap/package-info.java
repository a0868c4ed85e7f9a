/**
 * OSGi face of the data plane: {@link org.openmgm.dataplane.pcap.PcapDataplaneComponent} publishes
 * {@link org.openmgm.api.packet.PacketIo} and {@link org.openmgm.api.spi.Forwarder} and collects
 * {@link org.openmgm.api.packet.PacketListener}s; {@link org.openmgm.dataplane.pcap.KernelRibComponent}
 * publishes the {@link org.openmgm.api.spi.MulticastRib} of kernel and static routes. Both are
 * configured with PID {@code org.openmgm.dataplane}. Nothing here is exported.
 */
package org.openmgm.dataplane.pcap;
