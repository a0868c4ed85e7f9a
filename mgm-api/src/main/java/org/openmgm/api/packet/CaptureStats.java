package org.openmgm.api.packet;

/**
 * What the capture on one interface has seen since it was opened, as libpcap's {@code pcap_stats} (or the
 * data plane's equivalent) reports it: frames delivered to the data plane, frames the kernel dropped
 * because the capture buffer was full, and frames the interface or driver dropped. Protocols show
 * {@code droppedByKernel} in their statistics: a control packet lost there never reached them.
 */
public record CaptureStats(long received, long droppedByKernel, long droppedByInterface) {

    public static final CaptureStats NONE = new CaptureStats(0, 0, 0);
}
