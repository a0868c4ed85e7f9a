package org.openmgm.dataplane.pcap.ffm;

/** A libpcap call failed; the message carries libpcap's error text. */
public class PcapException extends RuntimeException {
    public PcapException(String message) {
        super(message);
    }
}
